// The embedded file journal: one directory per node, append-only segment files, group commit.
// Implements the store port (../store.ts); the on-disk format is drawn in README.md.
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRecord } from '../../../core/events/index.js';
import type { AppendReceipt, JournalStore, RecordDraft, StoredRecord } from '../store.js';
import { ActiveSegment, type RetentionListener } from './active-segment.js';
import { FRAME_HEADER_BYTES, MAX_RECORD_BYTES } from './format.js';
import { GroupCommit, type FsyncPolicy } from './group-commit.js';
import { encodeHeader, type SegmentHeader } from './header.js';
import { readRecords, type JournalSnapshot, type ReadCursor } from './reader.js';
import { recoverJournal, type RecoveryReport } from './recovery.js';
import { createSegment, type Retention } from './segments.js';

export interface FileJournalOptions {
  /** This node's journal directory; created if missing. */
  readonly directory: string;
  readonly nodeId: string;
  /** Written in each segment header: which Vigil wrote it, under which config (SHA-256 hex). */
  readonly vigilVersion: string;
  readonly configDigest: string;
  /** Default `batch`. */
  readonly fsync?: FsyncPolicy;
  /** `batch`: the most time between two fsyncs. Default 10 ms. */
  readonly fsyncIntervalMs?: number;
  /** A segment is sealed and a new one started before it grows past this. Default 64 MiB. */
  readonly segmentBytes?: number;
  readonly retention?: Retention;
  /** Set aside damage found on open instead of refusing to open (see recovery.ts). */
  readonly repair?: boolean;
  /** Wall clock for retention by age, in ms. Default Date.now. */
  readonly nowMs?: () => number;
  readonly onRetention?: RetentionListener;
}

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_FSYNC_INTERVAL_MS = 10;

export async function openFileJournal(options: FileJournalOptions): Promise<FileJournal> {
  const { directory, nodeId } = options;
  await mkdir(directory, { recursive: true });
  const recovered = await recoverJournal(directory, nodeId, options.repair === true);
  const header = { nodeId, vigilVersion: options.vigilVersion, configDigest: options.configDigest };
  const settings = {
    directory, header, retention: options.retention ?? {}, nowMs: options.nowMs ?? Date.now, onRetention: options.onRetention ?? ((): void => undefined),
  };
  const segments = [...recovered.segments];
  const last = segments.at(-1);
  const lastSequence = recovered.report.lastSequence;
  const current = recovered.activeHeader;
  let active: ActiveSegment;
  if (last !== undefined && sameWriter(current, header)) {
    active = new ActiveSegment(settings, segments, await open(join(directory, last.name), 'r+'), recovered.activeSize);
  } else {
    // A segment's header names the Vigil and the config that wrote it: a new one after either
    // changed (an empty last segment is replaced: same first sequence, same name).
    if (last?.firstSequence === lastSequence + 1n) segments.pop();
    else if (last !== undefined) await syncFile(join(directory, last.name));
    const created = await createSegment(directory, { ...header, firstSequence: lastSequence + 1n });
    segments.push(created.file);
    active = new ActiveSegment(settings, segments, created.handle, created.size);
  }
  // What an earlier process wrote may still be in the page cache only: make it durable before
  // counting it durable and appending after it (only the last segment may ever have a torn tail).
  await active.sync();
  await active.retain();
  return new FileJournal(options, recovered.report, active, lastSequence);
}

function sameWriter(current: SegmentHeader | undefined, wanted: { vigilVersion: string; configDigest: string }): boolean {
  if (current === undefined) return false;
  return current.vigilVersion === wanted.vigilVersion && current.configDigest === wanted.configDigest;
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export class FileJournal implements JournalStore {
  readonly nodeId: string;
  readonly directory: string;
  /** What opening found and did: a truncated tail, removed partial segments, a repair. */
  readonly recovery: RecoveryReport;
  private readonly active: ActiveSegment;
  private readonly commit: GroupCommit;
  private readonly segmentBytes: number;
  private readonly headerBytes: number;
  private last: bigint;
  /** Bytes the active segment will hold once what is queued is written, and how many records. */
  private assignedBytes: number;
  private assignedRecords: number;
  private readonly closing = new AbortController();

  constructor(options: FileJournalOptions, recovery: RecoveryReport, active: ActiveSegment, lastSequence: bigint) {
    this.nodeId = options.nodeId;
    this.directory = options.directory;
    this.recovery = recovery;
    this.active = active;
    this.segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.headerBytes = encodeHeader({ nodeId: options.nodeId, vigilVersion: options.vigilVersion, configDigest: options.configDigest, firstSequence: 1n }).length;
    this.last = lastSequence;
    this.assignedBytes = active.size;
    this.assignedRecords = active.size > this.headerBytes ? 1 : 0;
    this.commit = new GroupCommit(active, options.fsync ?? 'batch', options.fsyncIntervalMs ?? DEFAULT_FSYNC_INTERVAL_MS, lastSequence);
  }

  get lastSequence(): bigint {
    return this.last;
  }

  get durableSequence(): bigint {
    return this.commit.durable.value;
  }

  append(records: readonly RecordDraft[]): AppendReceipt {
    if (this.closing.signal.aborted) throw new Error(`journal ${this.directory} is closed`);
    if (this.commit.failed !== undefined) throw this.commit.failed;
    const first = this.last + 1n;
    // Every record is checked and encoded before any is queued: a batch goes in whole or not at all.
    const payloads = records.map((draft, i) => {
      if (draft.nodeId !== this.nodeId) throw new RangeError(`record ${i} of the batch is node ${JSON.stringify(draft.nodeId)}'s, this journal is ${JSON.stringify(this.nodeId)}'s`);
      const payload = encodeRecord({ ...draft, sequence: first + BigInt(i) });
      if (payload.length > MAX_RECORD_BYTES) throw new RangeError(`record ${i} of the batch is ${payload.length} bytes, over the ${MAX_RECORD_BYTES} a frame may hold`);
      return payload;
    });
    let sequence = first;
    for (const payload of payloads) {
      const size = FRAME_HEADER_BYTES + payload.length;
      if (this.assignedRecords > 0 && this.assignedBytes + size > this.segmentBytes) {
        this.commit.startSegment(sequence);
        this.assignedBytes = this.headerBytes;
        this.assignedRecords = 0;
      }
      this.commit.add(payload, sequence);
      this.assignedBytes += size;
      this.assignedRecords++;
      sequence++;
    }
    this.last = sequence - 1n;
    return { first, last: this.last };
  }

  whenDurable(sequence: bigint): Promise<void> {
    if (sequence > this.last) return Promise.reject(new RangeError(`sequence ${sequence} is not appended yet (last ${this.last})`));
    return this.commit.durable.reach(sequence);
  }

  read(from: bigint): AsyncIterable<StoredRecord> {
    return this.readUpTo(from, this.last);
  }

  async *follow(from: bigint, signal: AbortSignal): AsyncGenerator<StoredRecord> {
    const stop = AbortSignal.any([signal, this.closing.signal]);
    const cursor: ReadCursor = { segment: 0n, offset: 0, next: from < 1n ? 1n : from };
    for (;;) {
      for await (const stored of readRecords(this.snapshot(this.commit.written.value), cursor)) {
        if (stop.aborted) return;
        yield stored;
      }
      if (!(await this.writtenUpTo(cursor.next, stop))) return;
    }
  }

  /** Waits until `sequence` is written: true, or false when `stop` aborts first. */
  private async writtenUpTo(sequence: bigint, stop: AbortSignal): Promise<boolean> {
    try {
      await this.commit.written.reach(sequence, stop);
      return true;
    } catch (error) {
      if (stop.aborted) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    try {
      await this.commit.close();
    } finally {
      await this.active.close();
    }
  }

  private async *readUpTo(from: bigint, upTo: bigint): AsyncGenerator<StoredRecord> {
    await this.commit.written.reach(upTo);
    yield* readRecords(this.snapshot(upTo), { segment: 0n, offset: 0, next: from < 1n ? 1n : from });
  }

  private snapshot(lastSequence: bigint): JournalSnapshot {
    return { directory: this.directory, segments: [...this.active.segments], activeSize: this.active.size, lastSequence };
  }
}
