// Effective priority and faults from trackers (keepalived vrrp_track.c; reference keepalived.md §2.5).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { VrrpScript } from '../../../core/config/global/model.js';
import { applyScriptResult, newScriptTracker, scriptVerdict, type ScriptTracker } from '../../../core/tracking/script.js';
import { instanceConfig } from '../../support/cluster.js';
import { ofKind, TestNode } from '../../support/node.js';

function script(rise: number, fall: number, initFail = false): VrrpScript {
  return {
    name: 'chk',
    script: { text: '/bin/chk', argv: ['/bin/chk'], loc: { file: 'k', line: 1 } },
    intervalMicros: 1_000_000,
    timeoutMicros: 1_000_000,
    weight: 0,
    weightReverse: false,
    rise,
    fall,
    initFail,
    loc: { file: 'k', line: 1 },
  };
}

function run(t: ScriptTracker, statuses: readonly number[]): { t: ScriptTracker; logs: string[] } {
  const logs: string[] = [];
  for (const status of statuses) {
    const step = applyScriptResult(t, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status });
    t = step.tracker;
    logs.push(...step.logs);
  }
  return { t, logs };
}

describe('vrrp_script rise/fall counter (keepalived vrrp_script_child_thread)', () => {
  it('at start one success is enough, whatever rise is (observed 2.2.7: rise 2)', () => {
    const { t, logs } = run(newScriptTracker(script(2, 3), 0), [0]);
    assert.equal(scriptVerdict(t), 'up');
    assert.deepEqual(logs, ['VRRP_Script(chk) succeeded']);
    assert.equal(t.result, 4, 'jumps to rise + fall - 1');
  });

  it('at start one failure is enough', () => {
    const { t, logs } = run(newScriptTracker(script(2, 3), 0), [1]);
    assert.equal(scriptVerdict(t), 'down');
    assert.deepEqual(logs, ['Script `chk` now returning 1', 'VRRP_Script(chk) failed (exited with status 1)']);
  });

  it('fall failures in a row take an up script down, and only then it logs', () => {
    const start = run(newScriptTracker(script(2, 3), 0), [0]).t;
    const two = run(start, [1, 1]);
    assert.equal(scriptVerdict(two.t), 'up', 'two of three failures: still up');
    const three = run(two.t, [1]);
    assert.equal(scriptVerdict(three.t), 'down');
    assert.deepEqual(three.logs, ['VRRP_Script(chk) failed (exited with status 1)']);
  });

  it('rise successes bring a failed script back', () => {
    const down = run(newScriptTracker(script(2, 3), 0), [1]).t;
    assert.equal(scriptVerdict(run(down, [0]).t), 'down');
    const up = run(down, [0, 0]);
    assert.equal(scriptVerdict(up.t), 'up');
    assert.deepEqual(up.logs, ['Script `chk` now returning 0', 'VRRP_Script(chk) succeeded']);
  });

  it('init_fail starts failed and needs rise successes', () => {
    const t = newScriptTracker(script(3, 1, true), 0);
    assert.equal(scriptVerdict(t), 'down');
    assert.equal(scriptVerdict(run(t, [0, 0]).t), 'down');
    assert.equal(scriptVerdict(run(t, [0, 0, 0]).t), 'up');
  });

  it('a timed out run counts as a failure', () => {
    const start = newScriptTracker(script(1, 1), 0);
    const step = applyScriptResult(start, { kind: 'ScriptResult', script: 'chk', outcome: 'timedOut', status: 0 });
    assert.equal(scriptVerdict(step.tracker), 'down');
    assert.deepEqual(step.logs, ['VRRP_Script(chk) timed_out']);
  });
});

const SCRIPT = (weight: string): string => `vrrp_script chk {
  script "/bin/chk"
  interval 2
  ${weight}
}
`;

function withScript(weight: string, extra = ''): TestNode {
  const n = new TestNode(SCRIPT(weight) + instanceConfig({ priority: 100, extra: `track_script { chk }\n${extra}` }));
  n.boot(0);
  return n;
}

describe('effective priority (reference §2.5 table)', () => {
  const table: readonly { weight: string; status: number; want: number }[] = [
    { weight: 'weight 20', status: 0, want: 120 },
    { weight: 'weight 20', status: 1, want: 100 },
    { weight: 'weight -20', status: 0, want: 100 },
    { weight: 'weight -20', status: 1, want: 80 },
    { weight: 'weight 20 reverse', status: 0, want: 80 },
    { weight: 'weight -20 reverse', status: 1, want: 120 },
    { weight: 'weight 200', status: 0, want: 254 },
    { weight: 'weight -200', status: 1, want: 1 },
  ];
  for (const c of table) {
    it(`${c.weight}, script exits ${c.status} → ${c.want}`, () => {
      const n = withScript(c.weight);
      n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: c.status });
      assert.equal(n.instance().effectivePriority, c.want);
    });
  }

  it('a priority change logs keepalived\'s line and moves a BACKUP\'s deadline by the skew difference', () => {
    const n = withScript('weight 20');
    const before = n.instance().deadline ?? 0;
    n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.ok(n.logs().includes('(VI_1) Changing effective priority from 100 to 120'));
    // skew(100) − skew(120) = (156 − 136) / 256 s
    assert.equal(n.instance().deadline, before - 78_125);
  });

  it('notify_priority_changes writes BACKUP_PRIORITY to the FIFO', () => {
    const n = withScript('weight 20', 'notify_priority_changes');
    const text = SCRIPT('weight 20') + instanceConfig({ priority: 100, extra: 'track_script { chk }\nnotify_priority_changes', global: 'notify_fifo /run/n.fifo' });
    const m = new TestNode(text);
    m.boot(0);
    m.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.deepEqual(ofKind(m.last, 'WriteFifo').map((e) => e.line), ['INSTANCE "VI_1" BACKUP_PRIORITY 120\n']);
    assert.ok(n.instance());
  });
});

describe('faults (reference §2.5: weight 0)', () => {
  it('an unweighted script failing takes a MASTER to FAULT: priority 0 advert, VIPs removed', () => {
    const n = withScript('');
    n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    n.runToDeadline();
    assert.equal(n.instance().state, 'master');
    const at = 10_000_000;
    const effects = n.send(at, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 1 });
    assert.equal(n.instance().state, 'fault');
    const adverts = ofKind(effects, 'SendAdvert');
    assert.equal(adverts.length, 1);
    assert.equal(adverts[0]?.message[2], 0, 'priority byte 0');
    assert.equal(ofKind(effects, 'DeleteAddress').length, 1);
    assert.deepEqual(ofKind(effects, 'Transition')[0]?.reason, { kind: 'trackerFailed', subject: 'script chk' });
  });

  it('recovery leaves FAULT for BACKUP with a full down timer', () => {
    const n = withScript('');
    n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 1 });
    assert.equal(n.instance().state, 'fault');
    n.send(2_000_000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.equal(n.instance().state, 'backup');
    assert.equal(n.instance().deadline, 2_000_000 + 3_609_375);
    assert.ok(n.logs().includes('(VI_1) Entering BACKUP STATE'));
  });

  it('weight 0 reverse: the script succeeding is the fault', () => {
    const n = withScript('weight 0 reverse');
    n.send(1000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    assert.equal(n.instance().state, 'fault');
  });

  it('the instance interface going down is a FAULT, coming up a BACKUP', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    n.send(1000, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: false });
    assert.equal(n.instance().state, 'fault');
    assert.deepEqual(n.instance().reason, { kind: 'interfaceDown', subject: 'eth0' });
    n.send(2000, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true });
    assert.equal(n.instance().state, 'backup');
    assert.deepEqual(n.instance().reason, { kind: 'interfaceUp', subject: 'eth0' });
  });

  it('track_interface with a weight changes priority instead', () => {
    const n = new TestNode(instanceConfig({ priority: 100, extra: 'track_interface { eth1 weight -30 }' }));
    n.boot(0);
    assert.equal(n.instance().effectivePriority, 70, 'eth1 does not exist: down');
    n.send(1000, { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: true, running: true });
    assert.equal(n.instance().effectivePriority, 100);
  });

  it('track_file: value × weight; with weight 0 a non-zero value is a fault', () => {
    const text = `track_file f { file /run/f weight 0 }
vrrp_track_file g { file /run/g }
${instanceConfig({ priority: 100, extra: 'track_file { f weight 0\n g weight -5 }' })}`;
    const n = new TestNode(text);
    n.boot(0);
    assert.equal(n.instance().state, 'init', 'waits for the first read of f');
    n.send(1000, { kind: 'TrackFileChanged', file: 'f', value: 0 });
    n.send(1000, { kind: 'TrackFileChanged', file: 'g', value: 4 });
    assert.equal(n.instance().state, 'backup');
    assert.equal(n.instance().effectivePriority, 80);
    n.send(2000, { kind: 'TrackFileChanged', file: 'f', value: 1 });
    assert.equal(n.instance().state, 'fault');
  });

  it('vrrp_track_process: up while quorum <= count <= quorum_max', () => {
    const text = `vrrp_track_process p {
  process nginx
  quorum 2
  weight 10
}
${instanceConfig({ priority: 100, extra: 'track_process { p }' })}`;
    const n = new TestNode(text);
    n.boot(0);
    n.send(1000, { kind: 'ProcessCountChanged', process: 'p', count: 1 });
    assert.equal(n.instance().effectivePriority, 100);
    n.send(2000, { kind: 'ProcessCountChanged', process: 'p', count: 2 });
    assert.equal(n.instance().effectivePriority, 110);
  });
});

describe('script runs', () => {
  it('every interval, skipping a run while the last one is still going', () => {
    const n = withScript('weight 2');
    n.send(2_000_000, { kind: 'TimerFired', timer: 'script:chk' });
    assert.deepEqual(n.logs(), ['Track script chk is already running, expect idle - skipping run']);
    n.send(2_500_000, { kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 0 });
    const effects = n.send(4_000_000, { kind: 'TimerFired', timer: 'script:chk' });
    assert.deepEqual(ofKind(effects, 'RunScript').map((e) => [e.argv, e.timeoutMicros]), [[['/bin/chk'], 2_000_000]]);
    assert.deepEqual(ofKind(effects, 'ScheduleTimer').map((t) => t.atMicros), [6_000_000]);
  });
});
