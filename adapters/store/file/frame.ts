// Record frames: [u32 LE payload length][u32 LE CRC32C of the payload][payload]. Writing one, and
// walking the frames of a buffer until they end or one is damaged.
import { crc32c } from './crc32c.js';
import { FRAME_HEADER_BYTES, MAX_RECORD_BYTES } from './format.js';

/** Writes the frame of `payload` into `target` at `offset`; returns the offset after it. */
export function writeFrame(target: Uint8Array, offset: number, payload: Uint8Array): number {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  view.setUint32(offset, payload.length, true);
  view.setUint32(offset + 4, crc32c(payload), true);
  target.set(payload, offset + FRAME_HEADER_BYTES);
  return offset + FRAME_HEADER_BYTES + payload.length;
}

/**
 * Why a walk over frames stopped before the end of its bytes. `incomplete`: the bytes end inside a
 * frame (a torn write at the end of a file, or simply the end of a read buffer). The others are
 * damage wherever they are.
 */
export type FrameStop =
  | { readonly kind: 'incomplete'; readonly offset: number; readonly reason: string }
  | { readonly kind: 'damaged'; readonly offset: number; readonly reason: string };

/** A frame's payload is bytes[start, end). The view is valid only during the call. */
export type FrameVisitor = (bytes: Uint8Array, start: number, end: number, frameOffset: number) => void;

/**
 * Visits every whole, CRC-valid frame of bytes[start, end) in order and returns where the walk
 * stopped: `end` with no stop when the frames fill the bytes exactly.
 */
export function walkFrames(bytes: Uint8Array, start: number, end: number, visit: FrameVisitor): { offset: number; stop?: FrameStop } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = start;
  while (offset < end) {
    const stop = frameProblem(bytes, view, offset, end);
    if (stop !== undefined) return { offset, stop };
    const length = view.getUint32(offset, true);
    visit(bytes, offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length, offset);
    offset += FRAME_HEADER_BYTES + length;
  }
  return { offset };
}

/**
 * An `incomplete` frame at the end of a file is a torn write only if nothing intact follows it. A
 * flipped bit in a length field makes a frame in the middle claim more bytes than are left, too;
 * then whole, CRC-valid frames still follow, and the stop is damage, never a tail to cut off.
 */
export function tornOrDamaged(bytes: Uint8Array, stop: FrameStop, end: number): FrameStop {
  if (stop.kind !== 'incomplete') return stop;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let q = stop.offset + 1; q + FRAME_HEADER_BYTES < end; q++) {
    if (frameProblem(bytes, view, q, end) === undefined) {
      return { kind: 'damaged', offset: stop.offset, reason: `${stop.reason}, but an intact record follows ${q - stop.offset} bytes later` };
    }
  }
  return stop;
}

/** Whether bytes[offset, end) start with a whole, valid frame; the problem if not. */
export function frameProblem(bytes: Uint8Array, view: DataView, offset: number, end: number): FrameStop | undefined {
  if (end - offset < FRAME_HEADER_BYTES) {
    return { kind: 'incomplete', offset, reason: `${end - offset} bytes left, short of a frame header` };
  }
  const length = view.getUint32(offset, true);
  // Every record holds at least its sequence (2 bytes); zeros are what an unwritten block reads as.
  if (length < 2 || length > MAX_RECORD_BYTES) return { kind: 'damaged', offset, reason: `record length ${length} out of range` };
  const payloadStart = offset + FRAME_HEADER_BYTES;
  if (end - payloadStart < length) {
    return { kind: 'incomplete', offset, reason: `record of ${length} bytes, ${end - payloadStart} present` };
  }
  const stored = view.getUint32(offset + 4, true);
  if (crc32c(bytes, payloadStart, payloadStart + length) !== stored) {
    return { kind: 'damaged', offset, reason: `CRC32C mismatch on a record of ${length} bytes` };
  }
  return undefined;
}
