// What the kernel has told us about links and addresses, and the events a new fact or a fresh
// dump makes: a LinkChanged / AddressChanged only when something the reducer sees changed
// (existence, name, IFF_UP, IFF_RUNNING, presence). Pure: no sockets, testable without root.
import type { AddressChanged, Family, LinkChanged } from '../../core/events/index.js';

export type NetworkEvent = LinkChanged | AddressChanged;

export interface LinkFact {
  readonly index: number;
  readonly name: string;
  readonly up: boolean;
  readonly running: boolean;
}

export interface AddressFact {
  readonly index: number;
  readonly family: Family;
  readonly address: string;
  readonly prefixLength: number;
  /** IFA_LABEL ("eth0" or "eth0:vip"): names the interface if its link is not known yet. */
  readonly label?: string;
}

const keyOf = (a: AddressFact): string => `${a.index} ${a.address}/${a.prefixLength}`;
/** Ascending by number, then text: the order events come out in is defined. */
const byKey = <T>(entries: Iterable<[string, T]>): [string, T][] => [...entries].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));

export class NetworkView {
  private readonly links = new Map<number, LinkFact>();
  private readonly addresses = new Map<string, AddressFact>();

  linkName(index: number): string | undefined {
    return this.links.get(index)?.name;
  }

  /** RTM_NEWLINK (or a dumped link): a rename reads as the old name gone, then the new one. */
  linkSeen(link: LinkFact): NetworkEvent[] {
    const before = this.links.get(link.index);
    if (before?.name === link.name && before.up === link.up && before.running === link.running) return [];
    this.links.set(link.index, link);
    const events: NetworkEvent[] = [];
    if (before !== undefined && before.name !== link.name) {
      events.push(gone(before));
      for (const [, a] of this.addressesOn(link.index)) events.push(addressEvent(a, before.name, false));
    }
    events.push(linkEvent(link));
    if (before !== undefined && before.name !== link.name) {
      for (const [, a] of this.addressesOn(link.index)) events.push(addressEvent(a, link.name, true));
    }
    return events;
  }

  /** RTM_DELLINK: its addresses go with it (the kernel's DELADDRs for them then change nothing). */
  linkGone(index: number): NetworkEvent[] {
    const before = this.links.get(index);
    if (before === undefined) return [];
    const events: NetworkEvent[] = [];
    for (const [key, a] of this.addressesOn(index)) {
      this.addresses.delete(key);
      events.push(addressEvent(a, before.name, false));
    }
    this.links.delete(index);
    events.push(gone(before));
    return events;
  }

  /** RTM_NEWADDR (or a dumped address). */
  addressSeen(address: AddressFact): NetworkEvent[] {
    const key = keyOf(address);
    if (this.addresses.has(key)) return [];
    this.addresses.set(key, address);
    return [addressEvent(address, this.interfaceOf(address), true)];
  }

  /** RTM_DELADDR. */
  addressGone(address: AddressFact): NetworkEvent[] {
    const key = keyOf(address);
    const before = this.addresses.get(key);
    if (before === undefined) return [];
    this.addresses.delete(key);
    return [addressEvent(before, this.interfaceOf(before), false)];
  }

  /**
   * A full dump replaces what we knew: the differences as events, in a defined order (links gone,
   * links new or changed, addresses gone, addresses new). From an empty view: every link, then
   * every address.
   */
  replaceWith(links: readonly LinkFact[], addresses: readonly AddressFact[]): NetworkEvent[] {
    const linkIndexes = new Set(links.map((l) => l.index));
    const addressKeys = new Set(addresses.map(keyOf));
    const events: NetworkEvent[] = [];
    for (const index of [...this.links.keys()].sort((a, b) => a - b)) {
      if (!linkIndexes.has(index)) events.push(...this.linkGone(index));
    }
    for (const link of [...links].sort((a, b) => a.index - b.index)) events.push(...this.linkSeen(link));
    for (const [key, a] of byKey(this.addresses)) {
      if (!addressKeys.has(key)) events.push(...this.addressGone(a));
    }
    for (const [, a] of byKey(addresses.map((a): [string, AddressFact] => [keyOf(a), a]))) events.push(...this.addressSeen(a));
    return events;
  }

  private addressesOn(index: number): [string, AddressFact][] {
    return byKey([...this.addresses].filter(([, a]) => a.index === index));
  }

  /** The link's name; before its RTM_NEWLINK, the label's interface part; else "#index". */
  private interfaceOf(a: AddressFact): string {
    return this.linkName(a.index) ?? a.label?.split(':')[0] ?? `#${a.index}`;
  }
}

function linkEvent(link: LinkFact): LinkChanged {
  return { kind: 'LinkChanged', interface: link.name, index: link.index, exists: true, up: link.up, running: link.running };
}

function gone(link: LinkFact): LinkChanged {
  return { kind: 'LinkChanged', interface: link.name, index: link.index, exists: false, up: false, running: false };
}

function addressEvent(a: AddressFact, iface: string, present: boolean): AddressChanged {
  return { kind: 'AddressChanged', interface: iface, family: a.family, address: a.address, prefixLength: a.prefixLength, present };
}
