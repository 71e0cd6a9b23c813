import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { encodeRecord } from '../core/events/index.js';
import { journalRecords, simulate } from '../replay/sim/index.js';
import { frame, type ReplayMeasured, type ReplayMode } from './replay-child.js';
import { median, type BenchRow } from './table.js';

/**
 * Replay speed (issue 5: ≥ 2,000,000 events/s). One node's journal from an hour of a simulated
 * 3-node cluster is replayed: its input events re-folded through the reducer, every effect compared
 * with the recorded one, every state snapshot checked. Two figures per journal, in input events per
 * second:
 * - from encoded bytes: decoding every record, then the replay — what `vigil replay` does once it
 *   has read the journal's files (reading them and checking their CRCs is not counted). This is the
 *   end-to-end figure, and the one the goal is held to.
 * - records already decoded: the replay alone.
 *
 * Each is measured in a process of its own running the code as `vigil replay` runs it: bundled by
 * esbuild as `npm run build` bundles it, in plain node (replay-child.ts). Not in this process:
 * - here the code runs through tsx, whose modules reach every imported function through a getter,
 *   a cost the bundle does not have (about a sixth of the replay's time);
 * - V8 has seen the simulation keep the reducer's states and effects, and allocates them in the old
 *   generation from then on (pretenuring): the replay, which drops them at once, would pay for
 *   old-generation collections that `vigil replay` does not.
 */

const GOAL = 2_000_000;
const PROCESSES = 3;

const YAML = `name: replay-bench
duration: 3600s
network: { latency: 1ms, jitter: 0.5ms }
faults:
  - { kind: crash, node: n1, at: 600s, restart_after: 30s }
  - { kind: partition, between: [n2, n3], at: 1800s, duration: 20s }
nodes:
${[150, 120, 100]
  .map(
    (priority, i) => `  - name: n${i + 1}
    address: 10.0.0.${i + 1}
    config: |
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        priority ${priority}
        advert_int 1
        virtual_ipaddress { 10.0.0.100/24 }
      }`,
  )
  .join('\n')}
`;

/** bench/replay-child.ts bundled into dist/, beside `vigil`'s bundles, so node_modules resolve. */
function bundledChild(): string {
  const root = join(import.meta.dirname, '..');
  const outfile = join(root, 'dist', 'bench', 'replay-child.js');
  mkdirSync(join(root, 'dist', 'bench'), { recursive: true });
  buildSync({
    entryPoints: [join(root, 'bench', 'replay-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * The median of PROCESSES processes. From bytes, a process runs either fast or ~1.5 times slower,
 * as V8 happens to decide early on to allocate the decoded records in the old generation or not
 * (allocation-site pretenuring); one process alone would report either.
 */
function measure(child: string, journal: Buffer, mode: ReplayMode): ReplayMeasured {
  const runs = Array.from({ length: PROCESSES }, (): ReplayMeasured => {
    const run = spawnSync(process.execPath, [child, mode], { input: journal, encoding: 'utf8', maxBuffer: 1 << 20 });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0 || line === '') throw new Error(`replay bench child failed: ${run.stderr.trim().split('\n').at(-1) ?? ''}`);
    return JSON.parse(line) as ReplayMeasured;
  });
  const rates = runs.map((r) => r.rate);
  const [first] = runs;
  if (first === undefined) throw new Error('no replay bench process ran');
  return { ...first, rate: median(rates) };
}

export function replayRows(): BenchRow[] {
  const { journals } = simulate(YAML, 1);
  const child = bundledChild();
  const format = (n: number): string => `${Math.round(n).toLocaleString('en')} events/s`;
  const rows: BenchRow[] = [];
  // n1 is MASTER most of the hour (a TimerFired, an advert and a timer to check every second); n3
  // a BACKUP (an AdvertReceived every second, its timer re-armed every third).
  for (const [node, role] of [['n3', 'backup'], ['n1', 'master']] as const) {
    const journal = frame(journalRecords(node, journals.get(node) ?? []).map(encodeRecord));
    const bytes = measure(child, journal, 'bytes');
    const memory = measure(child, journal, 'decoded');
    rows.push(
      {
        name: `replay: ${role} journal (${bytes.events} events, ${bytes.records} records), from encoded bytes (decode + replay, as vigil replay)`,
        vigil: format(bytes.rate),
        goal: `>= ${GOAL.toLocaleString('en')}`,
        keepalived: 'n/a',
        verdict: bytes.rate >= GOAL ? 'met' : 'missed',
      },
      {
        name: `replay: ${role} journal, records already decoded (replay alone; the goal is on the row above)`,
        vigil: format(memory.rate),
        goal: '-',
        keepalived: 'n/a',
        verdict: 'n/a',
      },
    );
  }
  return rows;
}
