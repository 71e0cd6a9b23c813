// Random incidents: the swarm scenario's seeds draw partitions, loss, clogs, pauses and crashes on
// three nodes. Every split brain the simulator saw is in the postmortem within one advert interval,
// the postmortem sees no longer one the simulator did not, and each cause names a fault that was active.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { postmortem, postmortemText, type CauseKind } from '../../replay/postmortem/index.js';
import type { Fault } from '../../replay/sim/index.js';
import { run } from './scenarios.js';

const SWARM = readFileSync(new URL('../../examples/simulations/swarm-three-nodes.yaml', import.meta.url), 'utf8');
const SIMULATION_EPOCH_NS = 1_767_225_600_000_000_000n;
/** A backup takes over within Master_Down_Interval (< 4 advert intervals) of what caused it. */
const LEAD = 4_000_000;

/** The faults that can leave such evidence in the journals. */
const PRODUCERS: Partial<Record<CauseKind, readonly Fault['kind'][]>> = {
  partition: ['partition', 'isolate', 'loss', 'clog'],
  oneWayLoss: ['partition', 'isolate', 'loss', 'clog'],
  pausedNode: ['pause'],
  restart: ['crash'],
};

describe('postmortem of swarm incidents', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every window found, none invented, causes match the faults`, () => {
      const { result, journals } = run(SWARM, seed);
      const report = postmortem(journals);
      const router = report.routers[0];
      assert.ok(router !== undefined);
      const interval = router.advertIntervalMicros;
      const global = (micros: number): number => Number(report.originWallNs - SIMULATION_EPOCH_NS) / 1000 + micros;
      const context = `${postmortemText(report)}\nsimulator: ${JSON.stringify(result.splitBrains)}`;
      const near = (a: { from: number; until: number }, b: { from: number; until: number }): boolean =>
        Math.abs(global(a.from) - b.from) <= interval && Math.abs(global(a.until) - b.until) <= interval;
      assert.ok(result.splitBrains.length > 0, 'the seed makes split brains');
      for (const truth of result.splitBrains) assert.ok(router.splitBrains.some((w) => near(w, truth)), `missing ${JSON.stringify(truth)}\n${context}`);
      for (const w of router.splitBrains) {
        // A crash is known only to within an advert interval (last record .. first timer that never
        // fired): a short overlap may show where the simulator had none; it is labelled a handover.
        assert.ok(w.handover || result.splitBrains.some((truth) => near(w, truth)), `invented ${w.from}..${w.until}\n${context}`);
        const kinds = PRODUCERS[w.cause.kind];
        if (kinds === undefined) continue;
        const from = global(w.from) - LEAD;
        const until = global(w.until);
        const active = result.faults.filter((f) => kinds.includes(f.kind) && f.at <= until && (f.duration === undefined || f.at + f.duration >= from));
        assert.ok(active.length > 0, `${w.cause.kind} at ${w.from} without a fault that makes it\n${context}`);
      }
    });
  }
});
