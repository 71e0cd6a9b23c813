// /tmp/keepalived.data (SIGUSR1), the VRRP process's part: keepalived 2.2.7 vrrp_print.c
// vrrp_print_data → vrrp_data.c dump_data_vrrp. Sections in 2.2.7's order; the ones about sockets,
// NICs and routes are not produced (README.md).
import type { VigilState } from '../../core/reducer/state.js';
import { addressText } from './address.js';
import { rootOnlyLookup, type IdentityLookup } from './format.js';
import { globalSection } from './global.js';
import { instanceLines } from './instance.js';
import { syncGroupsSection } from './sync-group.js';
import type { DumpTime } from './time.js';
import { scriptsSection, trackFilesSection, trackProcessesSection } from './trackers.js';

export interface DataDumpOptions {
  /** Script users → uid:gid; without it only root and numeric ids resolve. */
  readonly identity?: IdentityLookup;
}

export function dataDump(state: VigilState, now: DumpTime, options: DataDumpOptions = {}): string {
  const config = state.config;
  if (config === undefined) return '';
  const lookup = options.identity ?? rootOnlyLookup;
  const g = config.global;
  const lines = globalSection(state, g, lookup);
  // Vigil does not install static addresses, so none is "set".
  if (config.vrrp.staticAddresses.length > 0) {
    lines.push('------< Static Addresses >------', ...config.vrrp.staticAddresses.map((a) => `     ${addressText(a, false)}`));
  }
  lines.push('------< VRRP Topology >------');
  for (const inst of state.instances) lines.push(...instanceLines(state, inst, g, now, lookup));
  lines.push(...syncGroupsSection(state, g, lookup));
  lines.push(...scriptsSection(state, g, lookup));
  lines.push(...trackFilesSection(state, g));
  lines.push(...trackProcessesSection(state, g));
  return lines.map((l) => `${l}\n`).join('');
}
