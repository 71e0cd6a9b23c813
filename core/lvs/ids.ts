// Stable names for virtual servers, real servers, checkers and their timers, and keepalived's
// FMT_VS label for a virtual server of a group (check_data.c format_vs).
import type { RealServer, VirtualServer } from '../config/lvs/model.js';

/**
 * A virtual server's identity across reloads, after keepalived ipwrapper.c vs_iseq: the address
 * service (its label carries family, protocol, address and port), the fwmark and family, or the
 * group name. For a group keepalived compares the member number; Vigil compares the protocol,
 * which names the same kernel services and survives reordering of the config.
 */
export function virtualServerId(vs: VirtualServer): string {
  switch (vs.target.kind) {
    case 'address':
      return vs.label;
    case 'fwmark':
      return `FWM ${vs.target.fwmark}${vs.family === 'inet6' ? ' inet6' : ''}`;
    case 'group':
      return `group ${vs.target.groupName} ${vs.protocol?.toLowerCase() ?? 'none'}`;
  }
}

/** keepalived ipwrapper.c rs_iseq: a real server is its address and port. */
export function realServerId(rs: RealServer): string {
  return `[${rs.address.address}]:${rs.address.port}`;
}

/** What RunCheck and CheckResult carry: virtual server, real server and the checker's position. */
export function checkerId(vsId: string, rsId: string, index: number): string {
  return `${vsId}|${rsId}|${index}`;
}

export const CHECK_TIMER_PREFIX = 'check:';

export function checkerTimerId(id: string): string {
  return `${CHECK_TIMER_PREFIX}${id}`;
}

/** The checker id of a `check:` timer, or undefined for any other timer. */
export function checkerOfTimer(timer: string): string | undefined {
  return timer.startsWith(CHECK_TIMER_PREFIX) ? timer.slice(CHECK_TIMER_PREFIX.length) : undefined;
}

/**
 * keepalived's FMT_VS for every virtual server, in config order. A group's label is
 * "[NAME]:N" where N numbers the virtual servers using that group (ipwrapper.c link_vsg_to_vs
 * stores the member number in the port); the parser's label always says 0.
 */
export function virtualServerLabels(servers: readonly VirtualServer[]): string[] {
  const members = new Map<string, number>();
  return servers.map((vs) => {
    if (vs.target.kind !== 'group') return vs.label;
    const n = members.get(vs.target.groupName) ?? 0;
    members.set(vs.target.groupName, n + 1);
    return `[${vs.target.groupName}]:${n}`;
  });
}

/**
 * The first launch's random delay (check_api.c register_checkers_thread: warmup * random() /
 * RAND_MAX), made deterministic: FNV-1a of the checker id scaled into [0, warmup]. core/ draws no
 * random numbers (DESIGN.md "Determinism contract"); a hash spreads the checkers of a big config
 * the way keepalived's random start does, and the same config starts the same way every time.
 */
export function warmupDelay(id: string, warmupMicros: number): number {
  if (warmupMicros <= 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Math.floor((hash / 0xffffffff) * warmupMicros);
}
