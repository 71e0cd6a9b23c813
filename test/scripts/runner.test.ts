// Real processes: exit codes, signals, timeouts of whole process groups, the environment, users.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../core/events/index.js';
import { scriptExecutor } from '../../adapters/scripts/executor.js';
import { runScript, scriptEnvironment } from '../../adapters/scripts/runner.js';

let dir = '';

/** Dead, or a zombie nobody has reaped yet (a container's PID 1 may not reap orphans). */
function goneOrZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-scripts-'));
  chmodSync(dir, 0o755);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('running scripts', () => {
  it('reports the exit status', async () => {
    assert.deepEqual(await runScript({ argv: [script('ok.sh', 'exit 0')] }), { outcome: 'exited', status: 0 });
    assert.deepEqual(await runScript({ argv: [script('three.sh', 'exit 3')] }), { outcome: 'exited', status: 3 });
  });

  it('passes the configured arguments', async () => {
    const out = join(dir, 'args.out');
    const s = script('args.sh', `echo "$@" > ${out}`);
    await runScript({ argv: [s, 'INSTANCE', 'VI_1', 'MASTER', '150'] });
    assert.equal(readFileSync(out, 'utf8'), 'INSTANCE VI_1 MASTER 150\n');
  });

  it('a missing program fails to start', async () => {
    const r = await runScript({ argv: [join(dir, 'nope.sh')] });
    assert.equal(r.outcome, 'failedToStart');
    assert.equal(r.error, 'ENOENT');
  });

  it('a run past its timeout is terminated with its whole process group, and says so', async () => {
    const marker = join(dir, 'child.pid');
    const s = script('slow.sh', `sleep 30 & echo $! > ${marker}\nwait`);
    const r = await runScript({ argv: [s], timeoutMicros: 200_000 });
    assert.equal(r.outcome, 'timedOut');
    const childPid = Number(readFileSync(marker, 'utf8'));
    await new Promise((res) => setTimeout(res, 100));
    assert.ok(goneOrZombie(childPid), 'the backgrounded sleep died with its group');
  });

  it('a script killed by a signal is signalled', async () => {
    const r = await runScript({ argv: [script('kill.sh', 'kill -9 $$')] });
    assert.deepEqual(r, { outcome: 'signalled', status: 9 });
  });

  it('IFS, LD_PRELOAD and LD_LIBRARY_PATH do not reach scripts', async () => {
    const out = join(dir, 'env.out');
    const s = script('env.sh', `env > ${out}`);
    await runScript({ argv: [s] }, { PATH: process.env['PATH'], LD_PRELOAD: '/x.so', LD_LIBRARY_PATH: '/x', KEEP: 'yes' });
    const env = readFileSync(out, 'utf8');
    assert.match(env, /^KEEP=yes$/m);
    assert.doesNotMatch(env, /LD_PRELOAD|LD_LIBRARY_PATH/);
    assert.equal(scriptEnvironment({ IFS: ' ' })['IFS'], undefined);
  });

  it('runs as the configured user', { skip: process.getuid?.() !== 0 ? 'needs root to change user' : false }, async () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    const out = join(shared, 'id.out');
    const s = script('id.sh', `id -u > ${out}`);
    const r = await runScript({ argv: [s], user: 'nobody' });
    assert.equal(r.outcome, 'exited');
    assert.equal(readFileSync(out, 'utf8').trim(), '65534');
    assert.equal((await runScript({ argv: [s], user: 'no-such-user-here' })).outcome, 'failedToStart');
  });

  it('the executor turns a vrrp_script run into a ScriptResult event', async () => {
    const events: Event[] = [];
    const executor = scriptExecutor({ emit: (e) => events.push(e) });
    await executor.execute({ kind: 'RunScript', purpose: 'track', name: 'chk', argv: [script('chk.sh', 'exit 1')], timeoutMicros: 5_000_000 });
    for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(events, [{ kind: 'ScriptResult', script: 'chk', outcome: 'exited', status: 1 }]);
  });
});

describe('FIFO lines', () => {
  it('a line reaches a reader; with no reader it is dropped without blocking', async () => {
    const { writeFifoLine } = await import('../../adapters/scripts/fifo.js');
    const { spawn, spawnSync } = await import('node:child_process');
    const fifo = join(dir, 'notify.fifo');
    // Tests may use tools to set up: production code will create the FIFO itself (issue 7).
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    writeFifoLine(fifo, 'INSTANCE "VI_1" BACKUP 100\n'); // no reader: dropped, no hang
    const reader = spawn('head', ['-n', '1', fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise((res) => {
      reader.on('exit', res);
    });
    let got = '';
    reader.stdout.on('data', (b: Buffer) => {
      got += b.toString();
    });
    for (let i = 0; i < 100; i++) {
      try {
        writeFifoLine(fifo, 'INSTANCE "VI_1" MASTER 100\n');
      } catch {
        // not open yet
      }
      if (got !== '') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    await exited;
    assert.equal(got, 'INSTANCE "VI_1" MASTER 100\n');
    assert.throws(() => {
      writeFifoLine(join(dir, 'missing.fifo'), 'x\n');
    }, /ENOENT/);
  });
});
