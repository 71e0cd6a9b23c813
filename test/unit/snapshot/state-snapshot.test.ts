// Snapshots: canonical, and a restored state behaves exactly as the original.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord, encodeRecord, type Event } from '../../../core/events/index.js';
import { initialState, reduce } from '../../../core/reducer/reduce.js';
import type { VigilState } from '../../../core/reducer/state.js';
import { restoreState, snapshotState, SnapshotError } from '../../../core/snapshot/state-snapshot.js';
import { simulate } from '../../../replay/sim/index.js';
import { isInput } from '../../../replay/verify/replay.js';

const examples = join(import.meta.dirname, '../../../examples/simulations');

function inputs(file: string, seed: number): Map<string, { at: number; event: Event }[]> {
  const result = simulate(readFileSync(join(examples, file), 'utf8'), seed);
  return new Map([...result.journals].map(([node, entries]) => [node, entries.flatMap((e) => (isInput(e.body) ? [{ at: e.at, event: e.body }] : []))]));
}

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('state snapshots', () => {
  for (const file of ['master-dies.yaml', 'swarm-three-nodes.yaml']) {
    it(`${file}: restoring at every 37th event continues with the same effects`, () => {
      for (const [node, events] of inputs(file, 2)) {
        // The reference run, keeping the state after every event.
        const states: VigilState[] = [];
        let s = initialState;
        for (const input of events) {
          s = reduce(s, input).state;
          states.push(s);
        }
        for (let i = 0; i < states.length - 1; i += 37) {
          const original = states[i];
          if (original === undefined) continue;
          const bytes = snapshotState(original);
          const restored = restoreState(bytes, original.config);
          assert.ok(bytesEqual(snapshotState(restored), bytes), `${node} #${i}: snapshot of the restored state differs`);
          // Ten more events from both: the same effects and the same states.
          let a: VigilState = original;
          let b: VigilState = restored;
          for (const input of events.slice(i + 1, i + 11)) {
            const sa = reduce(a, input);
            const sb = reduce(b, input);
            assert.deepEqual(sb.effects, sa.effects, `${node} after #${i}`);
            a = sa.state;
            b = sb.state;
          }
          assert.ok(bytesEqual(snapshotState(a), snapshotState(b)));
        }
      }
    });
  }

  it('refuses a snapshot that does not fit the config', () => {
    const [events] = [...inputs('master-dies.yaml', 1).values()];
    let s = initialState;
    for (const input of events ?? []) s = reduce(s, input).state;
    const bytes = snapshotState(s);
    assert.throws(() => restoreState(bytes, undefined), SnapshotError);
    assert.throws(() => restoreState(new TextEncoder().encode('{"version":99}'), s.config), /snapshot version 99/);
    assert.throws(() => restoreState(new TextEncoder().encode('nope'), s.config), /not JSON/);
  });
});

describe('snapshot records', () => {
  it('a StateSnapshot record round-trips through the journal codec', () => {
    const state = new TextEncoder().encode('{"version":1}');
    const record = { sequence: 42n, monotonicNs: 5n, wallNs: 6n, nodeId: 'n1', body: { kind: 'StateSnapshot' as const, afterSequence: 41n, state } };
    const decoded = decodeRecord(encodeRecord(record));
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
    assert.deepEqual(decoded.value, record);
  });
});
