// keepalived's dump files, written on its signals (reference keepalived.md §4.3): SIGUSR1 writes
// the state (keepalived.data) and, since Node cannot listen for keepalived's SIGRTMIN+2, the JSON
// too; SIGUSR2 writes the stats. Paths from global_defs (state_dump_file, stats_dump_file,
// json_dump_file), else /tmp as keepalived 2.2.7; mode 0600. The text comes from projections/dump.
import { writeFileSync } from 'node:fs';
import type { VigilState } from '../../core/reducer/state.js';
import { dataDump, jsonDumpText, statsDump, type DumpTime } from '../../projections/dump/index.js';
import { resolveIdentity } from '../scripts/users.js';
import type { Clock } from './clock.js';

export type DumpSignal = 'SIGUSR1' | 'SIGUSR2';

/** The files one signal writes: path → text. */
export function dumpsFor(signal: DumpSignal, state: VigilState, now: DumpTime): Map<string, string> {
  const g = state.config?.global;
  if (signal === 'SIGUSR2') return new Map([[g?.statsDumpFile ?? '/tmp/keepalived.stats', statsDump(state)]]);
  return new Map([
    [g?.stateDumpFile ?? '/tmp/keepalived.data', dataDump(state, now, { identity: resolveIdentity })],
    [g?.jsonDumpFile ?? '/tmp/keepalived.json', jsonDumpText(state, now)],
  ]);
}

/** Writes the signal's files; returns one message per file for the log ("Writing ..." or why not). */
export function writeDumps(signal: DumpSignal, state: VigilState, clock: Clock): string[] {
  const now: DumpTime = { wallNanos: clock.wallNanos(), monotonicMicros: clock.monotonicMicros(), utcOffsetMinutes: -new Date().getTimezoneOffset() };
  const messages: string[] = [];
  for (const [path, text] of dumpsFor(signal, state, now)) {
    try {
      writeFileSync(path, text, { mode: 0o600 });
      messages.push(`Wrote ${path}`);
    } catch (err) {
      messages.push(`Cannot write ${path}: ${(err as Error).message}`);
    }
  }
  return messages;
}
