// Runs the netlink adapter inside a network namespace for test/net/netlink-*.test.ts (a netlink
// socket belongs to the netns of the process that opens it). Speaks JSON lines:
//   stdin:  {"id":1,"op":"execute","effect":{...}} | {"id":2,"op":"block","ms":1500} | {"id":3,"op":"close"}
//           ("block" answers at once, then stalls the event loop for ms)
//   stdout: {"type":"event","event":{...}} | {"type":"result","id":1,"ok":true} |
//           {"type":"result","id":1,"ok":false,"code":"EEXIST","message":"..."} | {"type":"resync","reason":"ENOBUFS"}
// Env NETLINK_CHILD_RCVBUF sets the notification socket's SO_RCVBUF (to provoke ENOBUFS).
import { createInterface } from 'node:readline';
import type { Effect } from '../../core/events/index.js';
import { netlinkExecutor } from '../../adapters/netlink/executor.js';
import { linkAddressEvents } from '../../adapters/netlink/link-address-source.js';
import { errorName } from '../../adapters/runtime/executors.js';

interface Command {
  readonly id: number;
  readonly op: 'execute' | 'block' | 'close';
  readonly effect?: Effect;
  readonly ms?: number;
}

const print = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const rcvbuf = process.env['NETLINK_CHILD_RCVBUF'];
const executor = netlinkExecutor();
const subscription = linkAddressEvents({
  ...(rcvbuf === undefined ? {} : { receiveBufferBytes: Number(rcvbuf) }),
  onResync: (reason) => {
    print({ type: 'resync', reason });
  },
}).subscribe({
  next: (event) => {
    print({ type: 'event', event });
  },
  error: (err: unknown) => {
    print({ type: 'error', message: String(err) });
  },
});

async function run(command: Command): Promise<void> {
  switch (command.op) {
    case 'execute':
      if (command.effect === undefined) throw new Error('execute without an effect');
      try {
        await executor.execute(command.effect);
        print({ type: 'result', id: command.id, ok: true });
      } catch (err) {
        print({ type: 'result', id: command.id, ok: false, code: errorName(err), message: String(err) });
      }
      return;
    case 'block':
      // Answers first (stdout to a pipe is synchronous), then sleeps the whole thread: whatever the
      // test changes meanwhile piles up as notifications in the socket's receive buffer.
      print({ type: 'result', id: command.id, ok: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, command.ms ?? 0);
      return;
    case 'close':
      subscription.unsubscribe();
      executor.close();
      print({ type: 'result', id: command.id, ok: true });
      return;
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  void run(JSON.parse(line) as Command);
});
