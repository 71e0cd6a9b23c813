// Opening a journal after a crash. A torn or corrupt tail of the last segment is cut off and
// reported; damage followed by good records is not a tail, and stops the open unless the caller asks
// for a repair, which sets the damaged bytes aside (never deletes them) and cuts the journal there.
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CORRUPT_SUFFIX, FRAME_HEADER_BYTES, MAX_RECORD_BYTES, leadingSequence, positionOf } from './format.js';
import { frameProblem } from './frame.js';
import { SegmentScanner } from './segment-scan.js';
import type { SegmentHeader } from './header.js';
import { listDirectory, readHeader, syncDirectory, type SegmentFile } from './segments.js';

/** Bytes cut off the end of the last segment: a write the crash interrupted. */
export interface TruncatedTail {
  readonly segment: string;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

/** Damage an explicit repair set aside, into `file` (in the journal directory). */
export interface SetAside {
  readonly segment: string;
  readonly offset: number;
  readonly file: string;
  readonly reason: string;
}

export interface RecoveryReport {
  readonly segments: number;
  readonly lastSequence: bigint;
  readonly truncated?: TruncatedTail;
  /** Segment files whose creation a crash interrupted (NAME.partial), removed. */
  readonly removedPartials: readonly string[];
  /** Only with `repair`: what was set aside. */
  readonly repaired: readonly SetAside[];
}

/** Damage that is not a torn tail: named with its segment and offset, never skipped. */
export class JournalCorruptError extends Error {
  readonly segment: string;
  readonly offset: number;
  readonly reason: string;

  constructor(directory: string, segment: string, offset: number, reason: string, detail: string) {
    super(`journal ${directory}: ${positionOf(segment, offset)}: ${reason}; ${detail}`);
    this.name = 'JournalCorruptError';
    this.segment = segment;
    this.offset = offset;
    this.reason = reason;
  }
}

export interface Recovered {
  readonly report: RecoveryReport;
  /** The segments left, ascending; the last is the one to append to. */
  readonly segments: readonly SegmentFile[];
  /** Size of the last segment after recovery, where appending continues. */
  readonly activeSize: number;
  /** The last segment's header. */
  readonly activeHeader?: SegmentHeader;
}

interface Damage {
  readonly offset: number;
  readonly reason: string;
}

export async function recoverJournal(directory: string, nodeId: string, repair: boolean): Promise<Recovered> {
  const listing = await listDirectory(directory);
  for (const partial of listing.partials) await rm(join(directory, partial));
  if (listing.partials.length > 0) await syncDirectory(directory);
  const repaired: SetAside[] = [];
  let segments = [...listing.segments];

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === undefined) break;
    const problem = await headerProblem(directory, segment, nodeId);
    if (problem === undefined) continue;
    if (!repair) throw new JournalCorruptError(directory, segment.name, 0, problem, 'open with repair to set this segment and the later ones aside');
    for (const later of segments.slice(i)) {
      const file = `${later.name}${CORRUPT_SUFFIX}`;
      await rename(join(directory, later.name), join(directory, file));
      repaired.push({ segment: later.name, offset: 0, file, reason: later === segment ? problem : `follows ${segment.name}` });
    }
    await syncDirectory(directory);
    segments = segments.slice(0, i);
    break;
  }

  const last = segments.at(-1);
  if (last === undefined) {
    return { report: { segments: 0, lastSequence: 0n, removedPartials: listing.partials, repaired }, segments, activeSize: 0 };
  }
  const handle = await open(join(directory, last.name), 'r+');
  try {
    const { size } = await handle.stat();
    const tail = await scanTail(handle, last, size);
    const lastSequence = last.firstSequence + tail.records - 1n;
    const report = { segments: segments.length, lastSequence, removedPartials: listing.partials, repaired };
    const activeHeader = tail.header;
    if (tail.damage === undefined) return { report, segments, activeSize: size, activeHeader };

    const { offset, reason } = tail.damage;
    const rest = new Uint8Array(size - offset);
    await handle.read(rest, 0, rest.length, offset);
    const goodAfter = findGoodFrame(rest, 1, lastSequence);
    if (goodAfter !== undefined) {
      const detail = `a good record follows at offset ${offset + goodAfter}, so this is not a torn tail`;
      if (!repair) throw new JournalCorruptError(directory, last.name, offset, reason, `${detail}; open with repair to set the rest of the segment aside`);
      const file = `${last.name}.${offset}${CORRUPT_SUFFIX}`;
      await writeFile(join(directory, file), rest, { flush: true });
      repaired.push({ segment: last.name, offset, file, reason: `${reason}; ${detail}` });
    }
    await handle.truncate(offset);
    await handle.sync();
    const truncated = { segment: last.name, offset, bytes: size - offset, reason };
    return { report: { ...report, truncated }, segments, activeSize: offset, activeHeader };
  } finally {
    await handle.close();
  }
}

async function headerProblem(directory: string, segment: SegmentFile, nodeId: string): Promise<string | undefined> {
  const handle = await open(join(directory, segment.name), 'r');
  try {
    const decoded = await readHeader(handle);
    if (!decoded.ok) return decoded.error;
    const { header } = decoded;
    if (header.firstSequence !== segment.firstSequence) return `header: first sequence ${header.firstSequence}, but the file is named for ${segment.firstSequence}`;
    if (header.nodeId !== nodeId) return `header: node id ${JSON.stringify(header.nodeId)}, this journal is ${JSON.stringify(nodeId)}'s`;
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Counts the good records of the last segment, and finds the first frame that is not one. */
async function scanTail(handle: FileHandle, segment: SegmentFile, size: number): Promise<{ header: SegmentHeader; records: bigint; damage?: Damage }> {
  const decoded = await readHeader(handle);
  if (!decoded.ok) throw new Error(`${segment.name}: ${decoded.error}`); // checked by headerProblem just before
  const scanner = new SegmentScanner(handle, size);
  let expected = segment.firstSequence;
  for await (const { bytes, frames } of scanner.batches(decoded.length)) {
    for (const frame of frames) {
      const sequence = leadingSequence(bytes, frame.start, frame.end);
      if (sequence !== expected) {
        const reason = `record holds sequence ${String(sequence)} where ${expected} belongs`;
        return { header: decoded.header, records: expected - segment.firstSequence, damage: { offset: frame.offset, reason } };
      }
      expected++;
    }
  }
  const { stop } = scanner.ended;
  const records = expected - segment.firstSequence;
  const { header } = decoded;
  return stop === undefined ? { header, records } : { header, records, damage: { offset: stop.offset, reason: stop.reason } };
}

/**
 * The offset in `bytes` (from `from`) of the first whole frame with a valid CRC that holds a record
 * after `lastGood`: evidence that damage before it is not where the writing stopped. Every record
 * starts with its sequence tag (0x08), which keeps the search from computing a CRC at every offset.
 */
export function findGoodFrame(bytes: Uint8Array, from: number, lastGood: bigint): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = from; offset + FRAME_HEADER_BYTES < bytes.length; offset++) {
    if (bytes[offset + FRAME_HEADER_BYTES] !== 0x08) continue;
    const length = view.getUint32(offset, true);
    if (length < 2 || length > MAX_RECORD_BYTES || offset + FRAME_HEADER_BYTES + length > bytes.length) continue;
    if (frameProblem(bytes, view, offset, bytes.length) !== undefined) continue;
    const sequence = leadingSequence(bytes, offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
    if (sequence !== undefined && sequence > lastGood) return offset;
  }
  return undefined;
}
