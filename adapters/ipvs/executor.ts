// The EffectExecutor for the IPVS effects. Effects run one at a time in the order the reducer
// emitted them: a destination must not be added before its service, and a flush must not overtake
// the adds before it. A failed command rejects with the errno name in `code`, which the pipeline
// journals as EffectResult { ok: false, error: 'EEXIST' }. ReadIpvsTable answers with an
// IpvsTableRead event instead (ok: false and the errno name when the dump failed) and never
// rejects, so its outcome is journaled once.
import type { Effect, Event } from '../../core/events/index.js';
import { errorName, type EffectExecutor } from '../runtime/executors.js';
import { IpvsClient } from './client.js';
import { IpvsError } from './errors.js';

/** What the executor needs of a client (IpvsClient; a fake in the unit tests). */
export type IpvsTable = Pick<
  IpvsClient,
  'addService' | 'updateService' | 'deleteService' | 'addDest' | 'updateDest' | 'deleteDest' | 'flush' | 'readTable' | 'close'
>;

export interface IpvsExecutorOptions {
  readonly emit: (event: Event) => void;
  /**
   * Opens the client, on the first effect. When it fails (no IPVS: ENOENT) that effect fails with
   * the reason and the next effect tries again, so loading ip_vs later needs no restart.
   */
  readonly open?: () => Promise<IpvsTable>;
  /** Per-request timeout of the default client (IpvsClient's default otherwise). */
  readonly timeoutMs?: number;
}

export interface IpvsExecutor extends EffectExecutor {
  /** Resolves when the effect is done; rejects with an IpvsError (errno name in `code`). */
  execute(effect: Effect): Promise<void>;
  /** Waits for the effects already queued, then closes the socket; later effects reject (EBADF). */
  close(): Promise<void>;
}

const KINDS = [
  'IpvsAddService',
  'IpvsUpdateService',
  'IpvsDeleteService',
  'IpvsAddDest',
  'IpvsUpdateDest',
  'IpvsDeleteDest',
  'IpvsFlush',
  'ReadIpvsTable',
] as const satisfies readonly Effect['kind'][];

export function ipvsExecutor(options: IpvsExecutorOptions): IpvsExecutor {
  const open = options.open ?? (() => IpvsClient.open(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }));
  let client: IpvsTable | undefined;
  let closed = false;
  // The FIFO: each effect starts when the one before it has settled, whatever its outcome.
  let tail: Promise<void> = Promise.resolve();

  const connected = async (): Promise<IpvsTable> => {
    client ??= await open();
    return client;
  };

  async function run(effect: Effect): Promise<void> {
    switch (effect.kind) {
      case 'IpvsAddService':
        return (await connected()).addService(effect.service);
      case 'IpvsUpdateService':
        return (await connected()).updateService(effect.service);
      case 'IpvsDeleteService':
        return (await connected()).deleteService(effect.key);
      case 'IpvsAddDest':
        return (await connected()).addDest(effect.service, effect.dest);
      case 'IpvsUpdateDest':
        return (await connected()).updateDest(effect.service, effect.dest);
      case 'IpvsDeleteDest':
        return (await connected()).deleteDest(effect.service, effect.dest);
      case 'IpvsFlush':
        return (await connected()).flush();
      case 'ReadIpvsTable': {
        let event: Event;
        try {
          const services = await (await connected()).readTable();
          event = { kind: 'IpvsTableRead', services, ok: true, error: '' };
        } catch (err) {
          event = { kind: 'IpvsTableRead', services: [], ok: false, error: errorName(err) };
        }
        options.emit(event);
        return;
      }
      default:
        return; // not an IPVS effect: the pipeline routes only KINDS here
    }
  }

  return {
    kinds: KINDS,
    execute(effect: Effect): Promise<void> {
      if (closed) return Promise.reject(new IpvsError('EBADF', `IPVS executor is closed; ${effect.kind} not sent`));
      const done = tail.then(() => run(effect));
      tail = done.then(
        () => undefined,
        () => undefined,
      );
      return done;
    },
    async close() {
      closed = true;
      await tail;
      client?.close();
      client = undefined;
    },
  };
}
