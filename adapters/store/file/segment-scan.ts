// Reads a segment file front to back in large chunks and walks its frames, one chunk at a time, so
// a reader of a 1 GB journal holds one chunk in memory and yields to the event loop between reads.
import type { FileHandle } from 'node:fs/promises';
import { FRAME_HEADER_BYTES, MAX_RECORD_BYTES } from './format.js';
import { tornOrDamaged, walkFrames, type FrameStop } from './frame.js';

const CHUNK_BYTES = 1024 * 1024;

/** A good frame: its offset in the file, its payload at bytes[start, end) of the batch. */
export interface FrameRef {
  readonly offset: number;
  readonly start: number;
  readonly end: number;
}

/** The good frames of one chunk. `bytes` is reused by the next batch: copy what you keep. */
export interface FrameBatch {
  readonly bytes: Uint8Array;
  readonly frames: readonly FrameRef[];
}

/** How a scan ended: the offset after the last good frame, and the frame it could not accept, if any. */
export interface ScanEnd {
  readonly offset: number;
  readonly stop?: FrameStop;
}

/**
 * Scans the frames of a file from a frame boundary `start` to `end` (its size, or a limit known to
 * fall on a frame boundary). A frame cut by `end` stops the scan as `incomplete`; a damaged one
 * (length out of range, CRC mismatch) as `damaged`. `ended` says which once the batches run out.
 */
export class SegmentScanner {
  private buffer = new Uint8Array(CHUNK_BYTES);
  private readonly handle: FileHandle;
  private readonly end: number;
  private result: ScanEnd | undefined;

  constructor(handle: FileHandle, end: number) {
    this.handle = handle;
    this.end = end;
  }

  /** Where and why the scan ended; valid after `batches` has run out. */
  get ended(): ScanEnd {
    if (this.result === undefined) throw new Error('SegmentScanner: the scan has not ended');
    return this.result;
  }

  async *batches(start: number): AsyncGenerator<FrameBatch> {
    /** File offset of buffer[0]; buffer[0, filled) holds the file's bytes from there. */
    let base = start;
    let filled = 0;
    let consumed = 0;
    for (;;) {
      // Keep the unconsumed tail (a frame cut by the chunk boundary) and read after it.
      if (consumed > 0) {
        this.buffer.copyWithin(0, consumed, filled);
        base += consumed;
        filled -= consumed;
      }
      const wanted = Math.min(this.buffer.length - filled, this.end - (base + filled));
      const got = wanted > 0 ? await this.readFully(base + filled, wanted, filled) : 0;
      filled += got;
      // A file shorter than `end` (cut while we read) ends the scan as the end itself does.
      const atEnd = base + filled >= this.end || got < wanted;
      const frames: FrameRef[] = [];
      const walked = walkFrames(this.buffer, 0, filled, (_bytes, from, to, frameOffset) => {
        frames.push({ offset: base + frameOffset, start: from, end: to });
      });
      consumed = walked.offset;
      if (frames.length > 0) yield { bytes: this.buffer, frames };
      // At the end every remaining byte is in the buffer: an incomplete frame there is a torn tail
      // unless intact frames follow it.
      const found = walked.stop !== undefined && atEnd ? tornOrDamaged(this.buffer, walked.stop, filled) : walked.stop;
      const stop = found === undefined ? undefined : { ...found, offset: base + found.offset };
      if (stop?.kind === 'damaged' || atEnd) {
        this.result = stop === undefined ? { offset: base + consumed } : { offset: base + consumed, stop };
        return;
      }
      if (stop !== undefined && consumed === 0) this.growToHoldFrame();
    }
  }

  /** The buffer starts with a frame longer than the buffer (a record above 1 MiB): make room for it. */
  private growToHoldFrame(): void {
    const length = new DataView(this.buffer.buffer).getUint32(0, true);
    const needed = FRAME_HEADER_BYTES + Math.min(length, MAX_RECORD_BYTES);
    if (needed <= this.buffer.length) return;
    const larger = new Uint8Array(needed);
    larger.set(this.buffer);
    this.buffer = larger;
  }

  private async readFully(position: number, length: number, into: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(this.buffer, into + done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }
}
