// Exact replay of simulator journals (issue 5 "Done means": every simulator journal replays
// identical; a deliberately changed reducer rule is caught as a divergence).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Effect, SendAdvert } from '../../core/events/index.js';
import { reduce, type ReducerInput } from '../../core/reducer/reduce.js';
import type { VigilState } from '../../core/reducer/state.js';
import { snapshotState } from '../../core/snapshot/state-snapshot.js';
import { journalRecords, simulate } from '../../replay/sim/index.js';
import { isInput, reducerTime, replay } from '../../replay/verify/replay.js';

const examples = join(import.meta.dirname, '../../examples/simulations');

describe('replay of simulator journals', () => {
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.yaml'))) {
    it(`${file}: every node replays identical`, () => {
      for (const seed of [1, 2, 3]) {
        const result = simulate(readFileSync(join(examples, file), 'utf8'), seed);
        for (const [node, entries] of result.journals) {
          const records = journalRecords(node, entries);
          const r = replay(records);
          assert.equal(r.divergence, undefined, `${file} seed ${seed} node ${node}: ${JSON.stringify(r.divergence?.expected)} vs ${JSON.stringify(r.divergence?.actual)}`);
          assert.equal(r.missingAtEnd, 0);
          assert.equal(r.events + r.effects + r.snapshots, records.length);
        }
      }
    });
  }

  it('a changed reducer rule is caught: the first differing effect is named', () => {
    const result = simulate(readFileSync(join(examples, 'master-dies.yaml'), 'utf8'), 1);
    const records = journalRecords('lb2', result.journals.get('lb2') ?? []);
    // The "changed rule": BACKUP takeover logs a different line.
    const changed = (state: VigilState, input: ReducerInput): { state: VigilState; effects: readonly Effect[] } => {
      const step = reduce(state, input);
      const effects = step.effects.map((e) => (e.kind === 'Log' && e.message.endsWith('Entering MASTER STATE') ? { ...e, message: `${e.message}!` } : e));
      return { state: step.state, effects };
    };
    const r = replay(records, { reducer: changed });
    assert.ok(r.divergence !== undefined);
    assert.equal(r.divergence.event.kind, 'TimerFired');
    assert.deepEqual(r.divergence.expected, { kind: 'Log', level: 'info', message: '(VI_1) Entering MASTER STATE' });
    assert.deepEqual(r.divergence.actual, { kind: 'Log', level: 'info', message: '(VI_1) Entering MASTER STATE!' });
  });

  it('records read as they are asked for replay as the same records in an array, with or without --from', () => {
    const result = simulate(readFileSync(join(examples, 'swarm-three-nodes.yaml'), 'utf8'), 2);
    const records = journalRecords('n2', result.journals.get('n2') ?? []);
    let asked = 0;
    const lazily = (): Iterable<(typeof records)[number]> => ({
      *[Symbol.iterator]() {
        for (const r of records) {
          asked++;
          yield r;
        }
      },
    });
    // The outcome, its state as snapshot bytes: equal states have equal snapshots.
    const outcome = (r: ReturnType<typeof replay>): unknown => ({ ...r, state: snapshotState(r.state) });
    const whole = replay(records);
    assert.deepEqual(outcome(replay(lazily())), outcome(whole));
    assert.equal(asked, records.length);
    const from = records[Math.floor(records.length / 2)]?.sequence ?? 0n;
    assert.deepEqual(outcome(replay(lazily(), { from })), outcome(replay(records, { from })));
  });

  it('a journal cut between an event and its effects is incomplete, not divergent', () => {
    const result = simulate(readFileSync(join(examples, 'master-dies.yaml'), 'utf8'), 1);
    const records = journalRecords('lb1', result.journals.get('lb1') ?? []);
    const cut = records.findIndex((r) => r.body.kind === 'TimerFired') + 1;
    const r = replay(records.slice(0, cut));
    assert.equal(r.divergence, undefined);
    assert.ok(r.missingAtEnd > 0);
  });

  it('an effect that differs in one byte of its message, or in an optional field, is a divergence', () => {
    const result = simulate(readFileSync(join(examples, 'master-dies.yaml'), 'utf8'), 1);
    const records = journalRecords('lb1', result.journals.get('lb1') ?? []);
    const i = records.findIndex((r) => r.body.kind === 'SendAdvert' && r.body.source !== undefined);
    const original = records[i];
    assert.ok(original?.body.kind === 'SendAdvert');
    const message = original.body.message.slice();
    message[message.length - 1] = (message[message.length - 1] ?? 0) ^ 1;
    const sourceless = Object.fromEntries(Object.entries(original.body).filter(([key]) => key !== 'source')) as unknown as SendAdvert;
    for (const body of [{ ...original.body, message }, sourceless]) {
      const tampered = [...records];
      tampered[i] = { ...original, body };
      const r = replay(tampered);
      assert.deepEqual(r.divergence?.expected, body);
      assert.deepEqual(r.divergence.actual, original.body);
    }
  });

  it('a missing effect in the middle is a divergence', () => {
    const result = simulate(readFileSync(join(examples, 'master-dies.yaml'), 'utf8'), 1);
    const records = journalRecords('lb1', result.journals.get('lb1') ?? []);
    const i = records.findIndex((r) => r.body.kind === 'AddAddress');
    const r = replay([...records.slice(0, i), ...records.slice(i + 1)]);
    assert.equal(r.divergence?.expected?.kind, records[i + 1]?.body.kind);
    assert.equal(r.divergence?.actual?.kind, 'AddAddress');
  });
});

describe('reducer time', () => {
  it('is the monotonic ns divided by 1000, truncated, on both sides of 2^53 ns', () => {
    const edges = [0n, 999n, 1000n, 1001n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 999n, 2n ** 64n - 1n];
    const around = Array.from({ length: 2000 }, (_, k) => 2n ** 53n - 1000n * 37n * BigInt(k) - BigInt(k % 1000));
    for (const ns of [...edges, ...around]) {
      const record = { sequence: 1n, monotonicNs: ns, wallNs: 0n, nodeId: 'n', body: { kind: 'TimerFired' as const, timer: 'vrrp:VI_1' } };
      assert.equal(reducerTime(record), Number(ns / 1000n), `${ns}`);
    }
  });
});

describe('snapshots in journals', () => {
  const journal = (): ReturnType<typeof journalRecords> => {
    const result = simulate(readFileSync(join(examples, 'swarm-three-nodes.yaml'), 'utf8'), 5);
    return journalRecords('n1', result.journals.get('n1') ?? []);
  };

  it('every snapshot passed is checked against the replayed state', () => {
    const records = journal();
    const r = replay(records);
    assert.equal(r.divergence, undefined);
    assert.equal(r.snapshots, records.filter((x) => x.body.kind === 'StateSnapshot').length);
    assert.ok(r.snapshots >= 2);
  });

  it('a snapshot that does not match the replayed state is a divergence', () => {
    const records = journal();
    const i = records.findIndex((x) => x.body.kind === 'StateSnapshot' && x.sequence > 100n);
    const original = records[i];
    assert.ok(original?.body.kind === 'StateSnapshot');
    const text = new TextDecoder().decode(original.body.state).replace('"phase":"running"', '"phase":"stopped"');
    const tampered = [...records];
    tampered[i] = { ...original, body: { ...original.body, state: new TextEncoder().encode(text) } };
    const r = replay(tampered);
    assert.equal(r.divergence?.snapshot, true);
    assert.equal(r.divergence.eventSequence, original.sequence);
  });

  it('--from starts at the last snapshot before it, and compares from there', () => {
    const records = journal();
    const snapshots = records.filter((x) => x.body.kind === 'StateSnapshot');
    const second = snapshots[1];
    assert.ok(second !== undefined);
    const from = second.sequence + 1n;
    const full = replay(records);
    const partial = replay(records, { from });
    assert.equal(partial.divergence, undefined);
    assert.ok(partial.events < full.events, `${partial.events} < ${full.events}`);
    assert.equal(partial.events, records.filter((x) => x.sequence > second.sequence && x.body.kind !== 'StateSnapshot' && isInput(x.body)).length);
  });
});
