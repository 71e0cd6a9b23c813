// A JournalStore in memory, for tests of code that writes journals.
import { encodeRecord, type Record as JournalRecord } from '../../core/events/index.js';
import type { AppendReceipt, JournalStore, RecordDraft, StoredRecord } from '../../adapters/store/store.js';

export class MemoryStore implements JournalStore {
  readonly nodeId: string;
  readonly records: JournalRecord[] = [];
  private closed = false;

  constructor(nodeId: string) {
    this.nodeId = nodeId;
  }

  get lastSequence(): bigint {
    return BigInt(this.records.length);
  }

  get durableSequence(): bigint {
    return this.lastSequence;
  }

  append(drafts: readonly RecordDraft[]): AppendReceipt {
    if (this.closed) throw new Error('closed');
    const first = this.lastSequence + 1n;
    for (const d of drafts) {
      if (d.nodeId !== this.nodeId) throw new Error(`record for ${d.nodeId} in ${this.nodeId}'s journal`);
      this.records.push({ ...d, sequence: this.lastSequence + 1n });
    }
    return { first, last: this.lastSequence };
  }

  whenDurable(): Promise<void> {
    return Promise.resolve();
  }

  async *read(from: bigint): AsyncIterable<StoredRecord> {
    await Promise.resolve();
    for (const record of this.records.slice()) {
      if (record.sequence >= from) yield { record, encoded: encodeRecord(record), position: `#${record.sequence}` };
    }
  }

  follow(from: bigint): AsyncIterable<StoredRecord> {
    return this.read(from);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
