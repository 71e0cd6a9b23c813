import protobuf from 'protobufjs/light.js';
import { descriptor } from '../core/events/descriptor.generated.js';
import { decodeRecord, encodeRecord, type Effect, type Event, type Record as JournalRecord } from '../core/events/index.js';
import { reflectionCodec } from '../core/events/reflection-codec.js';
import { buildSchemaModel } from '../core/events/schema-model.js';
import { effectSamples, eventSamples } from '../test/unit/events/samples.js';
import { median, type BenchRow } from './table.js';

/**
 * The journal record codec (core/events) alone: encodeRecord and decodeRecord per second on a
 * keepalived 2.2.7 AdvertReceived and on a SendAdvert effect, in records of a daemon's journal
 * (sequence and times vary, 1,000 different records in turn). Issue 5 wants ≥ 500,000 appends/s and a
 * replay of ≥ 2,000,000 events/s, each record encoded or decoded once: the codec's goal leaves the
 * journal and the reducer room. The reference path (protobufjs reflection, what the codec falls back
 * to for values and bytes its generated fast path does not take) is measured beside it.
 */

const GOAL_PER_SECOND = 1_500_000;
const CALLS = 300_000;
const RUNS = 5;
const DISTINCT = 1000;

const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')} /s`;

function records(body: Event | Effect): JournalRecord[] {
  return Array.from({ length: DISTINCT }, (_, i) => ({
    sequence: BigInt(i + 1), monotonicNs: 5_000_000_000n + BigInt(i) * 1_000_000n,
    wallNs: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n, nodeId: 'bench', body,
  }));
}

/** Median calls per second of `call` on each input in turn, after a warm-up run. */
function perSecond<T>(inputs: readonly T[], call: (input: T) => unknown): number {
  const rates: number[] = [];
  let sink = 0;
  for (let run = 0; run <= RUNS; run++) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) if (call(inputs[i % inputs.length] as T) !== undefined) sink++;
    if (run > 0) rates.push((CALLS / (performance.now() - start)) * 1000);
  }
  if (sink === 0) throw new Error('bench: nothing was encoded or decoded');
  return median(rates);
}

function row(name: string, measured: number, goal: number | undefined): BenchRow {
  return {
    name, vigil: rate(measured), goal: goal === undefined ? '-' : `>= ${goal.toLocaleString('en-US')}`, keepalived: 'n/a',
    verdict: goal === undefined ? 'n/a' : measured >= goal ? 'met' : 'missed',
  };
}

export function codecRows(): BenchRow[] {
  const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
  const reference = reflectionCodec(root, buildSchemaModel(root));
  const rows: BenchRow[] = [];
  for (const [what, body] of [['AdvertReceived', eventSamples.AdvertReceived], ['SendAdvert', effectSamples.SendAdvert]] as const) {
    const values = records(body);
    const encoded = values.map(encodeRecord);
    for (const [i, bytes] of encoded.entries()) {
      const decoded = decodeRecord(bytes);
      if (!decoded.ok || decoded.value.sequence !== values[i]?.sequence) throw new Error(`bench: ${what} records do not round-trip`);
    }
    const size = `${encoded[0]?.length ?? 0} B`;
    rows.push(row(`codec: encodeRecord, ${what} record (${size})`, perSecond(values, encodeRecord), GOAL_PER_SECOND));
    rows.push(row(`codec: decodeRecord, ${what} record (${size})`, perSecond(encoded, decodeRecord), GOAL_PER_SECOND));
    if (what === 'AdvertReceived') {
      rows.push(row('  the reference path (protobufjs reflection): encode, same records', perSecond(values, (v) => reference.encode('Record', v)), undefined));
      rows.push(row('  the reference path (protobufjs reflection): decode, same records', perSecond(encoded, (b) => reference.decode('Record', b)), undefined));
    }
  }
  return rows;
}
