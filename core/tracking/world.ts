// Links and addresses as rtnetlink last reported them (LinkChanged / AddressChanged events).
import type { AddressChanged, Family, LinkChanged } from '../events/index.js';

export interface Link {
  readonly index: number;
  /** keepalived IF_ISUP: IFF_UP and IFF_RUNNING. */
  readonly up: boolean;
}

export interface InterfaceAddress {
  readonly family: Family;
  readonly address: string;
  readonly prefixLength: number;
}

export interface World {
  readonly links: ReadonlyMap<string, Link>;
  /** Per interface, in the order the kernel reported them (the first is keepalived's primary). */
  readonly addresses: ReadonlyMap<string, readonly InterfaceAddress[]>;
}

export const emptyWorld: World = { links: new Map(), addresses: new Map() };

export function applyLinkChanged(world: World, e: LinkChanged): World {
  const links = new Map(world.links);
  if (e.exists) links.set(e.interface, { index: e.index, up: e.up && e.running });
  else links.delete(e.interface);
  return { ...world, links };
}

export function applyAddressChanged(world: World, e: AddressChanged): World {
  const current = world.addresses.get(e.interface) ?? [];
  const others = current.filter((a) => !(a.family === e.family && a.address === e.address));
  const next = e.present ? [...others, { family: e.family, address: e.address, prefixLength: e.prefixLength }] : others;
  const addresses = new Map(world.addresses);
  if (next.length === 0) addresses.delete(e.interface);
  else addresses.set(e.interface, next);
  return { ...world, addresses };
}

export function linkUp(world: World, name: string): boolean {
  return world.links.get(name)?.up ?? false;
}

/**
 * The address keepalived uses as the interface's own (ifp->sin_addr / sin6_addr): the first IPv4
 * address, or for IPv6 the first link-local one, that is not one of our own virtual addresses.
 */
export function primaryAddress(
  world: World,
  name: string,
  family: Family,
  ours: ReadonlySet<string>,
): string | undefined {
  for (const a of world.addresses.get(name) ?? []) {
    if (a.family !== family || ours.has(a.address)) continue;
    if (family === 'inet6' && !a.address.toLowerCase().startsWith('fe80:')) continue;
    return a.address;
  }
  return undefined;
}
