// The segment files of one journal directory: listing them, reading their headers, creating one so
// that it appears whole or not at all, and retention.
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PARTIAL_SUFFIX, parseSegmentName, segmentName } from './format.js';
import { decodeHeader, encodeHeader, MAX_HEADER_BYTES, type HeaderResult, type SegmentHeader } from './header.js';

/** A segment file: its name and the first sequence the name states. */
export interface SegmentFile {
  readonly name: string;
  readonly firstSequence: bigint;
}

export interface DirectoryListing {
  /** Ascending by first sequence. */
  readonly segments: readonly SegmentFile[];
  /** Segments whose creation a crash interrupted (never renamed into place). */
  readonly partials: readonly string[];
}

export async function listDirectory(directory: string): Promise<DirectoryListing> {
  const names = await readdir(directory);
  const segments: SegmentFile[] = [];
  const partials: string[] = [];
  for (const name of names) {
    const firstSequence = parseSegmentName(name);
    if (firstSequence !== undefined) segments.push({ name, firstSequence });
    else if (name.endsWith(PARTIAL_SUFFIX) && parseSegmentName(name.slice(0, -PARTIAL_SUFFIX.length)) !== undefined) partials.push(name);
  }
  segments.sort((a, b) => (a.firstSequence < b.firstSequence ? -1 : a.firstSequence > b.firstSequence ? 1 : 0));
  return { segments, partials: partials.sort() };
}

/** Decodes the header of an open segment file. */
export async function readHeader(handle: FileHandle): Promise<HeaderResult> {
  const buffer = new Uint8Array(MAX_HEADER_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, MAX_HEADER_BYTES, 0);
  return decodeHeader(buffer.subarray(0, bytesRead));
}

/** Makes the directory entries (a created, renamed or deleted file) durable: fsync(2) of the directory. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates the segment starting at `header.firstSequence`, opened for appending. The header is
 * written to NAME.partial and made durable, then renamed into place and the directory synced: a
 * crash leaves either no segment or a whole header, never a segment with a torn one.
 */
export async function createSegment(
  directory: string,
  header: Omit<SegmentHeader, 'formatVersion' | 'schemaVersion'>,
): Promise<{ file: SegmentFile; handle: FileHandle; size: number }> {
  const name = segmentName(header.firstSequence);
  const bytes = encodeHeader(header);
  const partial = join(directory, name + PARTIAL_SUFFIX);
  const handle = await open(partial, 'w');
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, join(directory, name));
  await syncDirectory(directory);
  return { file: { name, firstSequence: header.firstSequence }, handle: await open(join(directory, name), 'r+'), size: bytes.length };
}

/** Retention limits; a limit left out does not apply. */
export interface Retention {
  /** Delete the oldest segments while all of them together exceed this many bytes. */
  readonly maxBytes?: number;
  /** Delete segments not written for this long (their modification time). */
  readonly maxAgeMs?: number;
}

/**
 * Deletes the oldest segments beyond the retention limits, never the active (last) one. Age is the
 * segment's modification time: when its last record was written. Stops at the first failure, and
 * says what it deleted before it.
 */
export async function applyRetention(
  directory: string, segments: readonly SegmentFile[], retention: Retention, nowMs: number,
): Promise<{ deleted: string[]; error?: Error }> {
  const deleted: string[] = [];
  if (retention.maxBytes === undefined && retention.maxAgeMs === undefined) return { deleted };
  try {
    const sizes = await Promise.all(segments.map(async (s) => stat(join(directory, s.name))));
    let total = sizes.reduce((sum, s) => sum + s.size, 0);
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i];
      const info = sizes[i];
      if (segment === undefined || info === undefined) break;
      const tooBig = retention.maxBytes !== undefined && total > retention.maxBytes;
      const tooOld = retention.maxAgeMs !== undefined && nowMs - info.mtimeMs > retention.maxAgeMs;
      if (!tooBig && !tooOld) break;
      await rm(join(directory, segment.name));
      total -= info.size;
      deleted.push(segment.name);
    }
    if (deleted.length > 0) await syncDirectory(directory);
    return { deleted };
  } catch (error) {
    return { deleted, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
