import { formatTrio } from './addresses.js';
import type { LvsProtocol, SocketAddress, VirtualServerTarget } from './model.js';

/**
 * keepalived's FMT_VS / FMT_RS texts (check_data.c format_vs, format_rs). They
 * print the protocol as it is at the moment of the message, so a label taken
 * before "no protocol set - defaulting to UDP" says "none".
 */
export function virtualServerLabel(target: VirtualServerTarget, protocol: LvsProtocol | undefined): string {
  switch (target.kind) {
    case 'group':
      return `[${target.groupName}]:0`;
    case 'fwmark':
      return `FWM ${target.fwmark}`;
    case 'address':
      return formatTrio(target.address, protocol);
  }
}

export function realServerLabel(address: SocketAddress, protocol: LvsProtocol | undefined): string {
  return formatTrio(address, protocol);
}

/** `(%s)` of keepalived's "already specified" messages: the group name, or "(null)" (a NULL vsgname printed). */
export function groupNameForMessage(target: VirtualServerTarget): string {
  return target.kind === 'group' ? target.groupName : '(null)';
}
