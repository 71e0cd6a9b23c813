// What runs on the checker thread: the `check:` timers and the probes, nothing else. It keeps no
// decision: the reducer on the main thread arms the timers and asks for the probes; this side
// reports when a timer is due and what a probe found.
import type { MessagePort } from 'node:worker_threads';
import type { Event } from '../../core/events/index.js';
import { systemClock } from '../runtime/clock.js';
import { TimerService } from '../runtime/timers.js';
import { checkerExecutor } from './executor.js';
import { checkTargets } from './lookup.js';
import type { CheckTarget } from './target.js';
import { CHECKER_THREAD_READY, type FromCheckerThread, type ToCheckerThread } from './thread-messages.js';

export function runCheckerThread(port: MessagePort): void {
  let targets = new Map<string, CheckTarget>();
  // Events go back once per turn of this thread's loop, as one message: a message per event would
  // cost the main thread more than the event itself.
  let outbox: FromCheckerThread[] = [];
  let flush: NodeJS.Immediate | undefined;
  const send = (): void => {
    flush = undefined;
    const batch = outbox;
    outbox = [];
    port.postMessage(batch);
  };
  const emit = (event: Event): void => {
    if (event.kind !== 'TimerFired' && event.kind !== 'CheckResult') return;
    outbox.push(event);
    flush ??= setImmediate(send);
  };
  const timers = new TimerService(systemClock, (timer) => {
    emit({ kind: 'TimerFired', timer });
  });
  const probes = checkerExecutor({ emit, lookup: (id) => targets.get(id) });
  // The main side closed the channel (stop, in-process): nothing may fire or probe any more.
  port.on('close', () => {
    timers.cancelAll();
    probes.stop();
    if (flush !== undefined) clearImmediate(flush);
  });
  port.on('message', (batch: readonly ToCheckerThread[]) => {
    for (const m of batch) {
      switch (m.kind) {
        case 'UseConfig':
          targets = m.config === undefined ? new Map<string, CheckTarget>() : checkTargets(m.config);
          break;
        case 'RunCheck':
          void probes.execute(m);
          break;
        case 'ScheduleTimer':
          timers.schedule(m.timer, m.atMicros);
          break;
        case 'CancelTimer':
          timers.cancel(m.timer);
          break;
      }
    }
  });
  port.postMessage(CHECKER_THREAD_READY);
}
