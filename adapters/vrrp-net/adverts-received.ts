// The receive path as an input adapter: one raw socket per ReceiveSocketSpec, every datagram an
// AdvertReceived event, unvalidated (the reducer runs core/vrrp validateAdvert, as keepalived
// runs vrrp_check_packet after vrrp_dispatcher_read).
import { Observable } from 'rxjs';
import type { AdvertReceived, Event } from '../../core/events/index.js';
import type { Netraw, ReceivedFacts, VrrpSocket, VrrpSocketOptions } from './netraw.js';
import type { ReceiveSocketSpec } from './receive-sockets.js';

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
 * Opens the sockets on subscribe and closes them on unsubscribe. Without `onSocketError` the
 * first socket failure errors the observable; with it, the other sockets keep receiving.
 */
export function advertsReceived(netraw: Netraw, specs: readonly ReceiveSocketSpec[], onSocketError?: SocketErrorHandler): Observable<Event> {
  return new Observable<Event>((subscriber) => {
    const sockets: VrrpSocket[] = [];
    const fail = (spec: ReceiveSocketSpec, error: unknown): void => {
      if (onSocketError === undefined) subscriber.error(error);
      else onSocketError(spec, error);
    };
    for (const spec of specs) {
      const options = socketOptions(spec);
      try {
        const socket = netraw.openVrrp(spec.family === 'inet' ? 4 : 6, spec.interface, options, (error, payload, facts) => {
          if (error !== null) fail(spec, error);
          else if (payload !== undefined && facts !== undefined) subscriber.next(advertReceivedEvent(spec, payload, facts));
        });
        sockets.push(socket);
      } catch (error) {
        fail(spec, error);
      }
    }
    return () => {
      for (const socket of sockets) socket.close();
    };
  });
}
