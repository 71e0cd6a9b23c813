// The integrity check behind `vigil journal inspect`: every segment's header, every frame's CRC,
// every record decodable and numbered where it stands, segments that follow on without a gap.
// Read-only: it reports, it repairs nothing.
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord, type Record as JournalRecord } from '../../../core/events/index.js';
import { CORRUPT_SUFFIX, FRAME_HEADER_BYTES, leadingSequence } from './format.js';
import type { SegmentHeader } from './header.js';
import { SegmentScanner } from './segment-scan.js';
import { listDirectory, readHeader, type SegmentFile } from './segments.js';

export interface JournalProblem {
  readonly segment: string;
  readonly offset: number;
  readonly problem: string;
}

export interface SegmentInspection {
  readonly name: string;
  readonly bytes: number;
  readonly header?: SegmentHeader;
  readonly records: number;
  readonly firstSequence?: bigint;
  readonly lastSequence?: bigint;
  /** Wall time of the first and last record (CLOCK_REALTIME ns). */
  readonly firstWallNs?: bigint;
  readonly lastWallNs?: bigint;
}

export interface JournalInspection {
  readonly directory: string;
  /** No problem found. */
  readonly ok: boolean;
  readonly segments: readonly SegmentInspection[];
  readonly records: number;
  readonly bytes: number;
  /** Bytes of frame headers, FRAME_HEADER_BYTES per record. */
  readonly framingBytes: number;
  readonly firstSequence?: bigint;
  readonly lastSequence?: bigint;
  readonly firstWallNs?: bigint;
  readonly lastWallNs?: bigint;
  readonly problems: readonly JournalProblem[];
  /** Files an explicit repair set aside (NAME.corrupt), and interrupted segment creations. */
  readonly setAside: readonly string[];
  readonly partials: readonly string[];
}

export interface InspectOptions {
  /**
   * Decode every record (default). `false` checks frames, CRCs and sequence numbers only, and
   * decodes just the first and last record of each segment for the time span: several times faster.
   */
  readonly decode?: boolean;
}

export async function inspectJournal(directory: string, options: InspectOptions = {}): Promise<JournalInspection> {
  const decodeAll = options.decode !== false;
  const listing = await listDirectory(directory);
  const setAside = (await readdir(directory)).filter((n) => n.endsWith(CORRUPT_SUFFIX)).sort();
  const problems: JournalProblem[] = [];
  const segments: SegmentInspection[] = [];
  let nodeId: string | undefined;
  let expected: bigint | undefined;
  for (const [index, segment] of listing.segments.entries()) {
    const isLast = index === listing.segments.length - 1;
    if (expected !== undefined && segment.firstSequence !== expected) {
      problems.push({ segment: segment.name, offset: 0, problem: `starts at sequence ${segment.firstSequence}, the previous segment ends before ${expected}` });
    }
    const handle = await open(join(directory, segment.name), 'r');
    try {
      const inspection = await inspectSegment(handle, segment, isLast, decodeAll, problems);
      segments.push(inspection);
      const { header } = inspection;
      if (header !== undefined) {
        nodeId ??= header.nodeId;
        if (header.nodeId !== nodeId) problems.push({ segment: segment.name, offset: 0, problem: `header names node ${JSON.stringify(header.nodeId)}, the journal is ${JSON.stringify(nodeId)}'s` });
      }
      expected = segment.firstSequence + BigInt(inspection.records);
    } finally {
      await handle.close();
    }
  }
  const records = segments.reduce((sum, s) => sum + s.records, 0);
  const firstSegment = segments.find((s) => s.records > 0);
  const lastSegment = segments.findLast((s) => s.records > 0);
  return {
    directory,
    ok: problems.length === 0,
    segments,
    records,
    bytes: segments.reduce((sum, s) => sum + s.bytes, 0),
    framingBytes: records * FRAME_HEADER_BYTES,
    ...defined('firstSequence', firstSegment?.firstSequence),
    ...defined('lastSequence', lastSegment?.lastSequence),
    ...defined('firstWallNs', firstSegment?.firstWallNs),
    ...defined('lastWallNs', lastSegment?.lastWallNs),
    problems,
    setAside,
    partials: listing.partials,
  };
}

async function inspectSegment(
  handle: FileHandle, segment: SegmentFile, isLast: boolean, decodeAll: boolean, problems: JournalProblem[],
): Promise<SegmentInspection> {
  const { size } = await handle.stat();
  const decodedHeader = await readHeader(handle);
  const problem = (offset: number, text: string): void => { problems.push({ segment: segment.name, offset, problem: text }); };
  if (!decodedHeader.ok) {
    problem(0, decodedHeader.error);
    return { name: segment.name, bytes: size, records: 0 };
  }
  const { header } = decodedHeader;
  if (header.firstSequence !== segment.firstSequence) problem(0, `header: first sequence ${header.firstSequence}, the file is named for ${segment.firstSequence}`);

  let sequence = segment.firstSequence;
  let first: JournalRecord | undefined;
  let last: JournalRecord | undefined;
  let lastFrame: { offset: number; length: number } | undefined;
  const check = (bytes: Uint8Array, start: number, end: number, offset: number): JournalRecord | undefined => {
    const decoded = decodeRecord(bytes.subarray(start, end));
    if (!decoded.ok) {
      problem(offset, `record ${sequence} does not decode: ${decoded.error}`);
      return undefined;
    }
    if (decoded.value.nodeId !== header.nodeId) problem(offset, `record ${sequence} names node ${JSON.stringify(decoded.value.nodeId)}`);
    return decoded.value;
  };
  const scanner = new SegmentScanner(handle, size);
  scan: for await (const { bytes, frames } of scanner.batches(decodedHeader.length)) {
    for (const frame of frames) {
      if (leadingSequence(bytes, frame.start, frame.end) !== sequence) {
        problem(frame.offset, `record does not hold sequence ${sequence}, which belongs here`);
        break scan;
      }
      if (decodeAll || first === undefined) {
        const record = check(bytes, frame.start, frame.end, frame.offset);
        first ??= record;
        last = record;
      }
      lastFrame = { offset: frame.offset, length: frame.end - frame.start };
      sequence++;
    }
  }
  const stop = scanner.ended.stop;
  if (stop !== undefined) {
    const torn = isLast && stop.kind === 'incomplete';
    problem(stop.offset, torn ? `torn tail: ${stop.reason} (opening the journal cuts it off)` : stop.reason);
  }
  if (!decodeAll && lastFrame !== undefined && sequence - segment.firstSequence > 1n) {
    const bytes = new Uint8Array(lastFrame.length);
    await handle.read(bytes, 0, bytes.length, lastFrame.offset + FRAME_HEADER_BYTES);
    last = check(bytes, 0, bytes.length, lastFrame.offset);
  }
  const records = Number(sequence - segment.firstSequence);
  return {
    name: segment.name,
    bytes: size,
    header,
    records,
    ...defined('firstSequence', records > 0 ? segment.firstSequence : undefined),
    ...defined('lastSequence', records > 0 ? sequence - 1n : undefined),
    ...defined('firstWallNs', first?.wallNs),
    ...defined('lastWallNs', last?.wallNs),
  };
}

/** `{ key: value }`, or `{}` when value is undefined (exactOptionalPropertyTypes forbids `key: undefined`). */
function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}
