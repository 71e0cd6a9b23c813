// The on-disk layout of the file journal (README.md in this folder draws it): segment names, the
// record frame, and the versions a segment header names.

/** Version of the segment layout (header + frames) this build reads and writes. */
export const FORMAT_VERSION = 1;

/**
 * Version of the record schema (schema/*.proto) this build writes. Fields are only ever added
 * (schema/README.md), and the decoder rejects fields it does not know, so a reader compares this
 * number to say "written by a newer Vigil" before it meets an undecodable record.
 */
export const SCHEMA_VERSION = 1;

/** Frame: u32 LE payload length, u32 LE CRC32C of the payload, then the payload (encodeRecord's bytes). */
export const FRAME_HEADER_BYTES = 8;

/**
 * Longest payload a frame may announce. A larger length is corruption, not a record: it keeps a
 * flipped high bit of a length from sending a reader after gigabytes. ConfigLoaded carries the
 * config files' text, the largest record there is; 64 MiB is far above any keepalived.conf.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Segment files: the first sequence they hold, zero padded to the 20 digits of a u64, then this. */
export const SEGMENT_SUFFIX = '.seg';
const SEGMENT_NAME = /^(\d{20})\.seg$/;
/** Where a segment is written before the rename that makes it appear whole. */
export const PARTIAL_SUFFIX = '.partial';
/** Bytes set aside by an explicit repair: `SEGMENT.OFFSET.corrupt`. */
export const CORRUPT_SUFFIX = '.corrupt';

export function segmentName(firstSequence: bigint): string {
  return `${firstSequence.toString().padStart(20, '0')}${SEGMENT_SUFFIX}`;
}

/** The first sequence a segment file name states, or undefined for any other file. */
export function parseSegmentName(name: string): bigint | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match?.[1] === undefined ? undefined : BigInt(match[1]);
}

/** `SEGMENT@OFFSET`: where a record or a problem is, in messages and StoredRecord.position. */
export function positionOf(segment: string, offset: number): string {
  return `${segment}@${offset}`;
}

/**
 * The sequence a payload starts with, without decoding it: protobufjs writes fields in field-number
 * order and `Record.sequence` is field 1 (tag 0x08, varint), never 0 (sequences start at 1), so every
 * record's bytes begin with it. undefined when they do not.
 */
export function leadingSequence(bytes: Uint8Array, start: number, end: number): bigint | undefined {
  if (start >= end || bytes[start] !== 0x08) return undefined;
  let value = 0n;
  let shift = 0n;
  for (let i = start + 1; i < end && shift < 70n; i++, shift += 7n) {
    const byte = bytes[i] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return value;
  }
  return undefined;
}
