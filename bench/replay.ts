import { decodeRecord, encodeRecord } from '../core/events/index.js';
import { journalRecords, simulate } from '../replay/sim/index.js';
import { replay } from '../replay/verify/replay.js';
import { median, type BenchRow } from './table.js';

/**
 * Replay speed (issue 5: ≥ 2,000,000 events/s): one node's journal from an hour of a simulated
 * 3-node cluster, re-folded through the reducer with every effect checked; once from records
 * already in memory, once from their encoded bytes as a journal holds them (decoding included).
 */

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

function rate(run: () => number): number {
  for (let i = 0; i < 10; i++) run(); // warm-up: let the JIT see the replay path first
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = process.hrtime.bigint();
    const count = run();
    runs.push(count / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(runs);
}

interface Measured {
  readonly events: number;
  readonly records: number;
  readonly decodedRate: number;
  readonly bytesRate: number;
}

/** Input events replayed per second (their effects checked too), from memory and from bytes. */
function measure(node: string, journals: ReturnType<typeof simulate>['journals']): Measured {
  const records = journalRecords(node, journals.get(node) ?? []);
  const encoded = records.map(encodeRecord);
  let events = 0;
  const decodedRate = rate(() => {
    const r = replay(records);
    if (r.divergence !== undefined) throw new Error('replay diverged in the bench');
    events = r.events;
    return r.events;
  });
  const bytesRate = rate(() => {
    const decoded = encoded.map((bytes) => {
      const d = decodeRecord(bytes);
      if (!d.ok) throw new Error(d.error);
      return d.value;
    });
    return replay(decoded).events;
  });
  return { events, records: records.length, decodedRate, bytesRate };
}

export function replayRows(): BenchRow[] {
  const { journals } = simulate(YAML, 1);
  const format = (n: number): string => `${Math.round(n).toLocaleString('en')} events/s`;
  const rows: BenchRow[] = [];
  // n1 is MASTER most of the hour (a TimerFired and an advert to build every second); n3 a BACKUP
  // (an AdvertReceived every second, nothing to emit).
  for (const [node, role] of [['n3', 'backup'], ['n1', 'master']] as const) {
    const m = measure(node, journals);
    rows.push(
      { name: `replay: ${role} journal (${m.events} events, ${m.records} records), decoded`, vigil: format(m.decodedRate), goal: '>= 2,000,000', keepalived: 'n/a', verdict: m.decodedRate >= 2_000_000 ? 'met' : 'missed' },
      { name: `replay: ${role} journal, from encoded bytes`, vigil: format(m.bytesRate), goal: '>= 2,000,000', keepalived: 'n/a', verdict: m.bytesRate >= 2_000_000 ? 'met' : 'missed' },
    );
  }
  return rows;
}
