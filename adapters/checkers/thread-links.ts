// The two ways to reach the checker thread's body (thread-body.ts): a Worker, or the same body on
// this thread over a MessageChannel (tests, and the fallback when no Worker can start).
//
// The Worker's entry is this very module (in the esbuild bundle, the bundle holding it): loaded
// with CHECKER_THREAD_MARK as its workerData, it runs the body. So the bundle needs no second entry
// point. Run from the TypeScript sources (tests; bin/vigil without dist/), the Worker first
// registers tsx, whose loader Node 20 does not carry into workers.
import { isMainThread, MessageChannel, parentPort, Worker, workerData } from 'node:worker_threads';
import { runCheckerThread } from './thread-body.js';
import { CHECKER_THREAD_MARK, CHECKER_THREAD_READY, type FromCheckerThread, type ToCheckerThread } from './thread-messages.js';

if (!isMainThread && workerData === CHECKER_THREAD_MARK && parentPort !== null) runCheckerThread(parentPort);

/** One end of the conversation with a body. */
export interface Link {
  post(batch: readonly ToCheckerThread[]): void;
  close(): Promise<void>;
}

export interface LinkEvents {
  readonly receive: (batch: readonly FromCheckerThread[]) => void;
  /** The thread failed or exited after it was ready. */
  readonly died: (reason: string) => void;
  /** The thread failed before it was ready: its entry could not load. */
  readonly cannotStart: (reason: string) => void;
}

function entry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL(import.meta.url);
  const bootstrap = `const tsx = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
tsx.register();
await import(${JSON.stringify(import.meta.url)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/** A Worker running the body. It does not keep the process alive. */
export function workerLink(events: LinkEvents): Link {
  const worker = new Worker(entry(), { workerData: CHECKER_THREAD_MARK });
  worker.unref();
  let ready = false;
  let over = false;
  const end = (reason: string): void => {
    if (over) return;
    over = true;
    if (ready) events.died(reason);
    else events.cannotStart(reason);
  };
  worker.on('message', (m: readonly FromCheckerThread[] | typeof CHECKER_THREAD_READY) => {
    if (m === CHECKER_THREAD_READY) ready = true;
    else if (!over) events.receive(m);
  });
  // Decided at 'exit', not at 'error': Node drains the worker's messages before it emits 'exit',
  // so a READY the thread posted before it failed has been seen by then. Deciding at 'error'
  // raced with that message and called a thread that had run "cannot start".
  let failure: string | undefined;
  worker.on('error', (err: Error) => {
    failure = `failed: ${err.message}`;
  });
  worker.on('exit', (code) => {
    end(failure ?? `exited with code ${code}`);
  });
  return {
    post: (batch) => {
      if (!over) worker.postMessage(batch);
    },
    close: async () => {
      over = true;
      await worker.terminate();
    },
  };
}

/** The body on this thread, over a MessageChannel: the same messages, the same batching. */
export function inProcessLink(events: LinkEvents): Link {
  const { port1, port2 } = new MessageChannel();
  runCheckerThread(port2);
  port1.on('message', (m: readonly FromCheckerThread[] | typeof CHECKER_THREAD_READY) => {
    if (m !== CHECKER_THREAD_READY) events.receive(m);
  });
  port1.unref();
  port2.unref();
  return {
    post: (batch) => {
      port1.postMessage(batch);
    },
    close: () => {
      port1.close();
      return Promise.resolve();
    },
  };
}
