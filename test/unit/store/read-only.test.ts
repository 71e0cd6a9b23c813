// The read-only reader replay and postmortem use: a torn last record is a tail it reports and
// stops at; a middle record whose length was damaged so that it runs past the end is damage, not
// a tail, and the reader refuses rather than drop every record after it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { segmentName } from '../../../adapters/store/file/format.js';
import { JournalReadError } from '../../../adapters/store/file/reader.js';
import { readJournalDirectory } from '../../../adapters/store/file/read-only.js';
import { flipBit, layout, tempDir, truncateTo, writeJournal } from './helpers.js';

const SEGMENT = segmentName(1n);

describe('readJournalDirectory', () => {
  it('reads a torn last record as a tail and keeps the records before it', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 5);
    const path = join(directory, SEGMENT);
    const { frames } = await layout(path);
    const last = frames.at(-1);
    assert.ok(last !== undefined);
    await truncateTo(path, last.offset + 12);
    const read = readJournalDirectory(directory);
    assert.equal(read.records.length, 4);
    assert.match(read.tornTail?.reason ?? '', /present/);
  });

  it('refuses a middle record whose length now runs past the end of the file', async (t) => {
    const directory = await tempDir(t);
    await writeJournal(directory, 5);
    const path = join(directory, SEGMENT);
    const { frames } = await layout(path);
    const second = frames[1];
    assert.ok(second !== undefined);
    await flipBit(path, second.offset + 2, 6); // the length's third byte: +4 MiB
    assert.throws(() => readJournalDirectory(directory), (e: unknown) => e instanceof JournalReadError && e.message.includes('an intact record follows'));
  });
});
