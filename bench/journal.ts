import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ActiveSegment } from '../adapters/store/file/active-segment.js';
import { segmentName } from '../adapters/store/file/format.js';
import { writeFrame } from '../adapters/store/file/frame.js';
import { GroupCommit, type FsyncPolicy } from '../adapters/store/file/group-commit.js';
import { encodeHeader } from '../adapters/store/file/header.js';
import { inspectJournal } from '../adapters/store/file/inspect.js';
import { openFileJournal } from '../adapters/store/file/journal.js';
import { createSegment } from '../adapters/store/file/segments.js';
import type { RecordDraft } from '../adapters/store/store.js';
import { encodeRecord, type Record as JournalRecord } from '../core/events/index.js';
import { eventSamples } from '../test/unit/events/samples.js';
import { median, type BenchRow } from './table.js';

/**
 * The embedded file journal (issue 5 "Done means"): append throughput for each fsync policy with
 * real AdvertReceived records (a keepalived 2.2.7 advert), one record per append as a daemon appends
 * them, yielding to the event loop every 1,000 appends; how much of it is the codec; framing bytes per
 * record; and the time to open and verify a 1 GB journal. Everything on real files in a temporary
 * directory, removed afterwards; the 1 GB is read back from the page cache (it was just written).
 */

const APPENDS = 300_000;
const RUNS = 3;
const GOAL_APPENDS_PER_SECOND = 500_000;
const GOAL_FRAMING_BYTES = 16;
const NODE = 'bench';
const HEADER = { nodeId: NODE, vigilVersion: '0.1.0', configDigest: 'ab'.repeat(32) };
const BIG_JOURNAL_BYTES = 1024 ** 3;
/** Decoding every record of 1 GB takes most of a minute: it is measured on this much and scaled. */
const DECODE_SAMPLE_BYTES = 128 * 1024 ** 2;

function advert(n: number): RecordDraft {
  return { monotonicNs: 5_000_000_000n + BigInt(n) * 1_000_000n, wallNs: 1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n, nodeId: NODE, body: eventSamples.AdvertReceived };
}

const perSecond = (count: number, ms: number): number => (count / ms) * 1000;
const rate = (n: number): string => `${Math.round(n).toLocaleString('en-US')} /s`;

/** Appends APPENDS records one per call and waits until the last is durable; records per second. */
async function appendRate(directory: string, fsync: FsyncPolicy): Promise<number> {
  const journal = await openFileJournal({ directory, ...HEADER, fsync });
  try {
    const start = performance.now();
    for (let i = 1; i <= APPENDS; i++) {
      journal.append([advert(i)]);
      if (i % 1000 === 0) await nextTurn();
    }
    await journal.whenDurable(journal.lastSequence);
    return perSecond(APPENDS, performance.now() - start);
  } finally {
    await journal.close();
  }
}

/** encodeRecord alone on the same records, yielding as the appends do: the codec's share. */
async function encodeRate(): Promise<number> {
  const start = performance.now();
  for (let i = 1; i <= APPENDS; i++) {
    encodeRecord({ ...advert(i), sequence: BigInt(i) });
    if (i % 1000 === 0) await nextTurn();
  }
  return perSecond(APPENDS, performance.now() - start);
}

/** The journal's own path: frame, CRC32C, write, fsync batch, on records already encoded. */
async function framedWriteRate(directory: string): Promise<number> {
  const payloads = Array.from({ length: 1000 }, (_, i) => encodeRecord({ ...advert(i), sequence: BigInt(i + 1) }));
  const created = await createSegment(directory, { ...HEADER, firstSequence: 1n });
  const segment = new ActiveSegment({ directory, header: HEADER, retention: {}, nowMs: Date.now, onRetention: () => undefined }, [created.file], created.handle, created.size);
  const commit = new GroupCommit(segment, 'batch', 10, 0n);
  try {
    const start = performance.now();
    for (let i = 1; i <= APPENDS; i++) {
      commit.add(payloads[i % 1000] ?? new Uint8Array(), BigInt(i));
      if (i % 1000 === 0) await nextTurn();
    }
    await commit.durable.reach(BigInt(APPENDS));
    return perSecond(APPENDS, performance.now() - start);
  } finally {
    await commit.close();
    await segment.close();
  }
}

async function appendRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const fsync of ['batch', 'always', 'none'] as const) {
    const rates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const directory = mkdtempSync(join(tmpdir(), 'vigil-bench-journal-'));
      try {
        rates.push(await appendRate(directory, fsync));
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }
    const measured = median(rates);
    const goal = fsync === 'batch' ? GOAL_APPENDS_PER_SECOND : undefined;
    rows.push({
      name: `journal append, fsync ${fsync}${fsync === 'batch' ? ' (default, 10 ms)' : fsync === 'always' ? ' (group commit)' : ''}: AdvertReceived/s`,
      vigil: rate(measured),
      goal: goal === undefined ? '-' : `>= ${goal.toLocaleString('en-US')}`,
      keepalived: 'n/a',
      verdict: goal === undefined ? 'n/a' : measured >= goal ? 'met' : 'missed',
    });
  }
  const encoded: number[] = [];
  for (let run = 0; run < RUNS; run++) encoded.push(await encodeRate());
  rows.push({ name: '  the codec alone: encodeRecord on the same records', vigil: rate(median(encoded)), goal: '-', keepalived: 'n/a', verdict: 'n/a' });
  const framed: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const directory = mkdtempSync(join(tmpdir(), 'vigil-bench-journal-'));
    try {
      framed.push(await framedWriteRate(directory));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  rows.push({ name: '  the journal alone: frame + CRC32C + write + fsync batch, records pre-encoded', vigil: rate(median(framed)), goal: '-', keepalived: 'n/a', verdict: 'n/a' });
  return rows;
}

/**
 * The bytes of record `sequence` built from a template encoded once: fields 1-3 (sequence,
 * monotonic and wall time) as varints, then the rest. protobufjs writes fields in field-number order
 * and leaves zeros out, so this is encodeRecord's output (checked below), at a fraction of its cost.
 */
function recordBuilder(): (sequence: bigint) => Uint8Array {
  const rest = encodeRecord({ ...advert(0), monotonicNs: 0n, wallNs: 0n, sequence: 0n });
  const varint = (field: number, value: bigint, into: number[]): void => {
    into.push(field << 3);
    let v = value;
    while (v >= 0x80n) {
      into.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    into.push(Number(v));
  };
  return (sequence) => {
    const { monotonicNs, wallNs } = advert(Number(sequence));
    const head: number[] = [];
    varint(1, sequence, head);
    varint(2, monotonicNs, head);
    varint(3, wallNs, head);
    const bytes = new Uint8Array(head.length + rest.length);
    bytes.set(head);
    bytes.set(rest, head.length);
    return bytes;
  };
}

/** Writes a journal of about `bytes` in 64 MiB segments, straight in the file format. */
function generateJournal(directory: string, bytes: number): { records: number; payloadBytes: number } {
  const build = recordBuilder();
  for (const check of [1n, 300n, 123_456_789n]) {
    const expected: JournalRecord = { ...advert(Number(check)), sequence: check };
    if (Buffer.compare(build(check), encodeRecord(expected)) !== 0) throw new Error('bench: record template differs from encodeRecord');
  }
  const segmentBytes = 64 * 1024 ** 2;
  const buffer = new Uint8Array(1024 * 1024);
  let sequence = 1n;
  let total = 0;
  let payloadBytes = 0;
  while (total < bytes) {
    const fd = openSync(join(directory, segmentName(sequence)), 'w');
    let written = 0;
    const header = encodeHeader({ ...HEADER, firstSequence: sequence });
    writeSync(fd, header);
    written += header.length;
    let filled = 0;
    while (written + filled < segmentBytes) {
      const payload = build(sequence);
      if (filled + 8 + payload.length > buffer.length) {
        writeSync(fd, buffer, 0, filled);
        written += filled;
        filled = 0;
      }
      filled = writeFrame(buffer, filled, payload);
      payloadBytes += payload.length;
      sequence++;
    }
    writeSync(fd, buffer, 0, filled);
    closeSync(fd);
    total += written + filled;
  }
  return { records: Number(sequence - 1n), payloadBytes };
}

async function bigJournalRows(): Promise<BenchRow[]> {
  const directory = mkdtempSync(join(tmpdir(), 'vigil-bench-journal-'));
  const sample = mkdtempSync(join(tmpdir(), 'vigil-bench-journal-'));
  try {
    const { records, payloadBytes } = generateJournal(directory, BIG_JOURNAL_BYTES);
    let start = performance.now();
    const journal = await openFileJournal({ directory, ...HEADER });
    const openMs = performance.now() - start;
    await journal.close();
    start = performance.now();
    const crcOnly = await inspectJournal(directory, { decode: false });
    const crcMs = performance.now() - start;
    if (!crcOnly.ok || crcOnly.records !== records) throw new Error(`bench: 1 GB journal did not verify: ${JSON.stringify(crcOnly.problems[0])}`);
    const gib = (crcOnly.bytes / 1024 ** 3).toFixed(2);
    generateJournal(sample, DECODE_SAMPLE_BYTES);
    start = performance.now();
    const decoded = await inspectJournal(sample);
    const decodeMs = performance.now() - start;
    if (!decoded.ok) throw new Error(`bench: sample journal did not verify: ${JSON.stringify(decoded.problems[0])}`);
    const scaled = (decodeMs * crcOnly.bytes) / decoded.bytes;
    const framing = (crcOnly.bytes - crcOnly.segments.length * encodeHeader({ ...HEADER, firstSequence: 1n }).length - payloadBytes) / records;
    return [
      {
        name: 'journal framing bytes per record (AdvertReceived record, measured on the files)',
        vigil: `${framing} (record ${Math.round(payloadBytes / records)} B)`,
        goal: `<= ${GOAL_FRAMING_BYTES}`, keepalived: 'n/a', verdict: framing <= GOAL_FRAMING_BYTES ? 'met' : 'missed',
      },
      { name: `journal open after a crash, ${gib} GiB (${records.toLocaleString('en-US')} records): scan last segment`, vigil: `${openMs.toFixed(0)} ms`, goal: '-', keepalived: 'n/a', verdict: 'n/a' },
      { name: `journal verify ${gib} GiB: every frame, CRC32C and sequence`, vigil: `${(crcMs / 1000).toFixed(1)} s`, goal: '-', keepalived: 'n/a', verdict: 'n/a' },
      {
        name: `journal verify ${gib} GiB: every record decoded too (scaled from ${DECODE_SAMPLE_BYTES / 1024 ** 2} MiB)`,
        vigil: `${(scaled / 1000).toFixed(1)} s (measured ${(decodeMs / 1000).toFixed(1)} s)`, goal: '-', keepalived: 'n/a', verdict: 'n/a',
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
    rmSync(sample, { recursive: true, force: true });
  }
}

export async function journalRows(): Promise<BenchRow[]> {
  return [...(await appendRows()), ...(await bigJournalRows())];
}
