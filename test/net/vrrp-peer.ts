// A Vigil VRRP endpoint for the network tests, run inside a namespace (`ip netns exec NS node
// --import tsx test/net/vrrp-peer.ts JSON`). It uses adapters/vrrp-net exactly as the daemon does:
//   {"op":"listen","config":TEXT}  receive sockets for the config's instances; one JSON line per
//                                  AdvertReceived (payload as hex) after a {"ready":true} line.
//   {"op":"execute","effects":[…]} runs SendAdvert (message as hex) / SendGratuitousArp /
//                                  SendUnsolicitedNa effects in order; {"done":N} or {"error":CODE}.
import type { Effect } from '../../core/events/index.js';
import { AdvertSender, NeighborAnnouncer, advertsReceived, loadNetraw, receiveSocketsFor } from '../../adapters/vrrp-net/index.js';
import { errorName } from '../../adapters/runtime/executors.js';
import { configFrom } from '../support/config.js';

type WireEffect = Effect | (Omit<Extract<Effect, { kind: 'SendAdvert' }>, 'message'> & { readonly message: string });

interface Command {
  readonly op: 'listen' | 'execute';
  readonly config?: string;
  readonly effects?: readonly WireEffect[];
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

function fromWire(effect: WireEffect): Effect {
  if (effect.kind === 'SendAdvert' && typeof effect.message === 'string') return { ...effect, message: Buffer.from(effect.message, 'hex') };
  return effect as Effect;
}

const command = JSON.parse(process.argv[2] ?? '{}') as Command;
const netraw = loadNetraw();
if (command.op === 'listen') {
  const config = configFrom(command.config ?? '', true);
  const specs = receiveSocketsFor(config.vrrp.instances);
  const subscription = advertsReceived(netraw, specs).subscribe({
    next: (event) => {
      if (event.kind === 'AdvertReceived') print({ ...event, payload: Buffer.from(event.payload).toString('hex') });
    },
    error: (error: unknown) => {
      print({ error: errorName(error) });
      process.exit(1);
    },
  });
  process.on('SIGTERM', () => {
    subscription.unsubscribe();
  });
  print({ ready: true, sockets: specs });
} else {
  const sender = new AdvertSender(netraw);
  const announcer = new NeighborAnnouncer(netraw);
  let done = 0;
  try {
    for (const wire of command.effects ?? []) {
      const effect = fromWire(wire);
      if (effect.kind === 'SendAdvert') sender.execute(effect);
      else announcer.execute(effect);
      done++;
    }
    print({ done });
  } catch (error) {
    print({ error: errorName(error), done });
  } finally {
    sender.close();
  }
}
