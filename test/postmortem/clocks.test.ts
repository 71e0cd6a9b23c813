// Clock offsets between nodes, estimated from matched adverts, against the simulator's configured
// clock_offset; and the timeline on the reference clock against the simulator's global clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postmortem, postmortemText } from '../../replay/postmortem/index.js';
import { incident, run } from './scenarios.js';

const SIMULATION_EPOCH_NS = 1_767_225_600_000_000_000n;
/** The scenario's one-way delay is 1 ms plus up to 0.5 ms of jitter. */
const MAX_ONE_WAY_DELAY = 1_500;

// lb1's clock is 250 s ahead: a whole number of advert intervals, so only the edges of each run of
// identical adverts tell the right pairing from one shifted by some intervals.
const OFFSETS = new Map([
  ['lb1', 250_000_000],
  ['lb2', 0],
  ['lb3', 3_700_000],
]);
// lb2 is MASTER while lb1 is down, lb3 while it is cut off: every node sends some adverts.
const YAML = incident(
  [
    { priority: 150, clockOffset: '250s' },
    { priority: 100, clockOffset: '0s' },
    { priority: 50, clockOffset: '3.7s' },
  ],
  ['{ kind: crash, node: lb1, at: 10s, restart_after: 5s }', '{ kind: isolate, node: lb3, at: 30s, duration: 6s }'],
  '50s',
);

describe('postmortem clocks', () => {
  for (const seed of [1, 2, 3]) {
    it(`offsets from matched adverts lie within their stated uncertainty (seed ${seed})`, () => {
      const report = postmortem(run(YAML, seed).journals);
      const text = postmortemText(report);
      assert.equal(report.reference, 'lb1');
      for (const e of report.clocks.estimates) {
        const truth = (OFFSETS.get(e.node) ?? 0) - (OFFSETS.get('lb1') ?? 0);
        if (e.method === 'reference') continue;
        assert.notEqual(e.method, 'none', text);
        if (e.method === 'one-way') {
          assert.ok(Math.abs(e.offsetMicros - truth) <= MAX_ONE_WAY_DELAY, `${e.node}: ${e.offsetMicros} vs ${truth}\n${text}`);
        } else {
          const bound = e.uncertaintyMicros ?? 0;
          assert.ok(Math.abs(e.offsetMicros - truth) <= bound, `${e.node}: ${e.offsetMicros} ± ${bound} vs ${truth}\n${text}`);
          assert.ok(bound <= 2 * MAX_ONE_WAY_DELAY, `${e.node}: uncertainty ${bound} larger than the round trip\n${text}`);
        }
      }
      assert.ok(report.clocks.estimates.some((e) => e.method === 'two-way'), text);
    });
  }

  it('split-brain windows on the reference clock match the simulator’s global clock', () => {
    const { result, journals } = run(YAML, 1);
    const report = postmortem(journals);
    const text = postmortemText(report);
    const router = report.routers[0];
    assert.ok(router !== undefined);
    // Reference time → global: the reference node's clock is global + its offset.
    const global = (micros: number): number => Number(report.originWallNs - SIMULATION_EPOCH_NS) / 1000 + micros - (OFFSETS.get('lb1') ?? 0);
    const truths = result.splitBrains.filter((s) => s.until - s.from >= router.advertIntervalMicros);
    assert.ok(truths.length > 0, `the isolation makes a split brain\n${text}`);
    for (const t of truths) {
      const found = router.splitBrains.some((w) => Math.abs(global(w.from) - t.from) <= router.advertIntervalMicros && Math.abs(global(w.until) - t.until) <= router.advertIntervalMicros);
      assert.ok(found, `${JSON.stringify(t)}\n${text}`);
    }
  });

  it('with adverts in one direction only, the estimate says so and includes the delay', () => {
    const yaml = incident([{ priority: 150 }, { priority: 100, clockOffset: '2.5s' }], []);
    const report = postmortem(run(yaml, 1).journals);
    const lb2 = report.clocks.estimates.find((e) => e.node === 'lb2');
    assert.equal(lb2?.method, 'one-way', postmortemText(report));
    assert.equal(lb2.uncertaintyMicros, null);
    // lb1→lb2 only: lb2's clock minus lb1's, plus the delay (1 to 1.5 ms).
    assert.ok(lb2.offsetMicros - 2_500_000 >= 1_000 && lb2.offsetMicros - 2_500_000 <= MAX_ONE_WAY_DELAY, String(lb2.offsetMicros));
    assert.match(postmortemText(report), /lb2 {2}\+2\.501 s, one direction only \(lb1→lb2 \d+ adverts\): includes the one-way network delay/);
  });
});
