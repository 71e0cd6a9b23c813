// The contract every journal store (adapters/store/store.ts) must pass: the file journal runs it in
// test/unit/store/, the KurrentDB adapter will run the same. `storeContract(name, fresh)` registers
// node:test tests; `fresh()` gives a new, empty storage that can be opened, closed and reopened.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeRecord, type Event, type Effect, type Record as JournalRecord } from '../../core/events/index.js';
import type { JournalStore, RecordDraft, StoredRecord } from '../../adapters/store/store.js';
import { effectSamples, eventSamples, ipv6Advert } from '../unit/events/samples.js';
import { arbitraryRecord } from './event-arbitraries.js';

export interface StorageUnderTest {
  /** Opens the store over this storage; called again after close, it must find what was written. */
  open(): Promise<JournalStore>;
  /** Removes the storage. */
  dispose(): Promise<void>;
}

export const CONTRACT_NODE = 'lb1';

/** A record of CONTRACT_NODE whose times follow from `n`, with the given body. */
export function draft(n: number, body: Event | Effect = eventSamples.TimerFired): RecordDraft {
  return { monotonicNs: 1_000_000n * BigInt(n), wallNs: 1_700_000_000_000_000_000n + BigInt(n), nodeId: CONTRACT_NODE, body };
}

export async function collect(records: AsyncIterable<StoredRecord>): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for await (const stored of records) out.push(stored);
  return out;
}

/** Takes `count` records from a follower (the loop keeps reading until then). */
async function take(records: AsyncIterator<StoredRecord>, count: number): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  while (out.length < count) {
    const next = await records.next();
    if (next.done === true) break;
    out.push(next.value);
  }
  return out;
}

function numbered(drafts: readonly RecordDraft[], first: bigint): JournalRecord[] {
  return drafts.map((d, i) => ({ ...d, sequence: first + BigInt(i) }));
}

function assertStored(stored: readonly StoredRecord[], expected: readonly JournalRecord[]): void {
  assert.deepEqual(stored.map((s) => s.record), expected);
  for (const s of stored) {
    assert.deepEqual(s.encoded, encodeRecord(s.record), `record ${s.record.sequence}: stored bytes are encodeRecord's`);
    assert.ok(s.position.length > 0);
  }
}

const allBodies: readonly (Event | Effect)[] = [...Object.values(eventSamples), ipv6Advert, ...Object.values(effectSamples)];

export function storeContract(name: string, fresh: () => Promise<StorageUnderTest>): void {
  /** Runs `body` with a store over new storage, and removes the storage afterwards. */
  const withStore = async (body: (store: JournalStore, storage: StorageUnderTest) => Promise<void> | void): Promise<void> => {
    const storage = await fresh();
    const store = await storage.open();
    try {
      await body(store, storage);
    } finally {
      await store.close();
      await storage.dispose();
    }
  };

  describe(`store contract: ${name}`, { timeout: 60_000 }, () => {
    it('starts empty', () => withStore(async (store) => {
      assert.equal(store.nodeId, CONTRACT_NODE);
      assert.equal(store.lastSequence, 0n);
      assert.equal(store.durableSequence, 0n);
      assert.deepEqual(await collect(store.read(1n)), []);
    }));

    it('numbers records from 1, contiguously across batches', () => withStore((store) => {
      assert.deepEqual(store.append([draft(1)]), { first: 1n, last: 1n });
      assert.deepEqual(store.append([draft(2), draft(3), draft(4)]), { first: 2n, last: 4n });
      assert.deepEqual(store.append([]), { first: 5n, last: 4n });
      assert.deepEqual(store.append([draft(5)]), { first: 5n, last: 5n });
      assert.equal(store.lastSequence, 5n);
    }));

    it('reads back every record as appended, with the bytes encodeRecord gives', () => withStore(async (store) => {
      const drafts = allBodies.map((body, i) => draft(i, body));
      store.append(drafts.slice(0, 5));
      store.append(drafts.slice(5));
      assertStored(await collect(store.read(1n)), numbered(drafts, 1n));
    }));

    it('reads from a given sequence, and nothing past the last', () => withStore(async (store) => {
      const drafts = Array.from({ length: 20 }, (_, i) => draft(i));
      store.append(drafts);
      assertStored(await collect(store.read(15n)), numbered(drafts.slice(14), 15n));
      assertStored(await collect(store.read(0n)), numbered(drafts, 1n));
      assert.deepEqual(await collect(store.read(21n)), []);
    }));

    it('reads only what was appended before the read began', () => withStore(async (store) => {
      store.append([draft(1), draft(2)]);
      const reading = store.read(1n);
      store.append([draft(3)]);
      assert.deepEqual((await collect(reading)).map((s) => s.record.sequence), [1n, 2n]);
    }));

    it('stores arbitrary records unchanged', () => withStore(async (store) => {
      const expected: JournalRecord[] = [];
      await fc.assert(fc.asyncProperty(fc.array(arbitraryRecord, { minLength: 1, maxLength: 8 }), async (records) => {
        const drafts = records.map((r): RecordDraft => ({ monotonicNs: r.monotonicNs, wallNs: r.wallNs, nodeId: CONTRACT_NODE, body: r.body }));
        const receipt = store.append(drafts);
        expected.push(...numbered(drafts, receipt.first));
        assertStored(await collect(store.read(receipt.first)), numbered(drafts, receipt.first));
      }), { numRuns: 30 });
      assertStored(await collect(store.read(1n)), expected);
    }));

    it('refuses a batch holding a record of another node, whole', () => withStore(async (store) => {
      store.append([draft(1)]);
      assert.throws(() => store.append([draft(2), { ...draft(3), nodeId: 'lb2' }]), /lb2/);
      assert.equal(store.lastSequence, 1n);
      assert.deepEqual(store.append([draft(2)]), { first: 2n, last: 2n });
      assert.equal((await collect(store.read(1n))).length, 2);
    }));

    it('says when records are durable', () => withStore(async (store) => {
      const { last } = store.append([draft(1), draft(2), draft(3)]);
      await store.whenDurable(last);
      assert.ok(store.durableSequence >= last);
      await store.whenDurable(1n);
      await assert.rejects(store.whenDurable(last + 1n), RangeError);
    }));

    it('keeps every record across close and reopen, and numbering continues', () => withStore(async (first, storage) => {
      const drafts = Array.from({ length: 50 }, (_, i) => draft(i, allBodies[i % allBodies.length]));
      first.append(drafts);
      await first.close();
      const second = await storage.open();
      try {
        assert.equal(second.lastSequence, 50n);
        assert.equal(second.durableSequence, 50n);
        assertStored(await collect(second.read(1n)), numbered(drafts, 1n));
        assert.deepEqual(second.append([draft(51)]), { first: 51n, last: 51n });
      } finally {
        await second.close();
      }
    }));

    it('refuses appends after close', () => withStore(async (store) => {
      await store.close();
      assert.throws(() => store.append([draft(1)]), /closed/);
    }));

    it('follows: the records already there, then each one appended later', () => withStore(async (store) => {
      store.append([draft(1), draft(2), draft(3)]);
      const stop = new AbortController();
      const follower = store.follow(2n, stop.signal)[Symbol.asyncIterator]();
      assert.deepEqual((await take(follower, 2)).map((s) => s.record.sequence), [2n, 3n]);
      const pending = take(follower, 3);
      store.append([draft(4)]);
      store.append([draft(5), draft(6)]);
      const later = await pending;
      assertStored(later, numbered([draft(4), draft(5), draft(6)], 4n));
      stop.abort();
      assert.equal((await follower.next()).done, true);
    }));

    it('ends a follower that waits when its signal aborts, or when the store closes', () => withStore(async (store) => {
      store.append([draft(1)]);
      const stop = new AbortController();
      const aborted = collect(store.follow(1n, stop.signal));
      const closed = collect(store.follow(1n, new AbortController().signal));
      await new Promise((resolve) => setTimeout(resolve, 20));
      stop.abort();
      assert.deepEqual((await aborted).map((s) => s.record.sequence), [1n]);
      await store.close();
      assert.deepEqual((await closed).map((s) => s.record.sequence), [1n]);
    }));

    it('follows across many appends without losing or repeating one', () => withStore(async (store) => {
      const stop = new AbortController();
      const follower = store.follow(1n, stop.signal)[Symbol.asyncIterator]();
      const total = 2000;
      const received = take(follower, total);
      for (let n = 1; n <= total; n += 10) {
        store.append(Array.from({ length: 10 }, (_, i) => draft(n + i)));
        if (n % 100 === 1) await new Promise((resolve) => setImmediate(resolve));
      }
      const got = await received;
      stop.abort();
      assert.deepEqual(got.map((s) => s.record.sequence), Array.from({ length: total }, (_, i) => BigInt(i + 1)));
    }));
  });
}
