// Group commit over a recording sink: how many writes and fsyncs each policy makes, that appends
// never wait for either, and that a failed write or fsync stops the journal for good.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit, type FsyncPolicy, type SegmentSink } from '../../../adapters/store/file/group-commit.js';

/** Records what the group commit asks of the file; each call takes a turn of the event loop. */
class RecordingSink implements SegmentSink {
  readonly calls: string[] = [];
  writtenBytes = 0;
  failOn: 'write' | 'sync' | undefined;

  async write(bytes: Uint8Array): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failOn === 'write') throw new Error('EIO');
    this.writtenBytes += bytes.length;
    this.calls.push(`write ${bytes.length}`);
  }

  async sync(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failOn === 'sync') throw new Error('EIO');
    this.calls.push('sync');
  }

  async startSegment(first: bigint): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.calls.push(`segment ${first}`);
  }
}

const payload = new Uint8Array(40).fill(7);
const FRAME = 48;

function commit(policy: FsyncPolicy, intervalMs = 10): { sink: RecordingSink; group: GroupCommit } {
  const sink = new RecordingSink();
  return { sink, group: new GroupCommit(sink, policy, intervalMs, 0n) };
}

describe('group commit', () => {
  it('writes all the appends of one event-loop turn in one write, after the turn', async () => {
    const { sink, group } = commit('none');
    for (let s = 1n; s <= 100n; s++) group.add(payload, s);
    assert.deepEqual(sink.calls, [], 'nothing written while the turn runs');
    await group.written.reach(100n);
    assert.deepEqual(sink.calls, [`write ${100 * FRAME}`]);
    await group.close();
  });

  it('always: an fsync after each write, shared by the appends made while the previous one ran', async () => {
    const { sink, group } = commit('always');
    group.add(payload, 1n);
    await group.written.reach(1n);
    group.add(payload, 2n);
    group.add(payload, 3n);
    await group.durable.reach(3n);
    assert.deepEqual(sink.calls, [`write ${FRAME}`, 'sync', `write ${2 * FRAME}`, 'sync']);
    await group.close();
  });

  it('batch: records are written at once but made durable by one fsync per interval', async () => {
    const { sink, group } = commit('batch', 50);
    group.add(payload, 1n);
    await group.durable.reach(1n);
    assert.deepEqual(sink.calls, [`write ${FRAME}`, 'sync'], 'the first fsync is not delayed');
    for (let s = 2n; s <= 5n; s++) {
      group.add(payload, s);
      await group.written.reach(s);
    }
    assert.equal(group.durable.value, 1n, 'written, not yet durable: the interval has not passed');
    await group.durable.reach(5n);
    assert.deepEqual(sink.calls.filter((c) => c === 'sync'), ['sync', 'sync'], 'one fsync for the four later records');
    await group.close();
  });

  it('none: durable once written, never an fsync until close', async () => {
    const { sink, group } = commit('none');
    group.add(payload, 1n);
    await group.durable.reach(1n);
    assert.ok(!sink.calls.includes('sync'));
    await group.close();
    assert.equal(sink.calls.at(-1), 'sync');
  });

  it('starts a new segment between the records before and after a rotation, and counts the sealed ones durable', async () => {
    const { sink, group } = commit('none');
    group.add(payload, 1n);
    group.startSegment(2n);
    group.add(payload, 2n);
    await group.written.reach(2n);
    assert.deepEqual(sink.calls, [`write ${FRAME}`, 'segment 2', `write ${FRAME}`]);
    await group.close();
  });

  it('writes, then syncs, what is left on close, whatever the policy', async () => {
    for (const policy of ['always', 'batch', 'none'] as const) {
      const { sink, group } = commit(policy, 60_000);
      group.add(payload, 1n);
      await group.close();
      assert.equal(group.durable.value, 1n, policy);
      assert.equal(sink.writtenBytes, FRAME, policy);
      assert.equal(sink.calls.at(-1), 'sync', policy);
    }
  });

  for (const failOn of ['write', 'sync'] as const) {
    it(`stops for good when a ${failOn} fails: waiters reject, later appends throw`, async () => {
      const { sink, group } = commit('always');
      sink.failOn = failOn;
      group.add(payload, 1n);
      await assert.rejects(group.durable.reach(1n), /journal write failed: EIO/);
      sink.failOn = undefined;
      assert.throws(() => { group.add(payload, 2n); }, /journal write failed: EIO/);
      await assert.rejects(group.durable.reach(2n), /EIO/);
      await assert.rejects(group.close(), /EIO/);
    });
  }
});
