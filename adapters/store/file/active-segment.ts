// The segment being appended to, as the group commit's sink: writes at its end, fdatasync, and
// rotation to a new segment (sealing the old one durably first), followed by retention.
import type { FileHandle } from 'node:fs/promises';
import type { SegmentSink } from './group-commit.js';
import type { SegmentHeader } from './header.js';
import { applyRetention, createSegment, type Retention, type SegmentFile } from './segments.js';

/** What the journal hears about retention: the segments deleted, or why it could not delete. */
export type RetentionListener = (outcome: { readonly deleted: readonly string[]; readonly error?: Error }) => void;

export interface ActiveSegmentSettings {
  readonly directory: string;
  readonly header: Omit<SegmentHeader, 'formatVersion' | 'schemaVersion' | 'firstSequence'>;
  readonly retention: Retention;
  readonly nowMs: () => number;
  readonly onRetention: RetentionListener;
}

export class ActiveSegment implements SegmentSink {
  /** Bytes of the active segment written so far: whole frames, readable. */
  size: number;
  /** Every segment of the journal, ascending; the last is this one. Shared with the journal's readers. */
  readonly segments: SegmentFile[];
  private handle: FileHandle;
  private readonly settings: ActiveSegmentSettings;

  constructor(settings: ActiveSegmentSettings, segments: SegmentFile[], handle: FileHandle, size: number) {
    this.settings = settings;
    this.segments = segments;
    this.handle = handle;
    this.size = size;
  }

  async write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.size + done);
      done += bytesWritten;
    }
    this.size += bytes.length;
  }

  async sync(): Promise<void> {
    await this.handle.datasync();
  }

  async startSegment(first: bigint): Promise<void> {
    // Sealed segments are whole and durable, so only the last one can ever have a torn tail.
    await this.handle.datasync();
    await this.handle.close();
    const created = await createSegment(this.settings.directory, { ...this.settings.header, firstSequence: first });
    this.handle = created.handle;
    this.size = created.size;
    this.segments.push(created.file);
    await this.retain();
  }

  /** Applies retention, never to the active segment; a failure is reported, not fatal to the journal. */
  async retain(): Promise<void> {
    const { directory, retention, nowMs, onRetention } = this.settings;
    const outcome = await applyRetention(directory, this.segments, retention, nowMs());
    this.segments.splice(0, outcome.deleted.length);
    if (outcome.deleted.length > 0 || outcome.error !== undefined) onRetention(outcome);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
