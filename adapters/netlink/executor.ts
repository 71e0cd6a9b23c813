// The EffectExecutor for addresses, routes and rules over one rtnetlink request socket. A create
// sends NLM_F_CREATE|NLM_F_EXCL, so an existing object rejects with EEXIST; a delete of something
// already gone resolves (errors.ts isAlreadyGone). Every rejection is a NetlinkError with the
// errno name in `code`, which the pipeline turns into an EffectResult event.
import { createRtNetlink, FlagsNew, type RtNetlinkSocket } from 'netlink';
import type { Effect } from '../../core/events/index.js';
import type { EffectExecutor } from '../runtime/executors.js';
import { delAddressMessage, newAddressMessage } from './address-message.js';
import { errnoOf, isAlreadyGone, netlinkError } from './errors.js';
import { InterfaceIndexes } from './interface-indexes.js';
import { delRouteMessage, newRouteMessage, type RouteMessage } from './route-message.js';
import { delRuleMessage, newRuleMessage } from './rule-message.js';

const CREATE = { flags: FlagsNew.CREATE | FlagsNew.EXCL };
/**
 * Requests awaiting their ACK at once. The kernel queues every ACK (an error ACK carries the
 * request) on our socket until we read it; a start-up burst from hundreds of instances, each
 * releasing and then adding its VIPs, overflowed the receive buffer: the kernel then flags the
 * socket with ENOBUFS, and netlink@0.3.0 aborts the process on any socket error (README.md
 * "Known limits"). Bounding the ACKs outstanding bounds the queue.
 */
const MAX_IN_FLIGHT = 32;
/** SO_RCVBUF of the request socket (capped by net.core.rmem_max): room for dumps of many links. */
const RECEIVE_BUFFER = 4 * 1024 * 1024;

export interface NetlinkExecutor extends EffectExecutor {
  /** Closes the request socket; effects after this reject. */
  close(): void;
}

/**
 * `socket` is a request socket of its own: it must not join multicast groups, since netlink@0.3.0
 * matches replies by sequence number alone (reference ecosystem.md §1.6 item 2).
 */
export function netlinkExecutor(socket: RtNetlinkSocket = createRtNetlink()): NetlinkExecutor {
  const indexes = new InterfaceIndexes(socket);
  socket.socket.setRecvBufferSize(RECEIVE_BUFFER);
  const slots = new Slots(MAX_IN_FLIGHT);

  const idempotent = async (request: () => Promise<unknown>, what: string): Promise<void> => {
    try {
      await request();
    } catch (err) {
      if (!isAlreadyGone(errnoOf(err))) throw netlinkError(err, what);
    }
  };
  const strict = async (request: () => Promise<unknown>, what: string): Promise<void> => {
    try {
      await request();
    } catch (err) {
      throw netlinkError(err, what);
    }
  };
  /** RTA_OIF from the route's dev, resolved (and refreshed once if stale) around the request. */
  const withDev = (message: RouteMessage, send: (m: RouteMessage) => Promise<unknown>): Promise<unknown> =>
    message.dev === undefined ? send(message) : indexes.withIndex(message.dev, (oif) => send({ ...message, attrs: { ...message.attrs, oif } }));

  async function execute(effect: Effect): Promise<void> {
    switch (effect.kind) {
      case 'AddAddress': {
        const spec = effect.address;
        const what = `add address ${spec.address}/${spec.prefixLength} dev ${spec.interface}`;
        await strict(() => indexes.withIndex(spec.interface, (index) => {
          const m = newAddressMessage(spec, index);
          return socket.newAddress(m.data, m.attrs, CREATE);
        }), what);
        return;
      }
      case 'DeleteAddress': {
        const spec = effect.address;
        const what = `delete address ${spec.address}/${spec.prefixLength} dev ${spec.interface}`;
        await idempotent(() => indexes.withIndex(spec.interface, (index) => {
          const m = delAddressMessage(spec, index);
          return socket.delAddress(m.data, m.attrs);
        }), what);
        return;
      }
      case 'AddRoute': {
        const m = newRouteMessage(effect.route);
        await strict(() => withDev(m, (r) => socket.newRoute(r.data, r.attrs, CREATE)), `add route ${effect.route.destination}`);
        return;
      }
      case 'DeleteRoute': {
        const m = delRouteMessage(effect.route);
        await idempotent(() => withDev(m, (r) => socket.delRoute(r.data, r.attrs)), `delete route ${effect.route.destination}`);
        return;
      }
      case 'AddRule': {
        const m = newRuleMessage(effect.rule);
        await strict(() => socket.newRule(m.data, m.attrs, CREATE), `add rule preference ${effect.rule.preference}`);
        return;
      }
      case 'DeleteRule': {
        const m = delRuleMessage(effect.rule);
        await idempotent(() => socket.delRule(m.data, m.attrs), `delete rule preference ${effect.rule.preference}`);
        return;
      }
      default:
        throw new Error(`netlink executor cannot perform ${effect.kind}`);
    }
  }

  return {
    kinds: ['AddAddress', 'DeleteAddress', 'AddRoute', 'DeleteRoute', 'AddRule', 'DeleteRule'],
    execute: (effect) => slots.run(() => execute(effect)),
    close: () => {
      socket.socket.close();
    },
  };
}

/** At most `size` tasks running; the rest wait in arrival order. */
class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
