// Reading records back: from a sequence to the end of a snapshot of the journal, decoding each and
// checking it is the record its place says. Damage met while reading is an error, never a skip.
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord } from '../../../core/events/index.js';
import type { StoredRecord } from '../store.js';
import { FRAME_HEADER_BYTES, leadingSequence, positionOf } from './format.js';
import { SegmentScanner } from './segment-scan.js';
import { readHeader, type SegmentFile } from './segments.js';

/** The journal as a reader may see it: every byte up to here is whole frames. */
export interface JournalSnapshot {
  readonly directory: string;
  readonly segments: readonly SegmentFile[];
  /** Bytes of the last segment that are written (the file may hold more, being written). */
  readonly activeSize: number;
  readonly lastSequence: bigint;
}

/** Where a reader left off, so that following the journal does not rescan a segment each time. */
export interface ReadCursor {
  segment: bigint;
  offset: number;
  next: bigint;
}

export class JournalReadError extends Error {
  constructor(directory: string, segment: string, offset: number, reason: string) {
    super(`journal ${directory}: ${positionOf(segment, offset)}: ${reason}`);
    this.name = 'JournalReadError';
  }
}

/**
 * The records of `snapshot` from `cursor.next` on, in order; `cursor` moves past each one yielded.
 * A cursor whose `offset` is 0 starts at the beginning of its segment.
 */
export async function* readRecords(snapshot: JournalSnapshot, cursor: ReadCursor): AsyncGenerator<StoredRecord> {
  const { directory, segments } = snapshot;
  let index = segmentIndexFor(segments, cursor);
  for (; index < segments.length && cursor.next <= snapshot.lastSequence; index++) {
    const segment = segments[index];
    if (segment === undefined) break;
    if (cursor.segment !== segment.firstSequence) {
      cursor.segment = segment.firstSequence;
      cursor.offset = 0;
    }
    // Retention may have removed the records asked for: start at the first one held.
    if (cursor.next < segment.firstSequence) cursor.next = segment.firstSequence;
    const active = index === segments.length - 1;
    const handle = await open(join(directory, segment.name), 'r');
    try {
      yield* readSegment(snapshot, segment, handle, active ? snapshot.activeSize : (await handle.stat()).size, cursor);
    } finally {
      await handle.close();
    }
    const following = segments[index + 1];
    if (following !== undefined && cursor.next !== following.firstSequence) {
      throw new JournalReadError(directory, segment.name, cursor.offset, `ends before sequence ${cursor.next}, but the next segment starts at ${following.firstSequence}`);
    }
  }
}

function segmentIndexFor(segments: readonly SegmentFile[], cursor: ReadCursor): number {
  let index = 0;
  for (let i = 0; i < segments.length; i++) {
    const first = segments[i]?.firstSequence ?? 0n;
    if (first <= cursor.next) index = i;
  }
  return index;
}

async function* readSegment(
  snapshot: JournalSnapshot, segment: SegmentFile, handle: FileHandle, end: number, cursor: ReadCursor,
): AsyncGenerator<StoredRecord> {
  const { directory } = snapshot;
  let sequence = segment.firstSequence;
  if (cursor.offset === 0) {
    const header = await readHeader(handle);
    if (!header.ok) throw new JournalReadError(directory, segment.name, 0, header.error);
    cursor.offset = header.length;
  } else {
    // A cursor inside this segment stands on the frame of sequence `cursor.next`.
    sequence = cursor.next;
  }
  const scanner = new SegmentScanner(handle, end);
  // Each record is decoded as it is taken, not a chunk's worth ahead: the garbage collector then
  // frees records young, which measured twice as fast as holding a chunk of them.
  for await (const { bytes, frames } of scanner.batches(cursor.offset)) {
    for (const frame of frames) {
      if (sequence > snapshot.lastSequence) return;
      const after = frame.offset + FRAME_HEADER_BYTES + (frame.end - frame.start);
      if (sequence >= cursor.next) {
        const encoded = bytes.slice(frame.start, frame.end);
        const decoded = decodeRecord(encoded);
        if (!decoded.ok) throw new JournalReadError(directory, segment.name, frame.offset, `record ${sequence} does not decode: ${decoded.error}`);
        if (decoded.value.sequence !== sequence) {
          throw new JournalReadError(directory, segment.name, frame.offset, `record holds sequence ${decoded.value.sequence} where ${sequence} belongs`);
        }
        // The cursor moves as each record is taken, so that a consumer that stops early can resume.
        cursor.next = sequence + 1n;
        cursor.offset = after;
        yield { record: decoded.value, encoded, position: positionOf(segment.name, frame.offset) };
      } else if (leadingSequence(bytes, frame.start, frame.end) === sequence) {
        cursor.offset = after;
      } else {
        throw new JournalReadError(directory, segment.name, frame.offset, `record does not hold sequence ${sequence}, which belongs here`);
      }
      sequence++;
    }
  }
  const { stop } = scanner.ended;
  if (stop !== undefined) throw new JournalReadError(directory, segment.name, stop.offset, stop.reason);
}
