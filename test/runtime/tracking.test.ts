// vrrp_script tracking with real processes through the daemon's pipeline (real reducer, real
// timers, the real script executor; no network): weights, `reverse`, rise/fall and keepalived's
// start-up rule, init_fail, a run that outlasts its interval is not started twice, a timed-out
// run takes its whole process group with it; the journal holds every start (RunScript), result
// and timeout (ScriptResult), and replays identical (reference keepalived.md §2.5, issue 7).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, ScriptResult } from '../../core/events/index.js';
import { scriptVerdict, type ScriptVerdict } from '../../core/tracking/script.js';
import { systemClock } from '../../adapters/runtime/clock.js';
import { loadConfig } from '../../adapters/runtime/config-loader.js';
import { Pipeline } from '../../adapters/runtime/pipeline.js';
import { exitExecutor, logExecutor, timerExecutor } from '../../adapters/runtime/standard-executors.js';
import { TimerService } from '../../adapters/runtime/timers.js';
import { scriptExecutor } from '../../adapters/scripts/executor.js';
import { replay } from '../../replay/verify/replay.js';
import { MemoryStore } from '../support/memory-store.js';

let dir = '';
let seq = 0;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-tracking-'));
  chmodSync(dir, 0o755);
  // One script for every check: logs each start, exits with the status in its status file.
  writeFileSync(join(dir, 'chk.sh'), `#!/bin/sh\necho "$$" >> ${dir}/$1.runs\nexit $(cat ${dir}/$1.status)\n`, { mode: 0o755 });
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setStatus(name: string, status: number): void {
  writeFileSync(join(dir, `${name}.status`), `${status}\n`);
}

function runsOf(name: string): number {
  const file = join(dir, `${name}.runs`);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0;
}

/** What each ScriptResult did: the script's verdict and the instance's priority after it. */
interface Observed {
  readonly result: ScriptResult;
  readonly verdict: ScriptVerdict;
  readonly priority: number;
}

interface Node {
  readonly pipeline: Pipeline;
  readonly journal: MemoryStore;
  readonly logs: string[];
  readonly observed: Observed[];
  priority(): number;
  stop(): Promise<void>;
}

/** One daemon on a config file: DaemonStarted, eth0 up, the config; stopped by stop(). */
function startNode(config: string): Node {
  seq++;
  const file = join(dir, `keepalived-${seq}.conf`);
  writeFileSync(file, config);
  const journal = new MemoryStore('n1');
  const logs: string[] = [];
  const observed: Observed[] = [];
  const emit = (e: Event): void => {
    pipeline.input.next(e);
  };
  const timers = new TimerService(systemClock, (timer) => {
    emit({ kind: 'TimerFired', timer });
  });
  const scripts = scriptExecutor({ emit });
  const pipeline: Pipeline = new Pipeline({
    nodeId: 'n1',
    clock: systemClock,
    journal,
    executors: [timerExecutor(timers), logExecutor((l) => logs.push(l)), exitExecutor(() => undefined), scripts],
    onStep: (state, event) => {
      if (event.kind !== 'ScriptResult') return;
      const t = state.trackers.scripts.get(event.script);
      if (t !== undefined) observed.push({ result: event, verdict: scriptVerdict(t), priority: state.instances[0]?.effectivePriority ?? -1 });
    },
  });
  pipeline.start([]);
  emit({ kind: 'DaemonStarted', vigilVersion: 'test', pid: process.pid });
  emit({ kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true });
  emit({ kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.2', prefixLength: 24, present: true });
  const loaded = loadConfig({ mainFile: file, configId: 'n1', hostName: 'n1' });
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
  emit(loaded.event);
  return {
    pipeline,
    journal,
    logs,
    observed,
    priority: () => pipeline.current.instances[0]?.effectivePriority ?? -1,
    async stop() {
      emit({ kind: 'ShutdownRequested', signal: 'SIGTERM' });
      await scripts.stop(1_000_000);
      timers.cancelAll();
      pipeline.stop();
    },
  };
}

function instance(priority: number, tracked: readonly string[]): string {
  return `vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  track_script {
    ${tracked.join('\n    ')}
  }
  virtual_ipaddress { 192.168.100.10/24 }
}
`;
}

function vrrpScript(name: string, lines: string): string {
  return `vrrp_script ${name} {\n  script "${dir}/chk.sh ${name}"\n  interval 0.2\n  ${lines}\n}\n`;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The verdicts of `name`'s results from index `from` of `observed` on. */
function verdicts(node: Node, name: string, from = 0): { status: number; verdict: ScriptVerdict; priority: number }[] {
  return node.observed.slice(from).filter((o) => o.result.script === name).map((o) => ({ status: o.result.status, verdict: o.verdict, priority: o.priority }));
}

function assertReplays(node: Node): void {
  const r = replay(node.journal.records);
  assert.equal(r.divergence, undefined, JSON.stringify(r.divergence));
  assert.equal(r.events + r.effects + r.snapshots, node.journal.records.length);
}

describe('vrrp_script with real processes', () => {
  it('weights and reverse; rise/fall; one result decides at start whatever rise is; init_fail needs rise', async () => {
    setStatus('plus', 0);
    setStatus('minus', 0);
    setStatus('rev', 1);
    setStatus('initfail', 0);
    const node = startNode(
      vrrpScript('plus', 'weight 10\n  rise 3\n  fall 2') +
        vrrpScript('minus', 'weight -20') +
        vrrpScript('rev', 'weight -5 reverse') +
        vrrpScript('initfail', 'weight 7\n  rise 2\n  init_fail') +
        instance(100, ['plus', 'minus', 'rev', 'initfail']),
    );
    try {
      // plus: up after its first success although rise is 3; minus: up, nothing taken; rev
      // (weight -5 reverse) failing: +5; initfail: +7 only after 2 successes.
      await until(() => verdicts(node, 'initfail').length >= 2, 'two initfail results');
      assert.deepEqual(verdicts(node, 'plus')[0]?.verdict, 'up');
      assert.deepEqual(verdicts(node, 'initfail').slice(0, 2).map((v) => v.verdict), ['down', 'up']);
      await until(() => node.priority() === 122, 'priority 100 + 10 + 5 + 7');

      // fall 2: one failure changes nothing, the second takes plus down (−10).
      let mark = node.observed.length;
      setStatus('plus', 1);
      await until(() => verdicts(node, 'plus', mark).filter((v) => v.status === 1).length >= 2, 'two failures of plus');
      const fails = verdicts(node, 'plus', mark).filter((v) => v.status === 1);
      assert.deepEqual(fails.slice(0, 2).map((v) => v.verdict), ['up', 'down']);
      assert.deepEqual(fails.slice(0, 2).map((v) => v.priority), [122, 112]);
      assert.ok(node.logs.includes('VRRP_Script(plus) failed (exited with status 1)'), node.logs.join('\n'));
      assert.ok(node.logs.includes('Script `plus` now returning 1'));

      // rise 3: back up on the third success in a row.
      mark = node.observed.length;
      setStatus('plus', 0);
      await until(() => verdicts(node, 'plus', mark).filter((v) => v.status === 0).length >= 3, 'three successes of plus');
      const oks = verdicts(node, 'plus', mark).filter((v) => v.status === 0);
      assert.deepEqual(oks.slice(0, 3).map((v) => v.verdict), ['down', 'down', 'up']);
      assert.deepEqual(oks.slice(0, 3).map((v) => v.priority), [112, 112, 122]);
      assert.ok(node.logs.includes('VRRP_Script(plus) succeeded'));

      // A negative weight takes its weight away while failing; reverse swaps the sign.
      setStatus('minus', 2);
      await until(() => node.priority() === 102, 'minus failing: −20');
      setStatus('rev', 0);
      await until(() => node.priority() === 97, 'rev succeeding: its +5 gone');
      assert.ok(node.logs.includes('(VI_1) Changing effective priority from 122 to 102'), node.logs.join('\n'));
      assert.ok(node.logs.includes('(VI_1) Changing effective priority from 102 to 97'));
    } finally {
      await node.stop();
    }
    assertReplays(node);
  });

  it('a run still going at the next interval is not started twice', async () => {
    const lock = join(dir, 'slow.lock');
    const overlaps = join(dir, 'slow.overlaps');
    // Runs for 0.7 s at a 0.2 s interval; a second copy running at once would find the lock.
    writeFileSync(
      join(dir, 'slow.sh'),
      `#!/bin/sh\necho "$$" >> ${dir}/slow.runs\nmkdir ${lock} 2>/dev/null || echo overlap >> ${overlaps}\nsleep 0.7\nrmdir ${lock}\n`,
      { mode: 0o755 },
    );
    const node = startNode(`vrrp_script slow {\n  script ${join(dir, 'slow.sh')}\n  interval 0.2\n  timeout 5\n  weight 10\n}\n${instance(100, ['slow'])}`);
    try {
      await until(() => runsOf('slow') >= 3, 'three runs of slow', 15_000);
    } finally {
      await node.stop();
    }
    assert.equal(existsSync(overlaps), false, 'two runs overlapped');
    const skipped = node.logs.filter((l) => l === 'Track script slow is already running, expect idle - skipping run').length;
    assert.ok(skipped >= 4, `${skipped} skipped runs logged:\n${node.logs.join('\n')}`);
    // Every start the journal records is a run the script saw, and the other way round.
    const starts = node.journal.records.filter((r) => r.body.kind === 'RunScript' && r.body.purpose === 'track').length;
    assert.equal(starts, runsOf('slow'));
    assertReplays(node);
  });

  it('a run past its timeout is stopped with its whole process group: journaled start, timeout, result; replays identical', async () => {
    const child = join(dir, 'hang.child');
    writeFileSync(join(dir, 'hang.sh'), `#!/bin/sh\nsleep 30 &\necho $! >> ${child}\nwait\n`, { mode: 0o755 });
    const node = startNode(`vrrp_script hang {\n  script ${join(dir, 'hang.sh')}\n  interval 1\n  timeout 0.3\n}\n${instance(100, ['hang'])}`);
    try {
      await until(() => node.observed.length >= 2, 'two timed-out runs');
      await until(() => node.pipeline.current.instances[0]?.state === 'fault', 'FAULT: an unweighted script timing out');
    } finally {
      await node.stop();
    }
    assert.ok(node.logs.includes('VRRP_Script(hang) timed_out'), node.logs.join('\n'));
    // The backgrounded sleep of every run died with its group.
    await new Promise((r) => setTimeout(r, 100));
    for (const pid of readFileSync(child, 'utf8').split('\n').filter((l) => l !== '').map(Number)) {
      let state = 'gone';
      try {
        state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.slice(0, 1) ?? 'gone';
      } catch {
        // gone
      }
      assert.ok(state === 'gone' || state === 'Z', `sleep ${pid} still running (${state})`);
    }
    // In the journal: each start (the RunScript effect, with its limit) and then its timed-out result.
    const script = node.journal.records.flatMap((r) => (r.body.kind === 'RunScript' || r.body.kind === 'ScriptResult' ? [r.body] : []));
    assert.deepEqual(script.slice(0, 4), [
      { kind: 'RunScript', purpose: 'track', name: 'hang', argv: [join(dir, 'hang.sh')], timeoutMicros: 300_000 },
      { kind: 'ScriptResult', script: 'hang', outcome: 'timedOut', status: 15 },
      { kind: 'RunScript', purpose: 'track', name: 'hang', argv: [join(dir, 'hang.sh')], timeoutMicros: 300_000 },
      { kind: 'ScriptResult', script: 'hang', outcome: 'timedOut', status: 15 },
    ]);
    assertReplays(node);
  });
});
