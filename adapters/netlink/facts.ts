// rtnetlink messages (as netlink@0.3.0 parses them) -> LinkFact / AddressFact.
import type { rt } from 'netlink';
import type { AddressFact, LinkFact } from './network-view.js';
import { addressText, familyOfNumber } from './wire-values.js';

/**
 * A link of the AF_UNSPEC family, or undefined. RTM_NEWLINK/DELLINK with ifi_family AF_BRIDGE
 * (7) are bridge-port notices, not the link itself; keepalived ignores them too (vrrp_netlink.c).
 */
export function linkFact(message: rt.LinkMessage): LinkFact | undefined {
  const { data, attrs } = message;
  if ((data.family ?? 0) !== 0 || data.index === undefined || attrs.ifname === undefined) return undefined;
  // keepalived's IF_ISUP needs both IFF_UP and IFF_RUNNING.
  return { index: data.index, name: attrs.ifname, up: data.flags?.up === true, running: data.flags?.running === true };
}

/** An IPv4 or IPv6 address, or undefined for other families. IFA_LOCAL is the address when present. */
export function addressFact(message: rt.AddressMessage): AddressFact | undefined {
  const { data, attrs } = message;
  const family = familyOfNumber(data.family ?? 0);
  const bytes = attrs.local ?? attrs.address;
  if (family === undefined || bytes === undefined || data.index === undefined) return undefined;
  return {
    index: data.index,
    family,
    address: addressText(bytes),
    prefixLength: data.prefixlen ?? 0,
    ...(attrs.label === undefined ? {} : { label: attrs.label }),
  };
}

export function linkFacts(messages: readonly rt.LinkMessage[]): LinkFact[] {
  return messages.flatMap((m) => linkFact(m) ?? []);
}

export function addressFacts(messages: readonly rt.AddressMessage[]): AddressFact[] {
  return messages.flatMap((m) => addressFact(m) ?? []);
}
