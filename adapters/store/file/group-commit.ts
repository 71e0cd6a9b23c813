// Group commit: appends are framed into a memory buffer at once; the buffer is written to the active
// segment once per event-loop turn, and made durable (fdatasync) as the fsync policy says. Appends
// never wait for either; the `written` and `durable` watermarks say how far each has got.
import { FRAME_HEADER_BYTES } from './format.js';
import { writeFrame } from './frame.js';
import { Watermark } from './watermark.js';

/**
 * `always`: fsync after every write; appends made while an fsync runs share the next one.
 * `batch`: fsync at most every `fsyncIntervalMs` (a record is durable within about that long plus
 * one fsync). `none`: never fsync while running (a record counts as durable once written to the
 * operating system: it survives the process, not the machine). All three fsync when a segment is
 * sealed and on close.
 */
export type FsyncPolicy = 'always' | 'batch' | 'none';

/** Where the group commit writes: the active segment, and the next one when it rotates. */
export interface SegmentSink {
  /** Appends bytes (whole frames) to the active segment. */
  write(bytes: Uint8Array): Promise<void>;
  /** fdatasync(2) of the active segment. */
  sync(): Promise<void>;
  /** Makes the active segment durable, closes it, and creates and activates the one starting at `first`. */
  startSegment(first: bigint): Promise<void>;
}

type Queued = { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly last: bigint } | { readonly kind: 'segment'; readonly first: bigint };

const BUFFER_BYTES = 1024 * 1024;

export class GroupCommit {
  readonly written: Watermark;
  readonly durable: Watermark;
  private readonly sink: SegmentSink;
  private readonly policy: FsyncPolicy;
  private readonly intervalMs: number;
  /** Frames not yet queued are buffer[start, end); the last of them is sequence `bufferLast`. */
  private buffer = new Uint8Array(BUFFER_BYTES);
  private start = 0;
  private end = 0;
  private bufferLast = 0n;
  private queue: Queued[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private lastSyncAt = Number.NEGATIVE_INFINITY;
  private closing = false;
  private failure: Error | undefined;

  constructor(sink: SegmentSink, policy: FsyncPolicy, intervalMs: number, lastSequence: bigint) {
    this.sink = sink;
    this.policy = policy;
    this.intervalMs = intervalMs;
    this.written = new Watermark(lastSequence);
    this.durable = new Watermark(lastSequence);
  }

  /** The error that stopped the journal, if one did: nothing more is written after it. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Frames `payload` (the record numbered `sequence`) into the buffer; written within this turn. */
  add(payload: Uint8Array, sequence: bigint): void {
    if (this.failure !== undefined) throw this.failure;
    const size = FRAME_HEADER_BYTES + payload.length;
    if (this.end + size > this.buffer.length) {
      this.seal();
      this.buffer = new Uint8Array(Math.max(BUFFER_BYTES, size));
      this.start = 0;
      this.end = 0;
    }
    this.end = writeFrame(this.buffer, this.end, payload);
    this.bufferLast = sequence;
    this.kick();
  }

  /** The records added from now on go to a new segment starting at `first`. */
  startSegment(first: bigint): void {
    this.seal();
    this.queue.push({ kind: 'segment', first });
    this.kick();
  }

  /** Writes and syncs everything added, whatever the policy; no timer is left behind. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    while (this.running !== undefined) await this.running;
    await this.run();
    if (this.failure !== undefined) throw this.failure;
    await this.sink.sync();
    this.durable.advance(this.written.value);
  }

  private seal(): void {
    if (this.end === this.start) return;
    this.queue.push({ kind: 'bytes', bytes: this.buffer.subarray(this.start, this.end), last: this.bufferLast });
    this.start = this.end;
  }

  /** Runs the writer at the end of this event-loop turn, so that one write takes all of the turn's appends. */
  private kick(): void {
    if (this.scheduled || this.running !== undefined || this.closing || this.failure !== undefined) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.running === undefined) void this.run();
    });
  }

  private run(): Promise<void> {
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.end > this.start || this.queue.length > 0) this.kick();
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      for (;;) {
        this.seal();
        const item = this.queue.shift();
        if (item?.kind === 'segment') {
          await this.sink.startSegment(item.first);
          // Sealing synced the old segment: everything written so far is durable.
          this.durable.advance(this.written.value);
          continue;
        }
        if (item !== undefined) {
          await this.sink.write(item.bytes);
          this.written.advance(item.last);
          if (this.policy === 'none') this.durable.advance(item.last);
        }
        // After every write, not only when the queue runs dry: under steady load it never does.
        if (this.written.value > this.durable.value && this.syncDue()) await this.sync();
        if (item === undefined) return;
      }
    } catch (error) {
      // fsync errors are not retried: after a failed fsync the kernel may have dropped the dirty
      // pages, and a later fsync that succeeds proves nothing (PostgreSQL's "fsyncgate", 2018).
      this.failure = new Error(`journal write failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      this.written.fail(this.failure);
      this.durable.fail(this.failure);
    }
  }

  /** Whether written records should be synced now; under `batch`, arms the timer that will if not. */
  private syncDue(): boolean {
    if (this.closing) return false; // close syncs once, after the last write
    if (this.policy === 'always') return true;
    if (this.policy === 'none') return false;
    const wait = this.lastSyncAt + this.intervalMs - performance.now();
    if (wait <= 0) return true;
    this.syncTimer ??= setTimeout(() => {
      this.syncTimer = undefined;
      if (this.running === undefined) void this.run();
    }, wait);
    return false;
  }

  private async sync(): Promise<void> {
    const upTo = this.written.value;
    this.lastSyncAt = performance.now();
    await this.sink.sync();
    this.durable.advance(upTo);
  }
}
