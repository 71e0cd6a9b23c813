// Notify scripts through the RunScript executor, with real scripts: one at a time per instance or
// group, in order; names in parallel; time limits that kill the whole process group; every run
// reported as a NotifyFinished event; the queue bounded; shutdown.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Effect, Event, NotifyFinished } from '../../core/events/index.js';
import { scriptExecutor } from '../../adapters/scripts/executor.js';

let dir = '';
let counter = 0;

function script(body: string): string {
  const path = join(dir, `s${String(++counter)}.sh`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function notify(name: string, argv: readonly string[], timeoutMicros?: number): Effect {
  return { kind: 'RunScript', purpose: 'notify', name, argv, ...(timeoutMicros === undefined ? {} : { timeoutMicros }) };
}

function finished(events: readonly Event[]): NotifyFinished[] {
  return events.filter((e): e is NotifyFinished => e.kind === 'NotifyFinished');
}

/** Waits (at most 15 s: a hang guard, not a timing assertion) until `count` notifies are reported. */
async function until(events: readonly Event[], count: number): Promise<NotifyFinished[]> {
  for (let i = 0; i < 750 && finished(events).length < count; i++) await new Promise((res) => setTimeout(res, 20));
  const done = finished(events);
  assert.ok(done.length >= count, `expected ${count} NotifyFinished, got ${JSON.stringify(done)}`);
  return done;
}

/** Dead, or a zombie nobody has reaped yet (a container's PID 1 may not reap orphans). */
function goneOrZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-notify-'));
  chmodSync(dir, 0o755);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('notify scripts', () => {
  it('run one at a time per instance, in the order they were asked for', async () => {
    const log = join(dir, 'order.log');
    const slow = script(`sleep 0.5; echo A >> ${log}`);
    const fast = script(`echo B >> ${log}`);
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    void executor.execute(notify('VI_1', [slow, 'INSTANCE', 'VI_1', 'MASTER', '100']));
    void executor.execute(notify('VI_1', [fast, 'INSTANCE', 'VI_1', 'BACKUP', '100']));
    const done = await until(events, 2);
    // Fired and forgotten (keepalived), B would be written while A still sleeps.
    assert.equal(readFileSync(log, 'utf8'), 'A\nB\n');
    assert.deepEqual(
      done.map((e) => [e.name, e.argv[0], e.outcome, e.status, e.error]),
      [
        ['VI_1', slow, 'exited', 0, ''],
        ['VI_1', fast, 'exited', 0, ''],
      ],
    );
    const [first] = done;
    assert.ok(first);
    assert.deepEqual(first.argv, [slow, 'INSTANCE', 'VI_1', 'MASTER', '100']);
    assert.ok(first.durationMicros >= 500_000, `the slow script slept 0.5 s: ${String(first.durationMicros)} µs`);
  });

  it('different instances run in parallel', async () => {
    const log = join(dir, 'parallel.log');
    const slow = script(`sleep 0.5; echo VI_1 >> ${log}`);
    const fast = script(`echo VI_2 >> ${log}`);
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    void executor.execute(notify('VI_1', [slow]));
    void executor.execute(notify('VI_2', [fast]));
    const done = await until(events, 2);
    // One queue for everything would finish VI_1 first.
    assert.deepEqual(
      done.map((e) => e.name),
      ['VI_2', 'VI_1'],
    );
    assert.equal(readFileSync(log, 'utf8'), 'VI_2\nVI_1\n');
  });

  it('a script that ignores SIGTERM and outlives the default limit is killed, its child too', async () => {
    const marker = join(dir, 'stubborn.pid');
    const stubborn = script(`trap '' TERM\nsleep 30 &\necho $! > ${marker}\nwait`);
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e), notifyTimeoutMicros: 300_000 });
    void executor.execute(notify('VI_1', [stubborn]));
    const [done] = await until(events, 1);
    // SIGTERM is ignored (by the script and, inherited, by its sleep): SIGKILL 2 s later.
    assert.equal(done?.outcome, 'timedOut');
    assert.equal(done.status, 9);
    assert.ok(done.durationMicros >= 2_000_000, `SIGKILL came 2 s after the SIGTERM: ${String(done.durationMicros)} µs`);
    const child = Number(readFileSync(marker, 'utf8'));
    await new Promise((res) => setTimeout(res, 100));
    assert.ok(goneOrZombie(child), 'the backgrounded sleep died with its group');
  });

  it("the effect's own limit (STOP notifies: 1 s) wins over the default", async () => {
    const sleeper = script('sleep 30');
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    void executor.execute(notify('VI_1', [sleeper, 'INSTANCE', 'VI_1', 'STOP', '100'], 200_000));
    const [done] = await until(events, 1);
    assert.deepEqual([done?.outcome, done?.status], ['timedOut', 15]);
  });

  it('a missing script is failedToStart with the error, and the next one still runs', async () => {
    const log = join(dir, 'after-missing.log');
    const missing = join(dir, 'no-such-script.sh');
    const next = script(`echo ran >> ${log}`);
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    void executor.execute(notify('VI_1', [missing, 'INSTANCE', 'VI_1', 'MASTER', '100']));
    void executor.execute(notify('VI_1', [next]));
    const done = await until(events, 2);
    assert.deepEqual(done[0], {
      kind: 'NotifyFinished',
      name: 'VI_1',
      argv: [missing, 'INSTANCE', 'VI_1', 'MASTER', '100'],
      outcome: 'failedToStart',
      status: 127,
      durationMicros: 0,
      error: 'ENOENT',
    });
    assert.deepEqual([done[1]?.outcome, done[1]?.status], ['exited', 0]);
    assert.equal(readFileSync(log, 'utf8'), 'ran\n');
  });

  it('the queue is bounded: past the bound the oldest waiting notify is dropped and reported', async () => {
    const log = join(dir, 'bounded.log');
    const slow = script(`sleep 0.3; echo first >> ${log}`);
    const writers = [1, 2, 3, 4].map((n) => script(`echo ${String(n)} >> ${log}`));
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e), maxPendingNotifies: 2 });
    void executor.execute(notify('VI_1', [slow]));
    for (const w of writers) void executor.execute(notify('VI_1', [w]));
    const done = await until(events, 5);
    const dropped = done.filter((e) => e.error.startsWith('dropped'));
    assert.deepEqual(
      dropped.map((e) => [e.argv[0], e.outcome, e.durationMicros]),
      [
        [writers[0], 'failedToStart', 0],
        [writers[1], 'failedToStart', 0],
      ],
    );
    assert.equal(dropped[0]?.error, 'dropped: 2 notifies already waiting for VI_1');
    // The newest states still reach the script, in order.
    assert.equal(readFileSync(log, 'utf8'), 'first\n3\n4\n');
  });

  it('shutdown lets queued notifies finish within the grace, then stops the rest', async () => {
    const log = join(dir, 'shutdown.log');
    const quick = script(`echo quick >> ${log}`);
    const hung = script('sleep 30');
    const never = script(`echo never >> ${log}`);
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    void executor.execute(notify('VI_1', [quick]));
    void executor.execute(notify('VI_2', [hung]));
    void executor.execute(notify('VI_2', [never]));
    await executor.stop(300_000);
    await new Promise((res) => setTimeout(res, 0));
    const byScript = new Map(finished(events).map((e) => [e.argv[0], e]));
    assert.equal(byScript.get(quick)?.outcome, 'exited');
    assert.deepEqual([byScript.get(hung)?.outcome, byScript.get(hung)?.status], ['timedOut', 15]);
    assert.deepEqual([byScript.get(never)?.outcome, byScript.get(never)?.error], ['failedToStart', 'not run: the daemon is stopping']);
    assert.equal(readFileSync(log, 'utf8'), 'quick\n');
    // Asked for after the stop: refused, reported.
    void executor.execute(notify('VI_1', [quick]));
    await new Promise((res) => setTimeout(res, 0));
    assert.equal(finished(events).at(-1)?.error, 'not run: the daemon is stopping');
  });

  it('vrrp_script runs are not queued: they come back as ScriptResult', async () => {
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    const slow = script('sleep 0.3; exit 0');
    const fast = script('exit 2');
    void executor.execute({ kind: 'RunScript', purpose: 'track', name: 'slow', argv: [slow], timeoutMicros: 5_000_000 });
    void executor.execute({ kind: 'RunScript', purpose: 'track', name: 'fast', argv: [fast], timeoutMicros: 5_000_000 });
    for (let i = 0; i < 250 && events.length < 2; i++) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(events, [
      { kind: 'ScriptResult', script: 'fast', outcome: 'exited', status: 2 },
      { kind: 'ScriptResult', script: 'slow', outcome: 'exited', status: 0 },
    ]);
  });
});
