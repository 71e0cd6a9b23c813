// Segment headers: the round trip, a flipped bit in every field, a header cut short, and what
// opening a journal does with a damaged header.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdir, rename } from 'node:fs/promises';
import { crc32c } from '../../../adapters/store/file/crc32c.js';
import { FORMAT_VERSION, SCHEMA_VERSION, segmentName } from '../../../adapters/store/file/format.js';
import { decodeHeader, encodeHeader, type HeaderResult } from '../../../adapters/store/file/header.js';
import { JournalCorruptError } from '../../../adapters/store/file/recovery.js';
import { draft } from '../../support/store-contract.js';
import { flipBit, journalOptions, open, readAll, range, segmentNames, tempDir, writeJournal } from './helpers.js';

const fields = { firstSequence: 4242n, nodeId: 'lb1.example.net', vigilVersion: '0.1.0', configDigest: 'ab'.repeat(32) };
const header = encodeHeader(fields);
const nodeIdAt = 26;
const digestAt = nodeIdAt + fields.nodeId.length + 2 + fields.vigilVersion.length + 2;
const crcAt = header.length - 4;

interface Field {
  readonly field: string;
  readonly from: number;
  readonly to: number;
  /** The error a flipped bit in this field must produce. */
  readonly error: RegExp;
}

/** Every field of a header with these strings, with its byte range (README.md draws it). */
function headerLayout(strings: { nodeId: string; vigilVersion: string; configDigest: string }): Field[] {
  const versionAt = 26 + strings.nodeId.length + 2;
  const digest = versionAt + strings.vigilVersion.length + 2;
  const crc = digest + strings.configDigest.length;
  return [
    { field: 'magic', from: 0, to: 8, error: /bad magic/ },
    { field: 'format version', from: 8, to: 10, error: /format version/ },
    { field: 'schema version', from: 10, to: 12, error: /CRC32C mismatch/ },
    { field: 'header length', from: 12, to: 16, error: /length|CRC32C mismatch/ },
    { field: 'first sequence', from: 16, to: 24, error: /CRC32C mismatch/ },
    { field: 'node id length', from: 24, to: 26, error: /CRC32C mismatch/ },
    { field: 'node id', from: 26, to: versionAt - 2, error: /CRC32C mismatch/ },
    { field: 'Vigil version length', from: versionAt - 2, to: versionAt, error: /CRC32C mismatch/ },
    { field: 'Vigil version', from: versionAt, to: digest - 2, error: /CRC32C mismatch/ },
    { field: 'config digest length', from: digest - 2, to: digest, error: /CRC32C mismatch/ },
    { field: 'config digest', from: digest, to: crc, error: /CRC32C mismatch/ },
    { field: 'header CRC32C', from: crc, to: crc + 4, error: /CRC32C mismatch/ },
  ];
}

const layout = headerLayout(fields);

function errorOf(result: HeaderResult): string {
  if (result.ok) return assert.fail('the header decoded');
  return result.error;
}

function flipped(bytes: Uint8Array, offset: number, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = (copy[offset] ?? 0) ^ (1 << bit);
  return copy;
}

/** A header with `edit` applied and its CRC recomputed: damage the CRC cannot see. */
function resealed(edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const bytes = header.slice();
  const view = new DataView(bytes.buffer);
  edit(bytes, view);
  view.setUint32(crcAt, crc32c(bytes, 0, crcAt), true);
  return bytes;
}

describe('segment header', () => {
  it('decodes what it encodes', () => {
    const decoded = decodeHeader(header);
    assert.deepEqual(decoded, { ok: true, length: header.length, header: { ...fields, formatVersion: FORMAT_VERSION, schemaVersion: SCHEMA_VERSION } });
  });

  it('covers every byte of the header with the layout above', () => {
    assert.deepEqual(layout.flatMap((f) => range(f.from, f.to - 1)), range(0, header.length - 1));
  });

  for (const { field, from, to, error } of layout) {
    it(`rejects a flipped bit in the ${field}`, () => {
      for (let offset = from; offset < to; offset++) {
        for (let bit = 0; bit < 8; bit++) {
          assert.match(errorOf(decodeHeader(flipped(header, offset, bit))), error, `byte ${offset} bit ${bit}`);
        }
      }
    });
  }

  it('rejects a header cut short at every length', () => {
    for (let length = 0; length < header.length; length++) {
      assert.equal(decodeHeader(header.subarray(0, length)).ok, false, `${length} bytes`);
    }
  });

  it('rejects a record schema newer than this build reads, and first sequence 0, even with a good CRC', () => {
    const newer = decodeHeader(resealed((_b, view) => { view.setUint16(10, SCHEMA_VERSION + 1, true); }));
    assert.deepEqual(newer, { ok: false, error: `header: record schema version ${SCHEMA_VERSION + 1}, this build reads 1 to ${SCHEMA_VERSION}` });
    const zero = decodeHeader(resealed((_b, view) => { view.setBigUint64(16, 0n, true); }));
    assert.deepEqual(zero, { ok: false, error: 'header: first sequence 0 (sequences start at 1)' });
  });

  it('rejects string lengths that do not add up, and strings that are not UTF-8, even with a good CRC', () => {
    assert.match(errorOf(decodeHeader(resealed((_b, view) => { view.setUint16(24, 500, true); }))), /node id runs past the header/);
    assert.match(errorOf(decodeHeader(resealed((_b, view) => { view.setUint16(digestAt - 2, 10, true); }))), /stray bytes/);
    assert.match(errorOf(decodeHeader(resealed((bytes) => { bytes[nodeIdAt] = 0xff; }))), /node id is not UTF-8/);
  });

  it('refuses to encode a header longer than a reader reads', () => {
    assert.throws(() => encodeHeader({ ...fields, configDigest: 'x'.repeat(5000) }), RangeError);
  });
});

describe('opening a journal with a damaged segment header', () => {
  it('fails on any flipped header bit of the last segment, naming the segment at offset 0', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 3);
    const segment = segmentName(1n);
    const path = join(directory, segment);
    for (const { field, from } of headerLayout(journalOptions(directory))) {
      await flipBit(path, from, 3);
      await assert.rejects(open(directory), (error: unknown) => {
        assert.ok(error instanceof JournalCorruptError, field);
        assert.equal(error.segment, segment);
        assert.equal(error.offset, 0);
        assert.match(error.message, new RegExp(`${segment}@0: header`));
        return true;
      });
      await flipBit(path, from, 3);
    }
    const journal = await open(directory);
    assert.deepEqual(await readAll(journal), range(1, 3));
    await journal.close();
  });

  it('fails on a header naming another node, or a first sequence other than its file name', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 3);
    await assert.rejects(openAs(directory, 'lb2'), /node id "lb1", this journal is "lb2"'s/);
    const other = await tempDir(t);
    await writeJournal(other, 3);
    await rename(join(other, segmentName(1n)), join(other, segmentName(7n)));
    await assert.rejects(open(other), /first sequence 1, but the file is named for 7/);
  });

  it('with repair, sets the damaged segment and every later one aside and continues after the last good one', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 40, { segmentBytes: 1024 });
    const names = await segmentNames(directory);
    assert.ok(names.length >= 3, `${names.length} segments`);
    const damaged = names[1] ?? '';
    await flipBit(join(directory, damaged), 20);
    await assert.rejects(open(directory), JournalCorruptError);
    const journal = await open(directory, { repair: true });
    const keptLast = BigInt(damaged.slice(0, 20)) - 1n;
    assert.equal(journal.lastSequence, keptLast);
    assert.deepEqual(journal.recovery.repaired.map((r) => r.segment), names.slice(1));
    assert.deepEqual(await readAll(journal), range(1, Number(keptLast)));
    assert.deepEqual(journal.append([draft(1)]), { first: keptLast + 1n, last: keptLast + 1n });
    await journal.close();
    const files = await readdir(directory);
    for (const name of names.slice(1)) assert.ok(files.includes(`${name}.corrupt`), `${name} set aside`);
  });
});

function openAs(directory: string, nodeId: string): ReturnType<typeof open> {
  return open(directory, { nodeId });
}
