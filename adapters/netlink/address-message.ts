// AddressSpec -> the ifaddrmsg header and IFA_* attributes of RTM_NEWADDR / RTM_DELADDR, as
// keepalived's netlink_ipaddress (vrrp_ipaddress.c) builds them.
import type { rt } from 'netlink';
import type { AddressSpec } from '../../core/events/index.js';
import { addressBytes, familyNumber, invalid, scopeNumber } from './wire-values.js';

/** The kernel's INFINITY_LIFE_TIME (include/net/addrconf.h). */
const FOREVER = 0xffffffff;

export interface AddressMessage {
  readonly data: rt.Address;
  readonly attrs: rt.AddressAttrs;
}

/**
 * IFA_F_* flags: the first eight fit ifaddrmsg.ifa_flags (u8); the rest only IFA_FLAGS (u32),
 * which the kernel prefers when present.
 */
function addressFlags(spec: AddressSpec): { header: rt.AddressFlags; all: rt.AddressFlags } {
  const header: rt.AddressFlags = {};
  const all: rt.AddressFlags = {};
  for (const flag of spec.flags) {
    switch (flag) {
      case 'home':
        header.homeaddress = all.homeaddress = true;
        break;
      case 'mngtmpaddr':
        all.managetempaddr = true;
        break;
      case 'noprefixroute':
        all.noprefixroute = true;
        break;
      case 'autojoin':
        all.mcautojoin = true;
        break;
      case 'nodad':
      case '-nodad':
      case 'deprecated':
      case 'use_vmac':
        break; // handled below, or not an address flag
      default:
        throw invalid(`unknown address flag ${flag}`);
    }
  }
  // keepalived sets IFA_F_NODAD on every IPv6 VIP unless the config says -nodad: the address is
  // usable at once, and a split brain cannot leave it dadfailed (vrrp_ipaddress.c). DAD is IPv6's.
  const nodad = spec.flags.includes('nodad') || !spec.flags.includes('-nodad');
  if (spec.family === 'inet6' && nodad) header.nodad = all.nodad = true;
  return { header, all };
}

/**
 * IFA_CACHEINFO when a preferred lifetime applies: the configured one; `deprecated` = 0; an IPv6
 * /128 without one = 0 (keepalived: RFC 3484 deprecated, so health checks do not pick the VIP as
 * their source). The valid lifetime stays forever.
 */
function preferredLifetime(spec: AddressSpec): number | undefined {
  if (spec.preferredLifetime !== undefined) return spec.preferredLifetime;
  if (spec.flags.includes('deprecated')) return 0;
  if (spec.family === 'inet6' && spec.prefixLength === 128) return 0;
  return undefined;
}

function header(spec: AddressSpec, index: number): rt.Address {
  const max = spec.family === 'inet' ? 32 : 128;
  if (!Number.isInteger(spec.prefixLength) || spec.prefixLength < 0 || spec.prefixLength > max) {
    throw invalid(`bad prefix length ${spec.prefixLength} for ${spec.address}`);
  }
  return { family: familyNumber(spec.family), prefixlen: spec.prefixLength, index };
}

/** IFA_LOCAL is the address; IFA_ADDRESS the peer on a point-to-point link, else the address too. */
function identity(spec: AddressSpec): rt.AddressAttrs {
  const local = addressBytes(spec.family, spec.address);
  const address = spec.peer === undefined ? local : addressBytes(spec.family, spec.peer);
  return { local, address };
}

export function newAddressMessage(spec: AddressSpec, index: number): AddressMessage {
  const flags = addressFlags(spec);
  const attrs: rt.AddressAttrs = { ...identity(spec), flags: flags.all };
  if (spec.broadcast !== undefined) {
    if (spec.family !== 'inet') throw invalid(`broadcast on the IPv6 address ${spec.address}`);
    attrs.broadcast = addressBytes('inet', spec.broadcast);
  }
  // The kernel ignores IFA_LABEL for AF_INET6 (reference §1.2); keepalived's parser refuses it.
  if (spec.label !== undefined && spec.family === 'inet') attrs.label = spec.label;
  const preferred = preferredLifetime(spec);
  if (preferred !== undefined) attrs.cacheInfo = { ifaPrefered: preferred, ifaValid: FOREVER, cstamp: 0, tstamp: 0 };
  const data: rt.Address = { ...header(spec, index), flags: flags.header };
  if (spec.scope !== undefined) data.scope = scopeNumber(spec.scope);
  return { data, attrs };
}

/** RTM_DELADDR matches on index, prefix length and IFA_LOCAL/IFA_ADDRESS; nothing else is needed. */
export function delAddressMessage(spec: AddressSpec, index: number): AddressMessage {
  return { data: header(spec, index), attrs: identity(spec) };
}
