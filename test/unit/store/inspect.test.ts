// The integrity check: what it reports on a sound journal, and each kind of damage it must name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRecord } from '../../../core/events/index.js';
import { FRAME_HEADER_BYTES, segmentName } from '../../../adapters/store/file/format.js';
import { inspectJournal } from '../../../adapters/store/file/inspect.js';
import { draft } from '../../support/store-contract.js';
import { eventSamples } from '../events/samples.js';
import { flipBit, frame, layout, NODE, open, segmentNames, tempDir, truncateTo, writeJournal } from './helpers.js';

const SEGMENT = segmentName(1n);

describe('journal integrity check', () => {
  for (const decode of [true, false]) {
    it(`summarises a sound journal${decode ? '' : ' (frames and CRCs only)'}`, async (t) => {
      const directory = await tempDir(t);
      await writeJournal(directory, 100, { segmentBytes: 4096 });
      const report = await inspectJournal(directory, { decode });
      assert.deepEqual(report.problems, []);
      assert.equal(report.ok, true);
      assert.equal(report.records, 100);
      assert.equal(report.firstSequence, 1n);
      assert.equal(report.lastSequence, 100n);
      assert.equal(report.firstWallNs, draft(1).wallNs);
      assert.equal(report.lastWallNs, draft(100).wallNs);
      const names = await segmentNames(directory);
      assert.deepEqual(report.segments.map((s) => s.name), names);
      assert.equal(report.segments[0]?.header?.nodeId, NODE);
      assert.equal(report.segments.reduce((n, s) => n + s.records, 0), 100);
      let payloadBytes = 0;
      let headerBytes = 0;
      for (const name of names) {
        const { frames, headerLength } = await layout(join(directory, name));
        payloadBytes += frames.reduce((n, f) => n + f.length, 0);
        headerBytes += headerLength;
      }
      assert.equal(report.framingBytes, 100 * FRAME_HEADER_BYTES);
      assert.equal(report.bytes, headerBytes + payloadBytes + report.framingBytes, 'a file is its headers, frame headers and records, nothing else');
    });
  }

  it('names a damaged record in a sealed segment and a torn tail in the last, with offsets', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 60, { segmentBytes: 2048 });
    const names = await segmentNames(directory);
    const last = names.at(-1) ?? '';
    const sealed = await layout(join(directory, SEGMENT));
    const tail = await layout(join(directory, last));
    const damaged = sealed.frames[3]?.offset ?? 0;
    await flipBit(join(directory, SEGMENT), damaged + 12);
    await truncateTo(join(directory, last), tail.bytes.length - 5);
    const report = await inspectJournal(directory);
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.map((p) => [p.segment, p.offset]), [[SEGMENT, damaged], [names[1], 0], [last, tail.frames.at(-1)?.offset]]);
    assert.match(report.problems[0]?.problem ?? '', /CRC32C mismatch/);
    assert.match(report.problems[1]?.problem ?? '', /previous segment ends before/);
    assert.match(report.problems[2]?.problem ?? '', /torn tail/);
  });

  it('names a record whose CRC is good but whose bytes do not decode, or belong to another node', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 2);
    const garbage = Uint8Array.from([0x08, 0x03, 0xff, 0xff, 0xff]);
    const stranger = encodeRecord({ ...draft(4, eventSamples.TimerFired), nodeId: 'lb2', sequence: 4n });
    await appendFile(join(directory, SEGMENT), Buffer.concat([frame(garbage), frame(stranger)]));
    const report = await inspectJournal(directory);
    assert.equal(report.records, 4);
    assert.deepEqual(report.problems.map((p) => p.problem.replace(/:.*/, '')), ['record 3 does not decode', 'record 4 names node "lb2"']);
    assert.equal((await inspectJournal(directory, { decode: false })).problems.length, 1, 'without decoding, only the last record is decoded');
  });

  it('lists what a repair set aside and what a crash left half-created', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 2);
    await writeFile(join(directory, `${SEGMENT}.80.corrupt`), new Uint8Array(3));
    await writeFile(join(directory, `${segmentName(3n)}.partial`), new Uint8Array(3));
    const report = await inspectJournal(directory);
    assert.deepEqual(report.setAside, [`${SEGMENT}.80.corrupt`]);
    assert.deepEqual(report.partials, [`${segmentName(3n)}.partial`]);
    assert.equal(report.ok, true);
  });

  it('reports a journal with no segment as empty', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 0);
    for (const name of await segmentNames(directory)) await rm(join(directory, name));
    const report = await inspectJournal(directory);
    assert.equal(report.records, 0);
    assert.equal(report.firstSequence, undefined);
    assert.equal(report.ok, true);
  });

  it('finds nothing wrong with what the journal itself wrote after recovering', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 10);
    await truncateTo(join(directory, SEGMENT), (await layout(join(directory, SEGMENT))).bytes.length - 3);
    const journal = await open(directory);
    journal.append([draft(10)]);
    await journal.close();
    const report = await inspectJournal(directory);
    assert.deepEqual(report.problems, []);
    assert.equal(report.lastSequence, 10n);
  });
});
