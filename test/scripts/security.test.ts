// Script security at run time (keepalived notify.c check_script_secure / check_security;
// reference keepalived.md §3.3), with real files: under enable_script_security the executor does
// not run what keepalived would disable, and says why in keepalived's words. The daemon's config
// loader reports "SECURITY VIOLATION" when scripts run without it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, NotifyFinished } from '../../core/events/index.js';
import type { GlobalConfig } from '../../core/config/global/model.js';
import { loadConfig } from '../../adapters/runtime/config-loader.js';
import { scriptExecutor } from '../../adapters/scripts/executor.js';
import { ScriptLauncher, scriptSettings } from '../../adapters/scripts/launcher.js';

const asRoot = process.geteuid?.() === 0 ? false : 'script security only applies to scripts run as root';
let dir = '';

/** A root-owned script in `where` that leaves `marker` behind when it runs. */
function script(where: string, name: string, marker: string): string {
  const path = join(where, name);
  writeFileSync(path, `#!/bin/sh\ntouch ${marker}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function runNotify(launcher: ScriptLauncher, argv: string[], user?: string): Promise<NotifyFinished> {
  const events: Event[] = [];
  const executor = scriptExecutor({ emit: (e) => events.push(e), launcher });
  void executor.execute({ kind: 'RunScript', purpose: 'notify', name: 'VI_1', argv, ...(user === undefined ? {} : { user }) });
  for (let i = 0; i < 250 && events.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
  const [done] = events;
  assert.ok(done?.kind === 'NotifyFinished', JSON.stringify(events));
  return done;
}

function writeConfig(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-security-'));
  chmodSync(dir, 0o755);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('enable_script_security at run time', { skip: asRoot }, () => {
  it('refuses a group-writable script (group not root), with keepalived line, logged once', async () => {
    const marker = join(dir, 'group-writable-ran');
    const s = script(dir, 'group-writable.sh', marker);
    chownSync(s, 0, 65534);
    chmodSync(s, 0o775);
    const logs: string[] = [];
    const launcher = new ScriptLauncher({ scriptSecurity: true, log: (m) => logs.push(m) });
    const line = `Unsafe permissions found for script '${s}' - disabling.`;
    const first = await runNotify(launcher, [s, 'INSTANCE', 'VI_1', 'MASTER', '100']);
    assert.deepEqual([first.outcome, first.error, first.durationMicros], ['failedToStart', line, 0]);
    const second = await runNotify(launcher, [s]);
    assert.equal(second.error, line);
    assert.deepEqual(logs, [line], 'logged once, as keepalived logs it once');
    assert.equal(existsSync(marker), false, 'the script never ran');
  });

  it('refuses a script in a world-writable directory', async () => {
    const unsafeDir = join(dir, 'world-writable');
    mkdirSync(unsafeDir);
    chmodSync(unsafeDir, 0o777);
    const marker = join(dir, 'world-writable-ran');
    const s = script(unsafeDir, 'notify.sh', marker);
    const logs: string[] = [];
    const launcher = new ScriptLauncher({ scriptSecurity: true, log: (m) => logs.push(m) });
    const done = await runNotify(launcher, [s]);
    assert.deepEqual([done.outcome, done.error], ['failedToStart', `Unsafe permissions found for script '${s}' - disabling.`]);
    assert.equal(existsSync(marker), false);
  });

  it('a sticky world-writable directory is safe (as /tmp), so is a root-only path', async () => {
    const stickyDir = join(dir, 'sticky');
    mkdirSync(stickyDir);
    chmodSync(stickyDir, 0o1777);
    const marker = join(dir, 'sticky-ran');
    const launcher = new ScriptLauncher({ scriptSecurity: true });
    const done = await runNotify(launcher, [script(stickyDir, 'ok.sh', marker)]);
    assert.deepEqual([done.outcome, done.status, done.error], ['exited', 0, '']);
    assert.ok(existsSync(marker));
  });

  it('refuses the same way for vrrp_script runs: a failed ScriptResult', async () => {
    const s = script(dir, 'track-group-writable.sh', join(dir, 'track-ran'));
    chownSync(s, 0, 65534);
    chmodSync(s, 0o775);
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e), launcher: new ScriptLauncher({ scriptSecurity: true }) });
    void executor.execute({ kind: 'RunScript', purpose: 'track', name: 'chk', argv: [s], timeoutMicros: 1_000_000 });
    for (let i = 0; i < 250 && events.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(events, [{ kind: 'ScriptResult', script: 'chk', outcome: 'failedToStart', status: 127 }]);
  });

  it('without enable_script_security the same script runs (keepalived only warns)', async () => {
    const marker = join(dir, 'insecure-but-allowed-ran');
    const s = script(dir, 'insecure-allowed.sh', marker);
    chownSync(s, 0, 65534);
    chmodSync(s, 0o775);
    const done = await runNotify(new ScriptLauncher({ scriptSecurity: false }), [s]);
    assert.equal(done.outcome, 'exited');
    assert.ok(existsSync(marker));
  });

  it('with no default user under script security, a script without its own user is refused (issue #2184)', async () => {
    const marker = join(dir, 'no-default-user-ran');
    const s = script(dir, 'no-default.sh', marker);
    const settings = scriptSettings(globalDefs('enable_script_security'), () => false);
    const launcher = new ScriptLauncher(settings);
    const done = await runNotify(launcher, [s]);
    assert.equal(done.error, 'Unable to set default user keepalived_script for script');
    // With a user of its own it runs (nobody may run a 0755 root-owned script).
    const own = await runNotify(launcher, [s], 'nobody');
    assert.equal(own.outcome, 'exited', own.error);
    assert.equal(existsSync(marker), false, 'nobody could not write the marker in a root-only directory');
  });
});

function globalDefs(lines: string): GlobalConfig {
  const file = writeConfig(`global-${lines.length}-${String(Math.random()).slice(2)}.conf`, `global_defs {\n${lines}\n}\n`);
  const loaded = loadConfig({ mainFile: file, configId: 'test', hostName: 'test' });
  assert.ok(loaded.ok);
  return loaded.event.config.global;
}

describe('the default script user (notify.c get_default_script_user)', () => {
  it('script_user, else keepalived_script when it exists, else the daemon user; never root under script security', () => {
    assert.deepEqual(scriptSettings(globalDefs('script_user nobody nogroup'), () => false), { scriptSecurity: false, defaultUser: 'nobody', defaultGroup: 'nogroup' });
    assert.deepEqual(scriptSettings(globalDefs(''), (u) => u === 'keepalived_script'), { scriptSecurity: false, defaultUser: 'keepalived_script' });
    assert.deepEqual(scriptSettings(globalDefs(''), () => false), { scriptSecurity: false });
    assert.deepEqual(scriptSettings(globalDefs('enable_script_security'), () => false), {
      scriptSecurity: true,
      defaultUserRefusal: 'Unable to set default user keepalived_script for script',
    });
  });
});

describe('the daemon config loader checks scripts as keepalived does at start', { skip: asRoot }, () => {
  const instance = (script: string): string =>
    `vrrp_instance VI_1 {\n  interface lo\n  virtual_router_id 51\n  priority 100\n  virtual_ipaddress {\n    192.0.2.1/24\n  }\n  notify_master ${script}\n}\n`;

  it('SECURITY VIOLATION when scripts run as root without enable_script_security', () => {
    const s = script(dir, 'loader-notify.sh', join(dir, 'unused'));
    const file = writeConfig('violation.conf', instance(s));
    const loaded = loadConfig({ mainFile: file, configId: 'test', hostName: 'test' });
    assert.ok(loaded.ok);
    const security = loaded.diagnostics.filter((d) => d.severity === 'security');
    assert.deepEqual(
      security.map((d) => d.message),
      ['SECURITY VIOLATION - scripts are being executed but script_security not enabled.'],
    );
  });

  it('with enable_script_security: no violation, and an unsafe script is reported as disabled', () => {
    const s = script(dir, 'loader-unsafe.sh', join(dir, 'unused'));
    chownSync(s, 0, 65534);
    chmodSync(s, 0o775);
    const file = writeConfig('secure.conf', `global_defs {\n  enable_script_security\n  script_user root\n}\n${instance(s)}`);
    const loaded = loadConfig({ mainFile: file, configId: 'test', hostName: 'test' });
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'security'), []);
    assert.ok(
      loaded.diagnostics.some((d) => d.message === `Unsafe permissions found for script '${s}' - disabling.`),
      JSON.stringify(loaded.diagnostics),
    );
  });
});
