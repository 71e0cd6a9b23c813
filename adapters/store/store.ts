// The journal store port (DESIGN.md "The journal"): what the daemon, replay and postmortem need from
// any store of journal records. Two adapters implement it: the embedded file journal (file/) and,
// later, KurrentDB. test/support/store-contract.ts is the contract both must pass.
import type { Record as JournalRecord } from '../../core/events/index.js';

/** A record before the store numbers it: the store assigns `sequence`, contiguous from 1 per node. */
export type RecordDraft = Omit<JournalRecord, 'sequence'>;

/** The sequences an append was given: first..last inclusive (an empty append: last = first - 1). */
export interface AppendReceipt {
  readonly first: bigint;
  readonly last: bigint;
}

/** A record as the store holds it. */
export interface StoredRecord {
  readonly record: JournalRecord;
  /** The record's bytes exactly as stored: what `encodeRecord(record)` returns. */
  readonly encoded: Uint8Array;
  /** Where the store keeps it, for messages and tools (file journal: `SEGMENT@OFFSET`). */
  readonly position: string;
}

export interface JournalStore {
  readonly nodeId: string;
  /** The last sequence appended; 0n while the journal is empty. */
  readonly lastSequence: bigint;
  /** Every record up to this sequence is durable under the store's policy; 0n before the first. */
  readonly durableSequence: bigint;
  /**
   * Numbers and queues the records; never waits for the disk or the network. Throws when a record
   * names another node, after close, or once the store has failed (a write or fsync error).
   */
  append(records: readonly RecordDraft[]): AppendReceipt;
  /** Resolves once every record up to `sequence` is durable; rejects if the store fails first. */
  whenDurable(sequence: bigint): Promise<void>;
  /**
   * The records from sequence `from` (or the first the store still holds, after retention) up to
   * the last one appended before the call, in order.
   */
  read(from: bigint): AsyncIterable<StoredRecord>;
  /**
   * Like `read`, then waits for each record appended later. Ends, without an error, when `signal`
   * aborts or the store closes.
   */
  follow(from: bigint, signal: AbortSignal): AsyncIterable<StoredRecord>;
  /** Writes and makes durable what is queued, whatever the policy, then releases the store; again, does nothing. */
  close(): Promise<void>;
}
