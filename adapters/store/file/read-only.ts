// Reading a journal directory without opening it for writing: for replay, postmortem and inspection
// tools, which must never truncate or repair what they are asked to examine. A torn tail in the last
// segment (a writer that died mid-write) ends the records and is reported; damage anywhere else is
// an error naming its place.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord, type Record as JournalRecord } from '../../../core/events/index.js';
import { parseSegmentName, positionOf } from './format.js';
import { tornOrDamaged, walkFrames } from './frame.js';
import { decodeHeader, type SegmentHeader } from './header.js';
import { JournalReadError } from './reader.js';

export interface JournalContents {
  readonly directory: string;
  /** The header of the first segment: node id, Vigil version, config digest. */
  readonly header: SegmentHeader | undefined;
  readonly records: readonly JournalRecord[];
  /** Where a torn tail was found and why, if the last segment ends in one. */
  readonly tornTail?: { readonly position: string; readonly reason: string };
}

/** The segment files, ascending by first sequence. */
function segmentsOf(directory: string): { name: string; firstSequence: bigint }[] {
  const out: { name: string; firstSequence: bigint }[] = [];
  for (const name of readdirSync(directory)) {
    const firstSequence = parseSegmentName(name);
    if (firstSequence !== undefined) out.push({ name, firstSequence });
  }
  return out.sort((a, b) => (a.firstSequence < b.firstSequence ? -1 : a.firstSequence > b.firstSequence ? 1 : 0));
}

/** Every record of the journal in `directory`, in sequence order, all in memory. */
export function readJournalDirectory(directory: string): JournalContents {
  const segments = segmentsOf(directory);
  const records: JournalRecord[] = [];
  let first: SegmentHeader | undefined;
  let tornTail: JournalContents['tornTail'];
  for (const [index, segment] of segments.entries()) {
    const bytes = readFileSync(join(directory, segment.name));
    const header = decodeHeader(bytes);
    if (!header.ok) throw new JournalReadError(directory, segment.name, 0, header.error);
    first ??= header.header;
    let expected = segment.firstSequence;
    let problem: string | undefined;
    const walk = walkFrames(bytes, header.length, bytes.length, (b, start, end, offset) => {
      if (problem !== undefined) return;
      const decoded = decodeRecord(b.subarray(start, end));
      if (!decoded.ok) problem = `${positionOf(segment.name, offset)}: record ${expected} does not decode: ${decoded.error}`;
      else if (decoded.value.sequence !== expected) problem = `${positionOf(segment.name, offset)}: holds sequence ${decoded.value.sequence} where ${expected} belongs`;
      else records.push(decoded.value);
      expected++;
    });
    if (problem !== undefined) throw new JournalReadError(directory, segment.name, 0, problem);
    if (walk.stop !== undefined) {
      const last = index === segments.length - 1;
      const stop = last ? tornOrDamaged(bytes, walk.stop, bytes.length) : walk.stop;
      if (!last || stop.kind !== 'incomplete') throw new JournalReadError(directory, segment.name, stop.offset, stop.reason);
      tornTail = { position: positionOf(segment.name, stop.offset), reason: stop.reason };
    }
  }
  return { directory, header: first, records, ...(tornTail === undefined ? {} : { tornTail }) };
}
