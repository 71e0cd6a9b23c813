// Issue 5, Done means: postmortems of simulated incidents find each split-brain window within one
// advert interval of the simulator's own record of it, and name its cause.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postmortem, postmortemText, type CauseKind, type Postmortem, type SplitBrainWindow } from '../../replay/postmortem/index.js';
import { CHECK_APP, incident, run } from './scenarios.js';

/** The simulator's wall clock starts here (replay/sim/journal.ts); every node's offset is 0 in these runs. */
const SIMULATION_EPOCH_NS = 1_767_225_600_000_000_000n;

/** A report time on the simulator's global clock (the reference node's offset is 0 here). */
function global(p: Postmortem, micros: number): number {
  return Number(p.originWallNs - SIMULATION_EPOCH_NS) / 1000 + micros;
}

interface Expected {
  readonly cause: CauseKind;
  /** Truth windows shorter than this are handover overlaps: found, but their cause is not checked. */
  readonly minimum?: number;
}

/**
 * Every window the simulator saw is in the report (same router, start and end within one advert
 * interval), every non-handover window in the report is one the simulator saw, and the windows
 * that matter have the expected cause. Returns the matched windows.
 */
function checkWindows(yaml: string, seed: number, expected: Expected): SplitBrainWindow[] {
  const { result, journals } = run(yaml, seed);
  const report = postmortem(journals);
  const context = `seed ${seed}\n${postmortemText(report)}\nsimulator: ${JSON.stringify(result.splitBrains)}`;
  const router = report.routers.find((r) => r.key === 'vrid 51');
  assert.ok(router !== undefined, context);
  const interval = router.advertIntervalMicros;
  const truths = result.splitBrains.filter((s) => s.router === 'vrid 51');
  const significant = truths.filter((t) => t.until - t.from >= (expected.minimum ?? 0));
  assert.ok(significant.length > 0, `the scenario must produce a split brain\n${context}`);
  const matched = truths.map((t) => {
    const w = router.splitBrains.find((c) => Math.abs(global(report, c.from) - t.from) <= interval && Math.abs(global(report, c.until) - t.until) <= interval);
    assert.ok(w !== undefined, `window ${t.from}..${t.until} not found\n${context}`);
    assert.deepEqual([...w.nodes], [...t.nodes].sort(), context);
    return { truth: t, window: w };
  });
  for (const w of router.splitBrains.filter((c) => !c.handover)) {
    assert.ok(matched.some((m) => m.window === w), `window ${w.from}..${w.until} is not one the simulator saw\n${context}`);
  }
  for (const { truth, window } of matched) {
    if (truth.until - truth.from < (expected.minimum ?? 0)) continue;
    assert.equal(window.cause.kind, expected.cause, context);
  }
  return matched.map((m) => m.window);
}

function first(windows: readonly SplitBrainWindow[]): SplitBrainWindow {
  const [w] = windows;
  assert.ok(w !== undefined);
  return w;
}

const SEEDS = [1, 2, 3];

describe('postmortem of simulated incidents (issue 5)', () => {
  it('one-way loss: the master’s adverts do not reach the backup', () => {
    const yaml = incident([{ priority: 150 }, { priority: 100 }], ['{ kind: partition, groups: [[lb1], [lb2]], one_way: true, at: 10s, duration: 8s }']);
    for (const seed of SEEDS) {
      const w = first(checkWindows(yaml, seed, { cause: 'oneWayLoss' }));
      const lost = w.adverts.find((f) => f.from === 'lb1' && f.to === 'lb2');
      const back = w.adverts.find((f) => f.from === 'lb2' && f.to === 'lb1');
      assert.ok(lost && lost.lost > lost.sent / 2, JSON.stringify(w.adverts));
      assert.ok(back?.lost === 0, JSON.stringify(w.adverts));
      assert.match(w.cause.text, /lb1→lb2 \d+ of \d+ lost/);
    }
  });

  it('two-way partition', () => {
    const yaml = incident([{ priority: 150 }, { priority: 100 }], ['{ kind: partition, between: [lb1, lb2], at: 10s, duration: 8s }']);
    for (const seed of SEEDS) checkWindows(yaml, seed, { cause: 'partition' });
  });

  it('a paused master: its timers fire late, the backup takes over meanwhile', () => {
    const yaml = incident([{ priority: 150 }, { priority: 100 }], ['{ kind: pause, node: lb1, at: 10s, duration: 6s }']);
    for (const seed of SEEDS) {
      const w = first(checkWindows(yaml, seed, { cause: 'pausedNode' }));
      assert.deepEqual(w.cause.nodes, ['lb1']);
      // Not mistaken for loss: what lb2 sent during the pause was read when lb1 ran again.
      assert.ok(!w.causes.some((c) => c.kind === 'oneWayLoss' || c.kind === 'partition'), JSON.stringify(w.causes));
    }
  });

  it('VRRPv2 advert_int mismatch: each side drops the other’s adverts', () => {
    const yaml = incident([{ priority: 150, advertInt: 1 }, { priority: 100, advertInt: 2 }], []);
    for (const seed of SEEDS) {
      const w = first(checkWindows(yaml, seed, { cause: 'advertIntervalMismatch' }));
      assert.match(w.cause.text, /advertisement interval mismatch mine=2 sec rcv'd=1 sec/);
    }
  });

  it('authentication mismatch: auth_type PASS with different passwords', () => {
    const yaml = incident([{ priority: 150, authPass: 'secret1' }, { priority: 100, authPass: 'secret2' }], []);
    for (const seed of SEEDS) {
      const w = first(checkWindows(yaml, seed, { cause: 'authMismatch' }));
      assert.match(w.cause.text, /lb2 rejected \d+ of \d+ adverts from lb1 \("\(VI_1\) received an invalid passwd!"\)/);
    }
  });

  it('a flapping track_script: each handover overlap is put down to the priority change', () => {
    const flaps = [10, 16, 22].map((at) => `{ kind: script, node: lb1, script: chk_app, status: 1, at: ${at}s, duration: 3s }`);
    const yaml = incident([{ priority: 150, before: CHECK_APP, extra: 'track_script { chk_app }' }, { priority: 100 }], flaps, '40s');
    for (const seed of SEEDS) {
      const windows = checkWindows(yaml, seed, { cause: 'priorityChange' });
      assert.ok(windows.length >= 2, `flapping gives several windows, got ${windows.length}`);
      assert.ok(windows.every((w) => w.handover && w.causes.some((c) => c.kind === 'handoverOverlap')));
      assert.match(windows[0]?.cause.text ?? '', /lb1 \(VI_1\) priority 150 → 90 at \d+\.\d+ s: VRRP_Script\(chk_app\) failed/);
    }
  });

  it('a restarted master preempting back is a handover put down to the restart', () => {
    const yaml = incident([{ priority: 150 }, { priority: 100 }], ['{ kind: crash, node: lb1, at: 10s, restart_after: 5s }']);
    const windows = checkWindows(yaml, 1, { cause: 'restart' });
    assert.ok(windows.every((w) => w.handover));
  });

  it('a reload that lowers the master’s priority is a handover put down to the reload', () => {
    const lowered = `vrrp_instance VI_1 {\n        state BACKUP\n        interface eth0\n        virtual_router_id 51\n        priority 50\n        advert_int 1\n        virtual_ipaddress { 10.0.0.100/24 }\n      }`;
    const yaml = `${incident([{ priority: 150 }, { priority: 100 }], [])}\n  - kind: reload\n    node: lb1\n    at: 10s\n    config: |\n      ${lowered}`;
    const { journals } = run(yaml, 1);
    const report = postmortem(journals);
    const windows = report.routers[0]?.splitBrains ?? [];
    assert.ok(windows.length > 0 && windows.every((w) => w.cause.kind === 'reload'), postmortemText(report));
    assert.match(windows[0]?.cause.text ?? '', /lb1 loaded its config again \(reload\) at 10\.000 s, VI_1 priority 150 → 50/);
  });

  it('no fault, no split brain', () => {
    const { journals } = run(incident([{ priority: 150 }, { priority: 100 }], []), 1);
    const report = postmortem(journals);
    assert.deepEqual(report.routers.map((r) => r.splitBrains.length), [0]);
    assert.deepEqual(report.routers[0]?.masters.map((m) => m.node), ['lb1']);
  });
});
