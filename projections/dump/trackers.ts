// Trackers in keepalived.data: the "Tracked ..." lists of an instance or sync group, and the
// "VRRP Scripts", "VRRP Track files" and "VRRP Track processes" sections (keepalived 2.2.7
// vrrp_data.c dump_vscript / dump_vfile / dump_vprocess, vrrp_track.c dump_track_*_list; line
// texts from the Debian 2.2.7 binary's own dumps).
import type { GlobalConfig, TrackProcess } from '../../core/config/global/model.js';
import type { TrackerKind, TrackerRef } from '../../core/config/vrrp/model.js';
import type { VigilState } from '../../core/reducer/state.js';
import { commandText, scriptIdentity, wholeSeconds, type IdentityLookup } from './format.js';
import { groupTrackersOf } from './priority.js';

const reverse = (r: boolean): string => (r ? ' reverse' : '');

/**
 * An instance's (or group's) own trackers, as "   Tracked interfaces :" etc. Interfaces and
 * scripts print "NAME weight W", files and processes "NAME, weight W". `processHeading` is
 * "processes" for an instance and "process" for a sync group (sic, 2.2.7).
 */
export function trackedLists(trackers: readonly TrackerRef[], processHeading: string): string[] {
  const lines: string[] = [];
  const list = (kind: TrackerKind, heading: string, comma: boolean): void => {
    const refs = trackers.filter((t) => t.kind === kind);
    if (refs.length === 0) return;
    lines.push(`   Tracked ${heading} :`);
    for (const t of refs) lines.push(`     ${t.name}${comma ? ',' : ''} weight ${t.weight}${reverse(t.reverse)}`);
  };
  list('interface', 'interfaces', false);
  list('script', 'scripts', false);
  list('file', 'files', true);
  list('process', processHeading, true);
  return lines;
}

/** "   Tracking instances :" and who tracks the named tracker, with the weight each uses. */
function trackingInstances(state: VigilState, kind: TrackerKind, name: string): string[] {
  const lines = ['   Tracking instances :'];
  for (const inst of state.instances) {
    const refs = [...inst.config.trackers, ...groupTrackersOf(state, inst.config)];
    const ref = refs.find((t) => t.kind === kind && t.name === name);
    if (ref !== undefined) lines.push(`     ${inst.config.name}, weight ${ref.weight}${reverse(ref.reverse)}`);
  }
  return lines;
}

function isTracked(state: VigilState, kind: TrackerKind, name: string): boolean {
  const vrrp = state.config?.vrrp;
  if (vrrp === undefined) return false;
  const uses = (refs: readonly TrackerRef[]): boolean => refs.some((t) => t.kind === kind && t.name === name);
  return vrrp.instances.some((i) => uses(i.trackers)) || vrrp.syncGroups.some((g) => uses(g.trackers));
}

/**
 * "------< VRRP Scripts >------": the scripts Vigil runs (keepalived drops unused ones: "Warning -
 * script X is not used"). keepalived's init_state names INIT until the first result and has no
 * name for "done" ("unknown").
 */
export function scriptsSection(state: VigilState, global: GlobalConfig, lookup: IdentityLookup): string[] {
  if (state.trackers.scripts.size === 0) return [];
  const lines = ['------< VRRP Scripts >------'];
  for (const [name, t] of state.trackers.scripts) {
    const c = t.config;
    lines.push(
      ` VRRP Script = ${name}`,
      `   Command = ${commandText(c.script.argv)}`,
      `   Interval = ${wholeSeconds(c.intervalMicros)} sec`,
      `   Timeout = ${wholeSeconds(c.timeoutMicros)} sec`,
      `   Weight = ${c.weight}${reverse(c.weightReverse)}`,
      `   Rise = ${c.rise}`,
      `   Fall = ${c.fall}`,
      `   Result = ${t.result}`,
      `   Init state = ${t.initState === 'init' ? 'INIT' : 'unknown'}`,
      `   Status = ${t.result >= c.rise ? 'GOOD' : 'BAD'}`,
      `   Script uid:gid = ${scriptIdentity(c.script, global, lookup)}`,
      '   VRRP instances :',
      ...trackingInstances(state, 'script', name),
      `   State = ${t.running ? 'running' : 'idle'}`,
    );
  }
  return lines;
}

/** "------< VRRP Track files >------": the value last read, 0 before the first read. */
export function trackFilesSection(state: VigilState, global: GlobalConfig): string[] {
  const files = global.trackFiles.filter((f) => isTracked(state, 'file', f.name));
  if (files.length === 0) return [];
  const lines = ['------< VRRP Track files >------'];
  for (const f of files) {
    lines.push(
      ` Track file = ${f.name}`,
      `   File = ${f.file}`,
      `   Status = ${state.trackers.files.get(f.name) ?? 0}`,
      `   Weight = ${f.weight}${reverse(f.weightReverse)}`,
      ...trackingInstances(state, 'file', f.name),
    );
  }
  return lines;
}

/** "------< VRRP Track processes >------". */
export function trackProcessesSection(state: VigilState, global: GlobalConfig): string[] {
  const processes = global.trackProcesses.filter((p) => isTracked(state, 'process', p.name));
  if (processes.length === 0) return [];
  const lines = ['------< VRRP Track processes >------'];
  for (const p of processes) lines.push(...processLines(state, p));
  return lines;
}

const UINT_MAX = 0xffffffff;

function processLines(state: VigilState, p: TrackProcess): string[] {
  const count = state.trackers.processes.get(p.name) ?? 0;
  const lines = [` VRRP Track process = ${p.name}`, `   Process = ${p.process}`];
  // keepalived param_match is NONE unless parameters were given.
  if (p.args !== undefined) {
    lines.push(`   Parameters = ${p.args.join(' ')}`);
    lines.push(`   Param match${p.paramMatch === 'exact' ? '' : ` = ${p.paramMatch}`}`);
  }
  lines.push(`   Min processes = ${p.quorum}`);
  if (p.quorumMax < UINT_MAX) lines.push(`   Max processes = ${p.quorumMax}`);
  lines.push(
    `   Current processes = ${count}`,
    `   Have quorum = ${count >= p.quorum && count <= p.quorumMax ? 'true' : 'false'}`,
    `   Weight = ${p.weight}${reverse(p.weightReverse)}`,
    `   Terminate delay = ${(p.terminateDelayMicros / 1_000_000).toFixed(6)}s`,
    `   Fork delay = ${(p.forkDelayMicros / 1_000_000).toFixed(6)}s`,
    `   Full command = ${p.fullCommand ? 'true' : 'false'}`,
    ...trackingInstances(state, 'process', p.name),
  );
  return lines;
}
