// Journals on real files for the file-journal tests: a temporary directory removed after the test,
// a journal of known records, and where each field of a segment lies, for damaging it on purpose.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { crc32c } from '../../../adapters/store/file/crc32c.js';
import { decodeHeader } from '../../../adapters/store/file/header.js';
import { openFileJournal, type FileJournal, type FileJournalOptions } from '../../../adapters/store/file/journal.js';
import { CONTRACT_NODE, draft } from '../../support/store-contract.js';
import { eventSamples } from '../events/samples.js';

export const NODE = CONTRACT_NODE;

export async function tempDir(t: TestContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'vigil-journal-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

export function journalOptions(directory: string, options: Partial<FileJournalOptions> = {}): FileJournalOptions {
  return { directory, nodeId: NODE, vigilVersion: '0.1.0-test', configDigest: 'c0ffee', fsync: 'none', ...options };
}

export function open(directory: string, options: Partial<FileJournalOptions> = {}): Promise<FileJournal> {
  return openFileJournal(journalOptions(directory, options));
}

/** A journal of `count` AdvertReceived records (sequences 1..count), closed. */
export async function writeJournal(directory: string, count: number, options: Partial<FileJournalOptions> = {}): Promise<void> {
  const journal = await open(directory, options);
  journal.append(Array.from({ length: count }, (_, i) => draft(i + 1, eventSamples.AdvertReceived)));
  await journal.close();
}

export async function segmentNames(directory: string): Promise<string[]> {
  return (await readdir(directory)).filter((n) => n.endsWith('.seg')).sort();
}

/** Where things are in a segment file: its header's length and each frame's offset and length. */
export interface SegmentLayout {
  readonly bytes: Uint8Array;
  readonly headerLength: number;
  readonly frames: readonly { readonly offset: number; readonly length: number }[];
}

export async function layout(path: string): Promise<SegmentLayout> {
  const bytes = new Uint8Array(await readFile(path));
  const header = decodeHeader(bytes);
  if (!header.ok) throw new Error(`${path}: ${header.error}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: { offset: number; length: number }[] = [];
  for (let offset = header.length; offset + 8 <= bytes.length;) {
    const length = view.getUint32(offset, true);
    frames.push({ offset, length });
    offset += 8 + length;
  }
  return { bytes, headerLength: header.length, frames };
}

/** Rewrites the file with one bit of byte `offset` flipped. */
export async function flipBit(path: string, offset: number, bit = 0): Promise<void> {
  const bytes = new Uint8Array(await readFile(path));
  bytes[offset] = (bytes[offset] ?? 0) ^ (1 << bit);
  await writeFile(path, bytes);
}

export async function truncateTo(path: string, length: number): Promise<void> {
  const bytes = await readFile(path);
  await writeFile(path, bytes.subarray(0, length));
}

export async function readAll(journal: FileJournal): Promise<bigint[]> {
  const sequences: bigint[] = [];
  for await (const stored of journal.read(1n)) sequences.push(stored.record.sequence);
  return sequences;
}

export function range(first: number, last: number): bigint[] {
  return Array.from({ length: last - first + 1 }, (_, i) => BigInt(first + i));
}

/** A record frame written out by hand from the format (README.md), not by the journal's writer. */
export function frame(payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(8 + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32c(payload), true);
  bytes.set(payload, 8);
  return bytes;
}
