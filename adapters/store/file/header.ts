// The header every segment file starts with (layout drawn in README.md): which journal, which
// format and schema, which Vigil wrote it, under which config. Little-endian, CRC32C-protected.
import { crc32c } from './crc32c.js';
import { FORMAT_VERSION, SCHEMA_VERSION } from './format.js';

export interface SegmentHeader {
  readonly formatVersion: number;
  readonly schemaVersion: number;
  /** The sequence of the segment's first record (also its file name). */
  readonly firstSequence: bigint;
  readonly nodeId: string;
  readonly vigilVersion: string;
  /** SHA-256 (hex) of the config in force when the segment was started; ConfigLoaded records are authoritative. */
  readonly configDigest: string;
}

export const MAGIC = new TextEncoder().encode('VIGILJNL');
/** magic 8, format u16, schema u16, header length u32, first sequence u64. */
const FIXED_BYTES = 24;
/** Three u16 string lengths and the trailing CRC32C. */
const MIN_HEADER_BYTES = FIXED_BYTES + 3 * 2 + 4;
/** Readers read this much to find a header; the encoder refuses a longer one. */
export const MAX_HEADER_BYTES = 4096;

export type HeaderResult = { ok: true; header: SegmentHeader; length: number } | { ok: false; error: string };

export function encodeHeader(header: Omit<SegmentHeader, 'formatVersion' | 'schemaVersion'>): Uint8Array {
  const encoder = new TextEncoder();
  const strings = [header.nodeId, header.vigilVersion, header.configDigest].map((s) => encoder.encode(s));
  const length = MIN_HEADER_BYTES + strings.reduce((sum, s) => sum + s.length, 0);
  if (length > MAX_HEADER_BYTES) throw new RangeError(`segment header of ${length} bytes: node id, version and digest too long`);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint16(8, FORMAT_VERSION, true);
  view.setUint16(10, SCHEMA_VERSION, true);
  view.setUint32(12, length, true);
  view.setBigUint64(16, header.firstSequence, true);
  let offset = FIXED_BYTES;
  for (const s of strings) {
    view.setUint16(offset, s.length, true);
    bytes.set(s, offset + 2);
    offset += 2 + s.length;
  }
  view.setUint32(offset, crc32c(bytes, 0, offset), true);
  return bytes;
}

/**
 * The header at the start of `bytes` (a file's first MAX_HEADER_BYTES or fewer). Fields are checked
 * in the order that names a problem best: magic (is this a journal at all), format version (can
 * this build read the rest), length, CRC, then the fields the CRC vouches for.
 */
export function decodeHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length < MIN_HEADER_BYTES) return { ok: false, error: `header: ${bytes.length} bytes, shorter than the ${MIN_HEADER_BYTES} of any header` };
  if (!MAGIC.every((b, i) => bytes[i] === b)) return { ok: false, error: 'header: bad magic, not a Vigil journal segment' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const formatVersion = view.getUint16(8, true);
  if (formatVersion !== FORMAT_VERSION) return { ok: false, error: `header: format version ${formatVersion}, this build reads ${FORMAT_VERSION}` };
  const length = view.getUint32(12, true);
  if (length < MIN_HEADER_BYTES || length > MAX_HEADER_BYTES) return { ok: false, error: `header: length ${length} out of range` };
  if (length > bytes.length) return { ok: false, error: `header: length ${length}, but the file has ${bytes.length} bytes` };
  const stored = view.getUint32(length - 4, true);
  const computed = crc32c(bytes, 0, length - 4);
  if (stored !== computed) return { ok: false, error: `header: CRC32C mismatch (stored ${hex(stored)}, computed ${hex(computed)})` };
  const schemaVersion = view.getUint16(10, true);
  if (schemaVersion === 0 || schemaVersion > SCHEMA_VERSION) {
    return { ok: false, error: `header: record schema version ${schemaVersion}, this build reads 1 to ${SCHEMA_VERSION}` };
  }
  const firstSequence = view.getBigUint64(16, true);
  if (firstSequence === 0n) return { ok: false, error: 'header: first sequence 0 (sequences start at 1)' };
  const strings: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = FIXED_BYTES;
  for (const field of ['node id', 'Vigil version', 'config digest']) {
    const size = view.getUint16(offset, true);
    if (offset + 2 + size > length - 4) return { ok: false, error: `header: ${field} runs past the header` };
    try {
      strings.push(decoder.decode(bytes.subarray(offset + 2, offset + 2 + size)));
    } catch {
      return { ok: false, error: `header: ${field} is not UTF-8` };
    }
    offset += 2 + size;
  }
  if (offset !== length - 4) return { ok: false, error: `header: ${length - 4 - offset} stray bytes before the CRC` };
  const [nodeId = '', vigilVersion = '', configDigest = ''] = strings;
  return { ok: true, length, header: { formatVersion, schemaVersion, firstSequence, nodeId, vigilVersion, configDigest } };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
