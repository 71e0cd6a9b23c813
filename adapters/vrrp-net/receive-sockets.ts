// Which receive sockets a config needs: keepalived opens one read socket per interface, family
// and multicast group or unicast source (vrrp.c open_sockpool_socket), shared by the instances on it.
import type { VrrpInstance } from '../../core/config/vrrp/model.js';
import type { Family } from '../../core/events/index.js';

export interface ReceiveSocketSpec {
  readonly family: Family;
  readonly interface: string;
  /** Multicast: the group joined (mcast_dst_ip, default 224.0.0.18 / ff02::12). */
  readonly multicastGroup?: string;
  /** Unicast with unicast_src_ip: the address the socket binds to. */
  readonly unicastSource?: string;
}

export function specKey(spec: ReceiveSocketSpec): string {
  return [spec.family, spec.interface, spec.multicastGroup ?? '', spec.unicastSource ?? ''].join(' ');
}

/** One spec per distinct socket, in config order; instances without an interface need none. */
export function receiveSocketsFor(instances: readonly VrrpInstance[]): readonly ReceiveSocketSpec[] {
  const specs = new Map<string, ReceiveSocketSpec>();
  for (const instance of instances) {
    if (instance.interface === undefined) continue;
    // `unicast` is false when no peer was given: keepalived falls back to multicast.
    const spec: ReceiveSocketSpec = instance.unicast
      ? { family: instance.family, interface: instance.interface, ...(instance.srcIp === undefined ? {} : { unicastSource: instance.srcIp }) }
      : { family: instance.family, interface: instance.interface, multicastGroup: instance.mcastDstIp };
    const key = specKey(spec);
    if (!specs.has(key)) specs.set(key, spec);
  }
  return [...specs.values()];
}
