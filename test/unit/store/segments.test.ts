// Segment files: named by their first sequence, rotated by size, a new one when the Vigil version or
// config changes, retention by total size and by age that never deletes the active segment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_RECORD_BYTES, parseSegmentName, segmentName } from '../../../adapters/store/file/format.js';
import { decodeHeader } from '../../../adapters/store/file/header.js';
import { draft } from '../../support/store-contract.js';
import { eventSamples } from '../events/samples.js';
import { layout, open, readAll, range, segmentNames, tempDir, writeJournal } from './helpers.js';

const advert = (n: number): ReturnType<typeof draft> => draft(n, eventSamples.AdvertReceived);

describe('segment files', () => {
  it('are named by their first sequence, 20 digits, and only such names are segments', () => {
    assert.equal(segmentName(1n), '00000000000000000001.seg');
    assert.equal(segmentName(2n ** 64n - 1n), '18446744073709551615.seg');
    assert.equal(parseSegmentName('00000000000000000042.seg'), 42n);
    for (const other of ['42.seg', '00000000000000000042.seg.partial', '00000000000000000042.seg.7.corrupt', 'LOCK']) {
      assert.equal(parseSegmentName(other), undefined, other);
    }
  });

  it('rotate before a segment would pass its size, each starting where the previous one ended', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 100, { segmentBytes: 2048 });
    const names = await segmentNames(directory);
    assert.ok(names.length > 3, `${names.length} segments`);
    let next = 1n;
    for (const name of names) {
      const { bytes, frames } = await layout(join(directory, name));
      assert.ok(bytes.length <= 2048, `${name}: ${bytes.length} bytes`);
      const header = decodeHeader(bytes);
      assert.equal(header.ok && header.header.firstSequence, next, name);
      assert.equal(parseSegmentName(name), next);
      next += BigInt(frames.length);
    }
    assert.equal(next, 101n);
    const reopened = await open(directory, { segmentBytes: 2048 });
    assert.deepEqual(await readAll(reopened), range(1, 100));
    await reopened.close();
  });

  it('hold a record larger than the segment size alone', async (t) => {
    const directory = await tempDir(t);
    const journal = await open(directory, { segmentBytes: 256 });
    journal.append([advert(1), draft(2, eventSamples.ConfigLoaded), advert(3)]);
    await journal.close();
    assert.deepEqual(await segmentNames(directory), [1n, 2n, 3n].map(segmentName));
  });

  it('refuse a record over the 64 MiB a frame may hold, with the rest of its batch', async (t) => {
    const directory = await tempDir(t);
    const journal = await open(directory);
    const huge = draft(2, { kind: 'CheckResult', checker: 'HTTP_GET', ok: false, detail: 'x'.repeat(MAX_RECORD_BYTES) });
    assert.throws(() => journal.append([advert(1), huge]), /over the 67108864 a frame may hold/);
    assert.equal(journal.lastSequence, 0n);
    await journal.close();
  });

  it('start anew when the journal is opened by another Vigil version or under another config', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 3);
    await writeJournal(directory, 0, { configDigest: 'd1ff' });
    const names = await segmentNames(directory);
    assert.deepEqual(names, [segmentName(1n), segmentName(4n)]);
    const { bytes } = await layout(join(directory, segmentName(4n)));
    const header = decodeHeader(bytes);
    assert.equal(header.ok && header.header.configDigest, 'd1ff');
    // An empty last segment is rewritten in place rather than followed by another.
    await writeJournal(directory, 2, { vigilVersion: '0.2.0', configDigest: 'd1ff' });
    assert.deepEqual(await segmentNames(directory), [segmentName(1n), segmentName(4n)]);
    const reopened = await open(directory, { vigilVersion: '0.2.0', configDigest: 'd1ff' });
    assert.deepEqual(await readAll(reopened), range(1, 5));
    await reopened.close();
  });
});

describe('retention', () => {
  it('deletes the oldest segments while the journal is over its size, never the active one', async (t) => {
    const directory = await tempDir(t);
    const deleted: string[] = [];
    const journal = await open(directory, { segmentBytes: 1024, retention: { maxBytes: 3000 }, onRetention: (o) => deleted.push(...o.deleted) });
    for (let n = 1; n <= 200; n++) journal.append([advert(n)]);
    await journal.close();
    const names = await segmentNames(directory);
    const sizes = await Promise.all(names.map(async (n) => (await stat(join(directory, n))).size));
    assert.ok(sizes.reduce((a, b) => a + b, 0) <= 3000 + 1024, `kept ${sizes.join(' + ')} bytes`);
    assert.ok(deleted.length > 0);
    assert.deepEqual([...deleted, ...names].sort(), [...deleted, ...names], 'the oldest went first');
    const reopened = await open(directory, { segmentBytes: 1024 });
    const sequences = await readAll(reopened);
    assert.equal(sequences.at(-1), 200n);
    assert.equal(sequences[0], parseSegmentName(names[0] ?? ''), 'reading from 1 starts at the first record kept');
    await reopened.close();
  });

  it('keeps the active segment even when it alone is over the limit', async (t) => {
    const directory = await tempDir(t);
    const journal = await open(directory, { retention: { maxBytes: 10 } });
    journal.append([advert(1), advert(2)]);
    await journal.close();
    const reopened = await open(directory, { retention: { maxBytes: 10 } });
    assert.deepEqual(await readAll(reopened), range(1, 2));
    await reopened.close();
  });

  it('deletes segments last written longer ago than the age limit, when it next rotates or opens', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 60, { segmentBytes: 1024 });
    const names = await segmentNames(directory);
    const old = new Date('2020-01-01T00:00:00Z');
    for (const name of names.slice(0, 2)) await utimes(join(directory, name), old, old);
    const day = 24 * 3600 * 1000;
    const deleted: string[] = [];
    const journal = await open(directory, { segmentBytes: 1024, retention: { maxAgeMs: day }, onRetention: (o) => deleted.push(...o.deleted) });
    await journal.close();
    assert.deepEqual(deleted, names.slice(0, 2));
    assert.deepEqual(await segmentNames(directory), names.slice(2));
  });

  it('never deletes the active segment, however old', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 3);
    const journal = await open(directory, { retention: { maxAgeMs: 1 }, nowMs: () => Date.now() + 3600_000 });
    assert.equal(journal.lastSequence, 3n);
    await journal.close();
    assert.deepEqual(await segmentNames(directory), [segmentName(1n)]);
  });
});
