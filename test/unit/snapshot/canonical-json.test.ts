// Canonical JSON and the snapshot text: the same text as the definition they replace (stringify a
// deep copy with every object's keys sorted), for any value and for every state a simulation and
// the LVS side go through.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Event } from '../../../core/events/index.js';
import { initialState, reduce } from '../../../core/reducer/reduce.js';
import type { VigilState } from '../../../core/reducer/state.js';
import { canonicalJson } from '../../../core/snapshot/canonical-json.js';
import { matchesSnapshot, snapshotData, snapshotState, snapshotText, SnapshotMemo } from '../../../core/snapshot/state-snapshot.js';
import { simulate } from '../../../replay/sim/index.js';
import { isInput } from '../../../replay/verify/replay.js';
import { instanceConfig } from '../../support/cluster.js';
import { TestNode } from '../../support/node.js';

/** The definition: a deep copy with sorted keys and no undefined values, stringified. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortedCopy(v);
  }
  return out;
}

/** The text, or the error thrown (a bigint anywhere). */
function outcome(write: () => string): string {
  try {
    return write();
  } catch (e) {
    return `threw ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

const byDefinition = (v: unknown): string => outcome(() => JSON.stringify(sortedCopy(v)));

const examples = join(import.meta.dirname, '../../../examples/simulations');

/** Every state each node of a simulation goes through. */
function simulatedStates(file: string): VigilState[] {
  const states: VigilState[] = [];
  for (const entries of simulate(readFileSync(join(examples, file), 'utf8'), 3).journals.values()) {
    let s = initialState;
    for (const e of entries) {
      if (!isInput(e.body)) continue;
      s = reduce(s, { at: e.at, event: e.body }).state;
      states.push(s);
    }
  }
  return states;
}

/** A node with a virtual server: booted, the table read, one checker failing then passing. */
function lvsStates(): VigilState[] {
  const n = new TestNode(`${instanceConfig({ priority: 150 })}virtual_server 192.168.100.10 80 {
  lvs_sched rr
  lvs_method NAT
  protocol TCP
  real_server 10.0.0.11 8080 {
    TCP_CHECK {
      connect_timeout 3
    }
  }
}
`);
  const states: VigilState[] = [];
  n.boot(0);
  states.push(n.state);
  const events: Event[] = [{ kind: 'IpvsTableRead', ok: true, services: [], error: '' }];
  for (const e of events) {
    n.send(1000, e);
    states.push(n.state);
  }
  for (const [at, ok] of [[2_000_000, false], [5_000_000, true]] as const) {
    for (const c of n.state.lvs?.checkers.keys() ?? []) {
      n.send(at, { kind: 'TimerFired', timer: `check:${c}` });
      n.send(at, { kind: 'CheckResult', checker: c, ok, detail: ok ? '' : 'down' });
      states.push(n.state);
    }
  }
  return states;
}

describe('canonical JSON', () => {
  it('is the text of the sorted deep copy for tricky values', () => {
    const nullProto = Object.assign(Object.create(null) as object, { b: 1, a: [undefined, () => 1] });
    const values: object[] = [
      { b: 1, a: { d: undefined, c: 'x"\\\n\u2028é😀' }, '10': 1, '2': 2, '': null },
      [1, undefined, null, -0, NaN, Infinity, 'a', [], {}],
      nullProto,
      { m: new Map([[1, 2]]), s: new Set([1]), d: new Date(0), u: new Uint8Array([3, 1, 2]), t: { toJSON: () => 'own' } },
      { lone: '\ud800', del: '\u007f', sym: Symbol('s'), f: () => 1 },
      { big: 1n },
      [new String('ab'), new Number(3), new Boolean(false)],
    ];
    for (const v of values) assert.equal(outcome(() => canonicalJson(v)), byDefinition(v));
  });

  it('is the text of the sorted deep copy for any value', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), (v) => {
        for (const holder of [{ v }, [v]]) assert.equal(outcome(() => canonicalJson(holder)), byDefinition(holder));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('snapshot text', () => {
  const states = [...simulatedStates('master-dies.yaml'), ...simulatedStates('swarm-three-nodes.yaml'), ...lvsStates()];
  const stateAt = (i: number): VigilState => {
    const s = states[i];
    if (s === undefined) throw new Error(`no state ${i}`);
    return s;
  };

  it('the states cover the VRRP and the LVS sides', () => {
    assert.ok(states.length > 400, `${states.length} states`);
    assert.ok(states.some((s) => s.lvs?.phase === 'running'), 'LVS running');
    assert.ok(states.some((s) => s.instances.some((i) => i.state === 'master')), 'a MASTER');
  });

  it('is the sorted copy of the snapshot data, written field by field, for every state', () => {
    for (const s of states) {
      const text = snapshotText(s);
      assert.equal(text, JSON.stringify(sortedCopy(snapshotData(s))));
      assert.equal(text, canonicalJson(snapshotData(s)));
      assert.deepEqual(snapshotState(s), new TextEncoder().encode(text));
    }
  });

  it('is the same text with a memo kept across the states, as replay keeps one', () => {
    const memo = new SnapshotMemo();
    for (const s of states) assert.equal(snapshotText(s, memo), snapshotText(s));
  });

  it('a state matches its own snapshot bytes and no other', () => {
    const memo = new SnapshotMemo();
    for (let i = 1; i < states.length; i += 7) {
      const s = stateAt(i);
      const bytes = snapshotState(s);
      assert.ok(matchesSnapshot(s, bytes));
      assert.ok(matchesSnapshot(s, bytes, memo));
      const other = snapshotState(stateAt(i - 1));
      const same = Buffer.from(other).equals(Buffer.from(bytes));
      assert.equal(matchesSnapshot(s, other), same);
      assert.equal(matchesSnapshot(s, other, memo), same);
    }
  });

  it('bytes that are not UTF-8, or carry a byte order mark, match no state', () => {
    const s = stateAt(states.length - 1);
    const bytes = snapshotState(s);
    assert.equal(matchesSnapshot(s, new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])), false);
    const broken = bytes.slice();
    broken[broken.length - 2] = 0xff;
    assert.equal(matchesSnapshot(s, broken), false);
    assert.equal(matchesSnapshot(s, bytes.subarray(0, bytes.length - 1)), false);
  });
});
