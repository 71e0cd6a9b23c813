// The measuring half of bench/replay.ts, in a process of its own: the framed journal on stdin,
// one JSON line on stdout. bench/replay.ts bundles this file as `npm run build` bundles `vigil`
// (esbuild, plain node), so it measures the code `vigil replay` runs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeRecord, type Record as JournalRecord } from '../core/events/index.js';
import { replay } from '../replay/verify/replay.js';
import { median } from './table.js';

const WARM_UPS = 10;
const RUNS = 9;

export type ReplayMode = 'bytes' | 'decoded';

export interface ReplayMeasured {
  readonly events: number;
  readonly records: number;
  /** Input events per second, the median of RUNS. */
  readonly rate: number;
}

function rate(run: () => number): number {
  for (let i = 0; i < WARM_UPS; i++) run(); // warm-up: let the JIT see the replay path first
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const count = run();
    runs.push(count / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(runs);
}

function decoded(bytes: Uint8Array): JournalRecord {
  const d = decodeRecord(bytes);
  if (!d.ok) throw new Error(d.error);
  return d.value;
}

function replayed(records: readonly JournalRecord[]): number {
  const r = replay(records);
  if (r.divergence !== undefined) throw new Error('replay diverged in the bench');
  return r.events;
}

/** Records as a journal's frames hold them: each one's length (4 bytes, big-endian), then its bytes. */
export function frame(records: readonly Uint8Array[]): Buffer {
  return Buffer.concat(records.flatMap((r) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(r.length);
    return [length, r];
  }));
}

function unframe(bytes: Buffer): Uint8Array[] {
  const records: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    records.push(new Uint8Array(bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return records;
}

function measure(mode: ReplayMode): ReplayMeasured {
  const encoded = unframe(readFileSync(0));
  const records = encoded.map(decoded);
  const events = replayed(records);
  const measured = mode === 'decoded' ? rate(() => replayed(records)) : rate(() => replayed(encoded.map(decoded)));
  return { events, records: records.length, rate: measured };
}

// Run as a program (the bundle, `node replay-child.js MODE`), not when bench/replay.ts imports it.
const [program, mode] = process.argv.slice(1);
if (program !== undefined && resolve(program) === import.meta.filename && (mode === 'bytes' || mode === 'decoded')) {
  console.log(JSON.stringify(measure(mode)));
}
