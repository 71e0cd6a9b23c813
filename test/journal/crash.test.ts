// The journal's crash test (issue 5 "Done means"): a writer process appending under load is killed
// with SIGKILL at random moments, 200 times (100 under fsync batch, 100 under fsync always, the two
// running side by side); after half the kills the last segment is also cut as a power cut would
// cut it (anywhere after the last durable record). Then the journal opens; every record the writer
// was told is durable is there, and every record there is byte for byte what its sequence must
// hold; no torn bytes are left; and appending resumes with the next sequence.
// VIGIL_CRASH_ROUNDS changes the number of kills, VIGIL_CRASH_SEED replays the kill times of a run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileJournal, type FileJournal } from '../../adapters/store/file/journal.js';
import { SegmentScanner } from '../../adapters/store/file/segment-scan.js';
import { listDirectory, readHeader } from '../../adapters/store/file/segments.js';
import { CRASH_CONFIG_DIGEST, CRASH_NODE, CRASH_VIGIL_VERSION, crashRecord, crashRecordBytes } from './crash-records.js';

const ROUNDS = Number(process.env['VIGIL_CRASH_ROUNDS'] ?? 200);
const SEED = Number(process.env['VIGIL_CRASH_SEED'] ?? Date.now() % 1_000_000);
/** Small segments, so that kills also land while a segment is sealed and the next one created. */
const SEGMENT_BYTES = 128 * 1024;
const WRITER = new URL('./crash-writer.ts', import.meta.url).pathname;

/** mulberry32: kill times that a seed reproduces (as far as process scheduling lets them). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  /** What the writer found on opening (`ready` line), if it got that far. */
  readonly ready?: bigint;
  /** The highest sequence the writer was told is durable. */
  readonly durable: bigint;
}

/** A writer process, loaded and waiting for the word to open the journal. */
interface Writer {
  /** Lets it go and kills it, at a moment `next` draws; resolves once it is dead. */
  run(next: () => number): Promise<Run>;
  /** Kills it if it never ran. */
  discard(): void;
}

function spawnWriter(directory: string, policy: string): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, directory, policy, String(SEGMENT_BYTES)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.on('close', (code, signal) => { resolve([code, signal]); });
  });
  const kill = (): void => { child.kill('SIGKILL'); };
  return {
    discard: kill,
    async run(next) {
      // Mostly a random 0-150 ms after it is ready; one time in five a random 0-40 ms after it is
      // let go: while it opens, and maybe recovers, the journal.
      if (next() < 0.2) {
        setTimeout(kill, next() * 40);
      } else {
        const delay = next() * 150;
        const onData = (): void => {
          if (!stdout.includes('ready')) return;
          child.stdout.off('data', onData);
          setTimeout(kill, delay);
        };
        child.stdout.on('data', onData);
      }
      child.stdin.end('go\n');
      const [code, signal] = await closed;
      assert.equal(signal, 'SIGKILL', `the writer exited by itself (code ${String(code)}): ${stderr}`);
      const ready = /^ready (\d+)$/m.exec(stdout)?.[1];
      const durable = [...stdout.matchAll(/^durable (\d+)$/gm)].reduce((max, m) => (BigInt(m[1] ?? 0) > max ? BigInt(m[1] ?? 0) : max), 0n);
      return ready === undefined ? { durable } : { ready: BigInt(ready), durable };
    },
  };
}

/**
 * Reads every frame of every segment and compares its bytes with what its sequence must hold;
 * fails on any damage or torn bytes left. Returns the last sequence.
 */
async function checkEveryByte(directory: string, expected: (sequence: bigint) => Uint8Array): Promise<bigint> {
  let sequence = 0n;
  for (const segment of (await listDirectory(directory)).segments) {
    assert.equal(segment.firstSequence, sequence + 1n, `${segment.name} follows on`);
    sequence = segment.firstSequence;
    const handle = await open(join(directory, segment.name), 'r');
    try {
      const header = await readHeader(handle);
      assert.ok(header.ok, `${segment.name}: ${header.ok ? '' : header.error}`);
      const scanner = new SegmentScanner(handle, (await handle.stat()).size);
      for await (const { bytes, frames } of scanner.batches(header.length)) {
        for (const frame of frames) {
          const stored = Buffer.from(bytes.buffer, bytes.byteOffset + frame.start, frame.end - frame.start);
          assert.ok(stored.equals(expected(sequence)), `${segment.name}@${frame.offset}: record ${sequence} is not what was appended`);
          sequence++;
        }
      }
      assert.equal(scanner.ended.stop, undefined, `${segment.name}: ${scanner.ended.stop?.reason ?? ''}`);
    } finally {
      await handle.close();
    }
    sequence--;
  }
  return sequence;
}

/**
 * What a power cut would leave: the last segment kept up to some point after its last durable
 * record, then, half the time, a few stray bytes (a block half written). Only fsynced bytes are
 * sure to survive, so only those must. A SIGKILL alone seldom tears a write: the kernel finishes a
 * small write(2) before the signal takes effect, so the writer's own kills rarely leave a torn tail.
 */
async function cutAfterDurable(directory: string, durable: bigint, next: () => number): Promise<void> {
  const last = (await listDirectory(directory)).segments.at(-1);
  if (last === undefined) return;
  const handle = await open(join(directory, last.name), 'r+');
  try {
    const header = await readHeader(handle);
    assert.ok(header.ok);
    const { size } = await handle.stat();
    let keep = header.length;
    const scanner = new SegmentScanner(handle, size);
    let sequence = last.firstSequence;
    for await (const { frames } of scanner.batches(header.length)) {
      for (const frame of frames) {
        if (sequence++ <= durable) keep = frame.offset + 8 + frame.end - frame.start;
      }
    }
    const cut = keep + Math.floor(next() * (size - keep + 1));
    await handle.truncate(cut);
    if (next() < 0.5) {
      const stray = Uint8Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256));
      await handle.write(stray, 0, stray.length, cut);
    }
  } finally {
    await handle.close();
  }
}

function openJournal(directory: string): Promise<FileJournal> {
  return openFileJournal({ directory, nodeId: CRASH_NODE, vigilVersion: CRASH_VIGIL_VERSION, configDigest: CRASH_CONFIG_DIGEST, fsync: 'always' });
}

describe('journal crash test: a writer killed with SIGKILL', { concurrency: 2 }, () => {
  for (const [index, policy] of (['batch', 'always'] as const).entries()) {
    const rounds = Math.ceil(ROUNDS / 2);
    it(`fsync ${policy}: ${rounds} kills lose or alter no durable record, and appending resumes (seed ${SEED})`, { timeout: 300_000 }, async (t) => {
      const directory = await mkdtemp(join(tmpdir(), `vigil-crash-${policy}-`));
      t.after(() => rm(directory, { recursive: true, force: true }));
      const next = random(SEED + index);
      const cache: Uint8Array[] = [];
      const expected = (sequence: bigint): Uint8Array => (cache[Number(sequence)] ??= crashRecordBytes(sequence));
      const seen = { torn: 0, powerCuts: 0, beforeReady: 0, records: 0n, durable: 0n };
      let last = 0n;
      let writer = spawnWriter(directory, policy);
      t.after(() => { writer.discard(); });
      for (let round = 1; round <= rounds; round++) {
        const where = `round ${round} (seed ${SEED})`;
        const run = await writer.run(next);
        // The next writer loads while this round is checked; it touches nothing before it is let go.
        writer = spawnWriter(directory, policy);
        if (run.ready === undefined) seen.beforeReady++;
        else assert.equal(run.ready, last, `${where}: the writer opened the journal at ${run.ready}, it ended at ${last}`);
        // Durable: what the writer was told, and everything the journal held before it started.
        const durable = run.durable > last ? run.durable : last;
        if (next() < 0.5) {
          seen.powerCuts++;
          await cutAfterDurable(directory, durable, next);
        }

        const journal = await openJournal(directory);
        try {
          if (journal.recovery.truncated !== undefined) seen.torn++;
          assert.ok(journal.lastSequence >= durable, `${where}: record ${durable} was durable, the journal ends at ${journal.lastSequence}`);
          assert.equal(await checkEveryByte(directory, expected), journal.lastSequence, where);
          // The records this round added, once more through the store's own reader.
          for await (const stored of journal.read(last + 1n)) {
            assert.ok(Buffer.from(stored.encoded).equals(expected(stored.record.sequence)), `${where}: ${stored.position}`);
          }
          seen.records += journal.lastSequence - last;
          seen.durable += durable - last;
          const recovered = journal.lastSequence;
          const resumed = journal.append([crashRecord(recovered + 1n)]);
          assert.equal(resumed.first, recovered + 1n, `${where}: appending resumes with the next sequence`);
          last = resumed.last;
        } finally {
          await journal.close();
        }
      }
      t.diagnostic(`${policy}: ${rounds} kills (${seen.beforeReady} before the writer was ready, ${seen.powerCuts} followed by a power cut), `
        + `${seen.records} records kept, ${seen.durable} acknowledged durable, ${seen.torn} torn tails cut off`);
      assert.ok(seen.durable > 0n, 'the writer got records acknowledged as durable');
      assert.ok(seen.torn > 0, 'some rounds left a torn tail to cut off');
    });
  }
});
