// The receive path as an input adapter: one raw socket per ReceiveSocketSpec, every datagram an
// AdvertReceived event, unvalidated (the reducer runs core/vrrp validateAdvert, as keepalived
// runs vrrp_check_packet after vrrp_dispatcher_read).
import { Observable, of } from 'rxjs';
import type { AdvertReceived, Event } from '../../core/events/index.js';
import type { Netraw, ReceivedFacts, VrrpSocket, VrrpSocketOptions } from './netraw.js';
import { specKey, type ReceiveSocketSpec } from './receive-sockets.js';

/** A socket that could not be opened (EPERM, ENODEV) or whose receive failed. */
export type SocketErrorHandler = (spec: ReceiveSocketSpec, error: unknown) => void;

export function advertReceivedEvent(spec: ReceiveSocketSpec, payload: Uint8Array, facts: ReceivedFacts): AdvertReceived {
  return {
    kind: 'AdvertReceived',
    interface: spec.interface,
    family: spec.family,
    source: facts.source,
    destination: facts.destination ?? '',
    ...(facts.ttlOrHopLimit === undefined ? {} : { ttlOrHopLimit: facts.ttlOrHopLimit }),
    // A plain copy: the journal and replays compare Uint8Arrays, not Buffers.
    payload: new Uint8Array(payload),
    ipHeaderLength: facts.ipHeaderLength ?? 0,
    ipTotalLength: facts.ipTotalLength ?? 0,
    ipProtocol: facts.ipProtocol ?? 0,
  };
}

function socketOptions(spec: ReceiveSocketSpec): VrrpSocketOptions {
  if (spec.unicastSource !== undefined) return { unicastSource: spec.unicastSource };
  return spec.multicastGroup === undefined ? {} : { multicastGroup: spec.multicastGroup };
}

/**
 * The sockets the latest spec list names, open while subscribed: each list opens what is missing
 * (and retries what failed before, e.g. an interface that did not exist yet), reopens a socket
 * whose interface was deleted or re-created (SO_BINDTODEVICE holds the old ifindex), and closes
 * what is no longer named, so a reload that adds an instance on a new interface hears its peers.
 * Without `onSocketError` the first socket failure errors the observable; with it, the others keep
 * receiving (and a socket that reported a receive error reads on).
 */
export function advertsReceived(
  netraw: Netraw,
  specs: readonly ReceiveSocketSpec[] | Observable<readonly ReceiveSocketSpec[]>,
  onSocketError?: SocketErrorHandler,
): Observable<Event> {
  const lists = Array.isArray(specs) ? of(specs as readonly ReceiveSocketSpec[]) : (specs as Observable<readonly ReceiveSocketSpec[]>);
  return new Observable<Event>((subscriber) => {
    const open = new Map<string, VrrpSocket>();
    const fail = (spec: ReceiveSocketSpec, error: unknown): void => {
      if (onSocketError === undefined) subscriber.error(error);
      else onSocketError(spec, error);
    };
    const openSocket = (spec: ReceiveSocketSpec): void => {
      const key = specKey(spec);
      try {
        const socket = netraw.openVrrp(spec.family === 'inet' ? 4 : 6, spec.interface, socketOptions(spec), (error, payload, facts) => {
          if (error !== null) fail(spec, error);
          else if (payload !== undefined && facts !== undefined) {
            subscriber.next(advertReceivedEvent(spec, payload, facts));
          }
        });
        open.set(key, socket);
      } catch (error) {
        fail(spec, error);
      }
    };
    /** The interface is gone or is another one under the same name now. */
    const stale = (spec: ReceiveSocketSpec, socket: VrrpSocket): boolean => {
      try {
        return netraw.ifIndex(spec.interface) !== socket.ifindex;
      } catch {
        return true;
      }
    };
    const subscription = lists.subscribe((list) => {
      const wanted = new Map(list.map((spec) => [specKey(spec), spec]));
      for (const [key, socket] of open) {
        const spec = wanted.get(key);
        if (spec !== undefined && !stale(spec, socket)) continue;
        socket.close();
        open.delete(key);
      }
      for (const [key, spec] of wanted) if (!open.has(key)) openSocket(spec);
    });
    return () => {
      subscription.unsubscribe();
      for (const socket of open.values()) socket.close();
      open.clear();
    };
  });
}
