// Exact replay of simulator journals (issue 5 "Done means": every simulator journal replays
// identical; a deliberately changed reducer rule is caught as a divergence).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Effect } from '../../core/events/index.js';
import { reduce, type ReducerInput } from '../../core/reducer/reduce.js';
import type { VigilState } from '../../core/reducer/state.js';
import { journalRecords, simulate } from '../../replay/sim/index.js';
import { replay } from '../../replay/verify/replay.js';

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
          assert.equal(r.events + r.effects, records.length);
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

  it('a journal cut between an event and its effects is incomplete, not divergent', () => {
    const result = simulate(readFileSync(join(examples, 'master-dies.yaml'), 'utf8'), 1);
    const records = journalRecords('lb1', result.journals.get('lb1') ?? []);
    const cut = records.findIndex((r) => r.body.kind === 'TimerFired') + 1;
    const r = replay(records.slice(0, cut));
    assert.equal(r.divergence, undefined);
    assert.ok(r.missingAtEnd > 0);
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
