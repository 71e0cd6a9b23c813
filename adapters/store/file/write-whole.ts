// Writing a finished history as a journal in one go (a simulated node's run, a test fixture): one
// sealed segment in the file journal's format, readable by every journal tool.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord, type Record as JournalRecord } from '../../../core/events/index.js';
import { FRAME_HEADER_BYTES, segmentName } from './format.js';
import { writeFrame } from './frame.js';
import { encodeHeader } from './header.js';

export interface WholeJournal {
  readonly directory: string;
  readonly nodeId: string;
  readonly vigilVersion: string;
  readonly configDigest: string;
  /** In sequence order, contiguous from the first. */
  readonly records: readonly JournalRecord[];
}

export function writeWholeJournal(j: WholeJournal): string {
  const firstSequence = j.records[0]?.sequence ?? 1n;
  const header = encodeHeader({ firstSequence, nodeId: j.nodeId, vigilVersion: j.vigilVersion, configDigest: j.configDigest });
  const payloads = j.records.map(encodeRecord);
  const size = header.length + payloads.reduce((sum, p) => sum + FRAME_HEADER_BYTES + p.length, 0);
  const bytes = new Uint8Array(size);
  bytes.set(header, 0);
  let offset = header.length;
  for (const p of payloads) offset = writeFrame(bytes, offset, p);
  mkdirSync(j.directory, { recursive: true });
  const file = join(j.directory, segmentName(firstSequence));
  writeFileSync(file, bytes);
  return file;
}
