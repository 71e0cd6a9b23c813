// WriteFifo effects (keepalived notify_fifo / vrrp_notify_fifo): one line per write, never blocking
// the daemon. With no reader on the FIFO (ENXIO) or a full pipe (EAGAIN) the line is dropped, as
// keepalived drops it.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Effect } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';

const DROPPED = new Set(['ENXIO', 'EAGAIN']);

export function writeFifoLine(path: string, line: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND);
  } catch (err) {
    if (DROPPED.has((err as NodeJS.ErrnoException).code ?? '')) return;
    throw err;
  }
  try {
    writeSync(fd, line);
  } catch (err) {
    if (!DROPPED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    closeSync(fd);
  }
}

export function fifoExecutor(): EffectExecutor {
  return {
    kinds: ['WriteFifo'],
    execute(effect: Effect) {
      if (effect.kind === 'WriteFifo') writeFifoLine(effect.path, effect.line);
    },
  };
}
