// global_defs startup_script / shutdown_script with real scripts (keepalived main.c
// run_startup_script, sigend; observed 2.2.7 lines): argv as keepalived splits it, the outcome as
// a NotifyFinished event to journal, keepalived's log lines, the timeout (SIGTERM to the whole
// group, SIGKILL 2 s later), a stop request, and script security.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalConfig } from '../../core/config/global/model.js';
import { ScriptLauncher } from '../../adapters/scripts/launcher.js';
import { runLifecycleScript } from '../../adapters/scripts/lifecycle.js';
import { configFrom } from '../support/config.js';

let dir = '';

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function globalDefs(lines: string): GlobalConfig {
  return configFrom(`global_defs {\n${lines}\n}\n`).global;
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
  dir = mkdtempSync(join(tmpdir(), 'vigil-lifecycle-'));
  chmodSync(dir, 0o755);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('startup_script and shutdown_script', () => {
  it('runs the startup script with the configured argv; -D logs its start and success', async () => {
    const out = join(dir, 'startup.args');
    const s = script('startup.sh', `for a in "$@"; do echo "[$a]"; done > ${out}`);
    const logs: string[] = [];
    const done = await runLifecycleScript(globalDefs(`startup_script "${s} one 'two words'"`), 'startup', {
      launcher: new ScriptLauncher(),
      log: (m) => logs.push(m),
      detail: true,
    });
    assert.equal(readFileSync(out, 'utf8'), '[one]\n[two words]\n');
    assert.ok(done !== undefined);
    assert.deepEqual({ ...done, durationMicros: 0 }, {
      kind: 'NotifyFinished', name: 'startup_script', argv: [s, 'one', 'two words'], outcome: 'exited', status: 0, durationMicros: 0, error: '',
    });
    assert.ok(done.durationMicros > 0);
    assert.deepEqual(logs, [`Running startup script ${s}`, 'startup script script succeeded']);
  });

  it("a failing shutdown script is logged in keepalived 2.2.7's words, with or without -D", async () => {
    const s = script('shutdown-fails.sh', 'exit 3');
    const logs: string[] = [];
    const done = await runLifecycleScript(globalDefs(`shutdown_script ${s}`), 'shutdown', { launcher: new ScriptLauncher(), log: (m) => logs.push(m) });
    assert.deepEqual([done?.name, done?.outcome, done?.status], ['shutdown_script', 'exited', 3]);
    assert.deepEqual(logs, ['shutdown script script failed, status 3']);
  });

  it('nothing configured: nothing runs, nothing to journal', async () => {
    const logs: string[] = [];
    assert.equal(await runLifecycleScript(globalDefs('router_id x'), 'startup', { launcher: new ScriptLauncher(), log: (m) => logs.push(m), detail: true }), undefined);
    assert.deepEqual(logs, []);
  });

  it('past its timeout the script and everything in its group are stopped: SIGTERM, SIGKILL 2 s later', async () => {
    const child = join(dir, 'timeout-child.pid');
    // Ignores SIGTERM, so only the SIGKILL 2 s after it ends the run.
    const s = script('slow-startup.sh', `trap '' TERM\nsleep 30 & echo $! > ${child}\nwhile :; do sleep 1; done`);
    const logs: string[] = [];
    const t0 = Date.now();
    let loggedAfter = 0;
    const log = (m: string): void => {
      logs.push(m);
      loggedAfter = Date.now() - t0;
    };
    const done = await runLifecycleScript(globalDefs(`startup_script ${s}\nstartup_script_timeout 1`), 'startup', { launcher: new ScriptLauncher(), log });
    const took = Date.now() - t0;
    assert.deepEqual([done?.outcome, done?.status], ['timedOut', 9]);
    assert.ok(took >= 2900 && took < 6000, `took ${took} ms (1 s timeout + 2 s to SIGKILL)`);
    assert.ok((done?.durationMicros ?? 0) >= 2_900_000, String(done?.durationMicros));
    assert.deepEqual(logs, ['startup script timed out']);
    assert.ok(loggedAfter >= 900 && loggedAfter < 2500, `logged at the timeout (${loggedAfter} ms), not at the SIGKILL`);
    const pid = Number(readFileSync(child, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(goneOrZombie(pid), 'the backgrounded sleep died with its group');
  });

  it('a stop request (SIGTERM to the daemon during start-up) stops the startup script as a timeout would', async () => {
    const s = script('long-startup.sh', 'sleep 30');
    const stop = new AbortController();
    const running = runLifecycleScript(globalDefs(`startup_script ${s}`), 'startup', { launcher: new ScriptLauncher(), log: () => undefined, signal: stop.signal });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    stop.abort();
    const done = await running;
    assert.deepEqual([done?.outcome, done?.status], ['timedOut', 15]);
    assert.ok(Date.now() - t0 < 1500, 'sleep dies of the SIGTERM at once');
  });

  it('a missing script cannot be called: keepalived\'s line, a failedToStart event', async () => {
    const missing = join(dir, 'no-such-startup.sh');
    const logs: string[] = [];
    const done = await runLifecycleScript(globalDefs(`startup_script ${missing}`), 'startup', { launcher: new ScriptLauncher(), log: (m) => logs.push(m) });
    assert.deepEqual([done?.outcome, done?.error, done?.durationMicros], ['failedToStart', 'ENOENT', 0]);
    assert.deepEqual(logs, [`Call of startup script ${missing} failed`]);
  });

  it('under enable_script_security a group-writable shutdown script is refused, not run', { skip: process.geteuid?.() === 0 ? false : 'script security only applies to scripts run as root' }, async () => {
    const marker = join(dir, 'refused-ran');
    const s = script('group-writable-shutdown.sh', `touch ${marker}`);
    chownSync(s, 0, 65534);
    chmodSync(s, 0o775);
    const logs: string[] = [];
    const global = globalDefs(`enable_script_security\nscript_user root\nshutdown_script ${s}`);
    const done = await runLifecycleScript(global, 'shutdown', { launcher: new ScriptLauncher({ scriptSecurity: true, log: (m) => logs.push(m) }), log: (m) => logs.push(m) });
    const line = `Unsafe permissions found for script '${s}' - disabling.`;
    assert.deepEqual([done?.outcome, done?.error], ['failedToStart', line]);
    assert.deepEqual(logs, [line]);
    assert.equal(existsSync(marker), false);
  });
});
