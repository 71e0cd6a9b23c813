// The SendMail executor: one mail at a time per executor, in the order the reducer asked (keepalived
// opens a connection per alert at once; one at a time keeps a slow or dead smtp_server from piling up
// sockets). Sending is all I/O on the event loop, so nothing else waits for a mail. A failed mail
// rejects its own promise, which the pipeline turns into EffectResult { ok: false, error }.
import type { Effect, SendMail } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import { sendMail } from './client.js';

export interface MailExecutorOptions {
  /** How one mail goes out (tests, or another transport); default: sendMail on node:net. */
  readonly send?: (mail: SendMail) => Promise<void>;
  /** The wall clock for the Date header (when `send` is the default). */
  readonly now?: () => Date;
  /**
   * Mails waiting or in flight beyond which a new one fails at once ("SMTP: queue full"): against a
   * dead or stalling server each mail takes at least one smtp_connect_timeout, so a flapping
   * instance could otherwise queue mails without bound. Default 100.
   */
  readonly maxQueued?: number;
}

export function mailExecutor(options: MailExecutorOptions = {}): EffectExecutor {
  const now = options.now;
  const send = options.send ?? ((mail: SendMail) => sendMail(mail, now === undefined ? {} : { now }));
  const maxQueued = options.maxQueued ?? 100;
  let tail: Promise<void> = Promise.resolve();
  let queued = 0;
  return {
    kinds: ['SendMail'],
    execute(effect: Effect): Promise<void> | undefined {
      if (effect.kind !== 'SendMail') return undefined;
      if (queued >= maxQueued) return Promise.reject(new Error('SMTP: queue full'));
      queued += 1;
      const run = tail.then(() => send(effect)).finally(() => {
        queued -= 1;
      });
      // The next mail waits for this one, whatever its outcome.
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
  };
}
