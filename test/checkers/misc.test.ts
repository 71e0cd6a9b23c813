// MISC_CHECK with real shell scripts: exit 0 up, 1 down, misc_dynamic statuses, a signal, a
// script that cannot start, and a run past misc_timeout whose whole process group is killed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checker } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, realServer, targetFor, timed, timing } from './support.js';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-misc-'));
  chmodSync(dir, 0o755);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function miscCheck(argv: string[], more: { dynamic?: boolean; timeoutMicros?: number; user?: string } = {}): Checker {
  return {
    ...base, ...timing, retry: 0, kind: 'MISC_CHECK',
    script: { argv, loc: base.loc, role: 'MISC_CHECK script', ...(more.user === undefined ? {} : { user: more.user }) },
    timeoutMicros: more.timeoutMicros ?? 5_000_000, dynamic: more.dynamic ?? false,
  };
}

const rs = realServer('10.0.0.11', 80);
const subject = (path: string): string => `Misc check for [${rs.label} VS [10.0.0.1]:tcp:80] by [${path}]`;

/** True when `pid` is gone, or a zombie nobody reaped (a container's PID 1 may not reap orphans). */
function goneOrZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

describe('MISC_CHECK', () => {
  it('exit 0 is up', async () => {
    assert.deepEqual(await runProbe(targetFor(miscCheck([script('ok.sh', 'exit 0')]), { realServer: rs })), { ok: true, detail: '', exitStatus: 0 });
  });

  it('exit 1 is down, with the status', async () => {
    const path = script('down.sh', 'exit 1');
    assert.deepEqual(await runProbe(targetFor(miscCheck([path]), { realServer: rs })), { ok: false, detail: `${subject(path)} failed (exited with status 1).`, exitStatus: 1 });
  });

  it('passes its arguments, as keepalived splits misc_path', async () => {
    const out = join(dir, 'args.out');
    const path = script('args.sh', `echo "$@" > ${out}`);
    await runProbe(targetFor(miscCheck([path, '10.0.0.11', '80']), { realServer: rs }));
    assert.equal(readFileSync(out, 'utf8'), '10.0.0.11 80\n');
  });

  it('with misc_dynamic, exit 2..255 is up and carries the status; without, it is down', async () => {
    const path = script('five.sh', 'exit 5');
    assert.deepEqual(await runProbe(targetFor(miscCheck([path], { dynamic: true }), { realServer: rs })), { ok: true, detail: '', exitStatus: 5 });
    assert.deepEqual(await runProbe(targetFor(miscCheck([path]), { realServer: rs })), { ok: false, detail: `${subject(path)} failed (exited with status 5).`, exitStatus: 5 });
    const one = script('one.sh', 'exit 1');
    assert.equal((await runProbe(targetFor(miscCheck([one], { dynamic: true }), { realServer: rs }))).ok, false);
  });

  it('a script killed by a signal is down', async () => {
    const path = script('killed.sh', 'kill -9 $$');
    assert.deepEqual(await runProbe(targetFor(miscCheck([path]), { realServer: rs })), { ok: false, detail: `${subject(path)} failed (due to signal 9).` });
  });

  it('a script that cannot start is down', async () => {
    const path = join(dir, 'missing.sh');
    assert.deepEqual(await runProbe(targetFor(miscCheck([path]), { realServer: rs })), { ok: false, detail: `${subject(path)} failed (could not start: ENOENT).` });
  });

  it('runs as its user, else as script_user', async () => {
    const nobody = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'))?.split(':')[2];
    assert.ok(nobody !== undefined && nobody !== '0');
    const out = join(dir, 'uid.out');
    const path = script('uid.sh', `id -u >> ${out}`);
    chmodSync(dir, 0o777);
    try {
      assert.equal((await runProbe(targetFor(miscCheck([path], { user: 'nobody' }), { realServer: rs }))).ok, true);
      assert.equal((await runProbe(targetFor(miscCheck([path]), { realServer: rs, scriptUser: { user: 'nobody' } }))).ok, true);
      assert.equal((await runProbe(targetFor(miscCheck([path]), { realServer: rs }))).ok, true);
    } finally {
      chmodSync(dir, 0o755);
    }
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), [nobody, nobody, '0']);
  });

  it('a run past misc_timeout times out, and its whole process group dies with it', async () => {
    const marker = join(dir, 'child.pid');
    const path = script('slow.sh', `sleep 30 & echo $! > ${marker}\nwait`);
    const { value, ms } = await timed(() => runProbe(targetFor(miscCheck([path], { timeoutMicros: 300_000 }), { realServer: rs })));
    assert.deepEqual(value, { ok: false, detail: `${subject(path)} timed out.` });
    assert.ok(ms >= 290 && ms < 3000, `took ${ms} ms`);
    const child = Number(readFileSync(marker, 'utf8'));
    assert.ok(child > 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(goneOrZombie(child), `the script's child ${child} outlived the timeout`);
  });
});
