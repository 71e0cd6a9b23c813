// WriteFifo effects (keepalived notify_fifo / vrrp_notify_fifo / lvs_notify_fifo): one line per
// write, never blocking the daemon. As keepalived (vrrp_notify.c notify_fifo), lines go to the
// FIFOs openNotifyFifos holds open (O_RDWR, non-blocking): a line written while the script is not
// reading waits in the pipe; with the pipe full (EAGAIN) it is dropped; a path the daemon does not
// hold (not configured, or refused at start) gets nothing. Without held FIFOs (tests, tools), each
// line opens the path write-only and non-blocking; with no reader (ENXIO) it is dropped.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Effect } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import type { FifoWriters } from './fifos.js';

const DROPPED = new Set(['ENXIO', 'EAGAIN']);

function dropped(err: unknown): boolean {
  return DROPPED.has((err as NodeJS.ErrnoException).code ?? '');
}

/** One line through a descriptor held open; a full pipe drops it. */
export function writeHeldFifo(fd: number, line: string): void {
  try {
    writeSync(fd, line);
  } catch (err) {
    if (!dropped(err)) throw err;
  }
}

export function writeFifoLine(path: string, line: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND);
  } catch (err) {
    if (dropped(err)) return;
    throw err;
  }
  try {
    writeHeldFifo(fd, line);
  } finally {
    closeSync(fd);
  }
}

/** With `fifos` (what openNotifyFifos returned), lines go only to the FIFOs it holds. */
export function fifoExecutor(fifos?: FifoWriters): EffectExecutor {
  return {
    kinds: ['WriteFifo'],
    execute(effect: Effect) {
      if (effect.kind !== 'WriteFifo') return;
      if (fifos === undefined) {
        writeFifoLine(effect.path, effect.line);
        return;
      }
      const fd = fifos.writerFor(effect.path);
      if (fd !== undefined) writeHeldFifo(fd, effect.line);
    },
  };
}
