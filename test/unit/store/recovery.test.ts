// Opening a journal after damage: every way to cut the last record short, a flipped bit in every
// field of a record (length, CRC, payload) at the end and in the middle, and what repair sets aside.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRecord } from '../../../core/events/index.js';
import { segmentName } from '../../../adapters/store/file/format.js';
import { JournalCorruptError } from '../../../adapters/store/file/recovery.js';
import { draft } from '../../support/store-contract.js';
import { eventSamples } from '../events/samples.js';
import { flipBit, frame, layout, open, range, readAll, type SegmentLayout, tempDir, truncateTo, writeJournal } from './helpers.js';

const SEGMENT = segmentName(1n);
const RECORDS = 5;

/** A journal of RECORDS records in one segment: its directory, segment path, original bytes and layout. */
async function journal(t: Parameters<typeof tempDir>[0]): Promise<{ directory: string; path: string; original: Uint8Array; frames: SegmentLayout['frames'] }> {
  const directory = await tempDir(t);
  await writeJournal(directory, RECORDS);
  const path = join(directory, SEGMENT);
  const { bytes, frames } = await layout(path);
  return { directory, path, original: bytes, frames };
}

/** The bytes of each field of a frame, and a bit to flip in each byte. */
function recordFields(frame: { offset: number; length: number }): { field: string; from: number; to: number }[] {
  return [
    { field: 'length', from: frame.offset, to: frame.offset + 4 },
    { field: 'CRC', from: frame.offset + 4, to: frame.offset + 8 },
    { field: 'payload', from: frame.offset + 8, to: frame.offset + 8 + frame.length },
  ];
}

/** Opens, expects the last record cut off at `offset`, checks the rest and that appending goes on. */
async function expectTailCut(directory: string, offset: number, what: string): Promise<void> {
  const reopened = await open(directory);
  try {
    assert.equal(reopened.lastSequence, BigInt(RECORDS - 1), what);
    assert.equal(reopened.recovery.truncated?.segment, SEGMENT, what);
    assert.equal(reopened.recovery.truncated.offset, offset, what);
    assert.deepEqual(await readAll(reopened), range(1, RECORDS - 1), what);
    assert.deepEqual(reopened.append([draft(RECORDS)]), { first: BigInt(RECORDS), last: BigInt(RECORDS) }, what);
  } finally {
    await reopened.close();
  }
}

describe('recovery of a torn or corrupt tail', () => {
  it('cuts the last record off wherever the file ends inside it, and appending goes on after the one before', async (t) => {
    const { directory, path, original, frames } = await journal(t);
    const last = frames.at(-1);
    assert.ok(last !== undefined);
    for (let end = last.offset + 1; end < original.length; end++) {
      await truncateTo(path, end);
      await expectTailCut(directory, last.offset, `file cut at ${end}`);
      await writeFile(path, original);
    }
  });

  it('reports nothing when the file ends on a record boundary', async (t) => {
    const { directory, path, frames } = await journal(t);
    await truncateTo(path, frames.at(-1)?.offset ?? 0);
    const reopened = await open(directory);
    assert.equal(reopened.lastSequence, BigInt(RECORDS - 1));
    assert.equal(reopened.recovery.truncated, undefined);
    await reopened.close();
  });

  for (const field of ['length', 'CRC', 'payload']) {
    it(`cuts off the last record when a bit of its ${field} is flipped`, async (t) => {
      const { directory, path, original, frames } = await journal(t);
      const last = frames.at(-1);
      assert.ok(last !== undefined);
      const { from, to } = recordFields(last).find((f) => f.field === field) ?? { from: 0, to: 0 };
      for (let offset = from; offset < to; offset++) {
        for (const bit of field === 'payload' ? [offset % 8] : [0, 1, 2, 3, 4, 5, 6, 7]) {
          await flipBit(path, offset, bit);
          await expectTailCut(directory, last.offset, `${field} byte ${offset - from} bit ${bit}`);
          await writeFile(path, original);
        }
      }
    });
  }

  it('cuts off zeros after the last record (blocks allocated but never written)', async (t) => {
    const { directory, path } = await journal(t);
    await appendFile(path, new Uint8Array(4096));
    const reopened = await open(directory);
    assert.equal(reopened.lastSequence, BigInt(RECORDS));
    assert.deepEqual(reopened.recovery.truncated?.bytes, 4096);
    await reopened.close();
  });

  it('cuts off a last record that has a good CRC but the wrong sequence', async (t) => {
    const { directory, path, frames } = await journal(t);
    await truncateTo(path, frames.at(-1)?.offset ?? 0);
    await appendFile(path, frame(encodeRecord({ ...draft(9), sequence: 9n })));
    const reopened = await open(directory);
    assert.equal(reopened.lastSequence, BigInt(RECORDS - 1));
    assert.match(reopened.recovery.truncated?.reason ?? '', /sequence 9 where 5 belongs/);
    await reopened.close();
  });

  it('removes a segment whose creation a crash interrupted', async (t) => {
    const { directory } = await journal(t);
    const partial = `${segmentName(BigInt(RECORDS + 1))}.partial`;
    await writeFile(join(directory, partial), new Uint8Array(10));
    const reopened = await open(directory);
    assert.deepEqual(reopened.recovery.removedPartials, [partial]);
    assert.equal(reopened.lastSequence, BigInt(RECORDS));
    await reopened.close();
    assert.ok(!(await readdir(directory)).includes(partial));
  });
});

describe('damage followed by good records', () => {
  for (const field of ['length', 'CRC', 'payload']) {
    it(`refuses to open when a bit of a middle record's ${field} is flipped, naming segment and offset`, async (t) => {
      const { directory, path, original, frames } = await journal(t);
      const middle = frames[1];
      assert.ok(middle !== undefined);
      const { from, to } = recordFields(middle).find((f) => f.field === field) ?? { from: 0, to: 0 };
      for (let offset = from; offset < to; offset++) {
        for (const bit of field === 'payload' ? [offset % 8] : [0, 3, 7]) {
          await flipBit(path, offset, bit);
          await assert.rejects(open(directory), (error: unknown) => {
            assert.ok(error instanceof JournalCorruptError, `${field} byte ${offset - from} bit ${bit}`);
            assert.equal(error.segment, SEGMENT);
            assert.equal(error.offset, middle.offset);
            assert.match(error.message, new RegExp(`${SEGMENT}@${middle.offset}: .*a good record follows at offset \\d+`));
            return true;
          });
          assert.deepEqual(await readFile(path), Buffer.from(flippedCopy(original, offset, bit)), 'the failed open changed nothing');
          await writeFile(path, original);
        }
      }
    });
  }

  it('refuses a middle record with a good CRC but the wrong sequence', async (t) => {
    const { directory, path, original, frames } = await journal(t);
    const middle = frames[1];
    assert.ok(middle !== undefined);
    const impostor = frame(encodeRecord({ ...draft(2, eventSamples.AdvertReceived), sequence: 7n }));
    assert.equal(impostor.length, middle.length + 8, 'same size, so the records after it stay in place');
    const bytes = original.slice();
    bytes.set(impostor, middle.offset);
    await writeFile(path, bytes);
    await assert.rejects(open(directory), /sequence 7 where 2 belongs/);
  });

  it('with repair, sets the rest of the segment aside from the damage on, and goes on after the last good record', async (t) => {
    const { directory, path, original, frames } = await journal(t);
    const middle = frames[1];
    assert.ok(middle !== undefined);
    await flipBit(path, middle.offset + 20);
    const repaired = await open(directory, { repair: true });
    const setAside = `${SEGMENT}.${middle.offset}.corrupt`;
    assert.deepEqual(repaired.recovery.repaired.map((r) => [r.segment, r.offset, r.file]), [[SEGMENT, middle.offset, setAside]]);
    assert.equal(repaired.recovery.truncated?.offset, middle.offset);
    assert.equal(repaired.lastSequence, 1n);
    assert.deepEqual(repaired.append([draft(2)]), { first: 2n, last: 2n });
    await repaired.close();
    const kept = new Uint8Array(await readFile(join(directory, setAside)));
    assert.deepEqual(kept, flippedCopy(original, middle.offset + 20, 0).subarray(middle.offset));
  });

  it('is found by a reader when it lies in a sealed segment, never skipped', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 30, { segmentBytes: 1024 });
    const { frames } = await layout(join(directory, SEGMENT));
    const second = frames[1];
    assert.ok(second !== undefined);
    await flipBit(join(directory, SEGMENT), second.offset + 30);
    const reopened = await open(directory);
    await assert.rejects(readAll(reopened), new RegExp(`${SEGMENT}@${second.offset}: CRC32C mismatch`));
    await reopened.close();
  });
});

function flippedCopy(bytes: Uint8Array, offset: number, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = (copy[offset] ?? 0) ^ (1 << bit);
  return copy;
}
