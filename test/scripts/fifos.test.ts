// keepalived's notify FIFOs with real FIFOs (netraw's mkfifo) and a real reader script: created
// when absent (mode 0644 under keepalived's umask, owned by the FIFO's user), the script started
// with the FIFO as its last argument, lines in order, a FIFO that was there kept at close, one
// created here removed, and anything else at the path refused.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../adapters/runtime/config-loader.js';
import { notifyFifoPlan, openNotifyFifos, type FifoKind, type NotifyFifos } from '../../adapters/scripts/fifos.js';
import { fifoExecutor } from '../../adapters/scripts/fifo.js';
import { ScriptLauncher } from '../../adapters/scripts/launcher.js';
import { loadNetraw, type Netraw } from '../../adapters/vrrp-net/netraw.js';
import type { GlobalConfig } from '../../core/config/global/model.js';

let dir = '';
let netraw: Netraw;
let counter = 0;

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** global_defs parsed by the daemon's own loader. */
function globalDefs(lines: string): GlobalConfig {
  const file = join(dir, `keepalived-${String(++counter)}.conf`);
  writeFileSync(file, `global_defs {\n${lines}\n}\n`);
  const loaded = loadConfig({ mainFile: file, configId: 'test', hostName: 'test' });
  assert.ok(loaded.ok, JSON.stringify(loaded.diagnostics));
  return loaded.event.config.global;
}

/**
 * A FIFO reader as keepalived's doc/samples/sample_notify_fifo.sh: appends each line it reads.
 * It starts reading 0.2 s late, so the lines written at once have to wait in the pipe.
 */
function reader(name: string): { path: string; out: string; args: string; pid: string } {
  const out = join(dir, `${name}.out`);
  const args = join(dir, `${name}.args`);
  const pid = join(dir, `${name}.pid`);
  const path = script(
    `${name}.sh`,
    `echo $$ > ${pid}\nfor a in "$@"; do echo "$a"; done > ${args}\nfor last; do :; done\nsleep 0.2\nwhile read -r line; do echo "$line" >> ${out}; done < "$last"`,
  );
  return { path, out, args, pid };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((res) => setTimeout(res, 20));
  assert.ok(check(), what);
}

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

function alive(pid: number): boolean {
  try {
    return !(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true);
  } catch {
    return false;
  }
}

function open(global: GlobalConfig, logs: string[], launcher?: ScriptLauncher, kinds?: readonly FifoKind[]): NotifyFifos {
  return openNotifyFifos(global, {
    mkfifo: (path, mode) => {
      netraw.mkfifo(path, mode);
    },
    log: (m) => logs.push(m),
    ...(launcher === undefined ? {} : { launcher }),
    ...(kinds === undefined ? {} : { kinds }),
  });
}

before(() => {
  netraw = loadNetraw();
  dir = mkdtempSync(join(tmpdir(), 'vigil-fifos-'));
  chmodSync(dir, 0o755);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('netraw mkfifo', () => {
  it('makes a FIFO, and says EEXIST / ENOENT with the errno name', () => {
    const path = join(dir, 'plain.fifo');
    netraw.mkfifo(path, 0o600);
    const st = statSync(path);
    assert.ok(st.isFIFO());
    assert.equal(st.mode & 0o777, 0o600);
    assert.throws(() => {
      netraw.mkfifo(path, 0o600);
    }, { code: 'EEXIST' });
    assert.throws(() => {
      netraw.mkfifo(join(dir, 'no-dir', 'x.fifo'), 0o600);
    }, { code: 'ENOENT' });
  });
});

describe('notify FIFOs', () => {
  it('creates an absent FIFO, runs its script with the FIFO last, delivers lines in order, removes it at close', async () => {
    const r = reader('vrrp-reader');
    const path = join(dir, 'vrrp.fifo');
    const logs: string[] = [];
    const fifos = open(globalDefs(`vrrp_notify_fifo ${path}\nvrrp_notify_fifo_script "${r.path} --from-config"`), logs);
    assert.deepEqual(fifos.fifos, [{ kind: 'vrrp_notify_fifo', path, state: 'created' }]);
    const st = statSync(path);
    assert.ok(st.isFIFO());
    // mkfifo(S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH) under keepalived's default umask 0177.
    assert.equal(st.mode & 0o777, 0o600);
    const executor = fifoExecutor(fifos);
    const lines = ['INSTANCE "VI_1" BACKUP 100\n', 'INSTANCE "VI_1" MASTER 100\n', 'INSTANCE "VI_1" BACKUP 90\n', 'GROUP "G1" MASTER 0\n'];
    // Written at once, maybe before the script has even opened the FIFO: the daemon holds it
    // open for reading too (O_RDWR), so nothing is lost while the reader starts.
    for (const line of lines) void executor.execute({ kind: 'WriteFifo', path, line });
    await until('the reader got every line', () => read(r.out).split('\n').length > lines.length);
    assert.equal(read(r.out), lines.join(''));
    assert.equal(read(r.args), `--from-config\n${path}\n`);
    const pid = Number(read(r.pid));
    assert.ok(alive(pid));
    await fifos.close();
    assert.equal(existsSync(path), false, 'the FIFO created here is removed');
    assert.equal(alive(pid), false, 'the script is stopped');
    assert.deepEqual(logs, []);
    // After close nothing is written anywhere.
    void executor.execute({ kind: 'WriteFifo', path, line: 'late\n' });
    assert.equal(existsSync(path), false);
  });

  it('keeps a FIFO that was already there, and still runs its script', async () => {
    const r = reader('global-reader');
    const path = join(dir, 'existing.fifo');
    netraw.mkfifo(path, 0o600);
    const logs: string[] = [];
    const fifos = open(globalDefs(`notify_fifo ${path}\nnotify_fifo_script ${r.path}`), logs);
    assert.deepEqual(fifos.fifos, [{ kind: 'notify_fifo', path, state: 'existing' }]);
    void fifoExecutor(fifos).execute({ kind: 'WriteFifo', path, line: 'VS [192.0.2.1]:tcp:80 UP\n' });
    await until('the reader got the line', () => read(r.out) !== '');
    assert.equal(read(r.out), 'VS [192.0.2.1]:tcp:80 UP\n');
    await fifos.close();
    assert.ok(statSync(path).isFIFO(), 'a FIFO the daemon did not create stays');
  });

  it('refuses a regular file at the path: not used, no script, the file untouched', async () => {
    const path = join(dir, 'regular.file');
    writeFileSync(path, 'precious\n');
    const marker = join(dir, 'refused-script-ran');
    const s = script('refused.sh', `touch ${marker}`);
    const logs: string[] = [];
    const fifos = open(globalDefs(`vrrp_notify_fifo ${path}\nvrrp_notify_fifo_script ${s}`), logs);
    const error = `vrrp_notify fifo ${path} is not a fifo we own - not using`;
    assert.deepEqual(fifos.fifos, [{ kind: 'vrrp_notify_fifo', path, state: 'unusable', error }]);
    assert.deepEqual(logs, [error]);
    assert.equal(fifos.writerFor(path), undefined);
    void fifoExecutor(fifos).execute({ kind: 'WriteFifo', path, line: 'INSTANCE "VI_1" MASTER 100\n' });
    await new Promise((res) => setTimeout(res, 200));
    await fifos.close();
    assert.equal(readFileSync(path, 'utf8'), 'precious\n');
    assert.equal(existsSync(marker), false, 'no script runs on a refused FIFO');
  });

  it('cannot create in a missing directory: logged as keepalived does, not used', async () => {
    const path = join(dir, 'missing-dir', 'x.fifo');
    const logs: string[] = [];
    const fifos = open(globalDefs(`lvs_notify_fifo ${path}`), logs);
    assert.deepEqual(logs, [`Unable to create lvs_notify fifo ${path}`]);
    assert.equal(fifos.fifos[0]?.state, 'unusable');
    await fifos.close();
  });

  it('opens only the FIFOs of the subsystems it runs (keepalived -P: no lvs_notify_fifo)', async () => {
    const vrrpPath = join(dir, 'only-vrrp.fifo');
    const lvsPath = join(dir, 'only-lvs.fifo');
    const logs: string[] = [];
    const fifos = open(globalDefs(`vrrp_notify_fifo ${vrrpPath}\nlvs_notify_fifo ${lvsPath}`), logs, undefined, ['notify_fifo', 'vrrp_notify_fifo']);
    assert.deepEqual(fifos.fifos, [{ kind: 'vrrp_notify_fifo', path: vrrpPath, state: 'created' }]);
    assert.equal(existsSync(lvsPath), false);
    await fifos.close();
  });

  it("plans the FIFOs as keepalived's processes would open them", () => {
    const file = join(dir, 'plan.conf');
    writeFileSync(file, 'vrrp_instance VI_1 {\n  interface lo\n  virtual_router_id 51\n  priority 100\n  virtual_ipaddress {\n    192.0.2.1/24\n  }\n}\n');
    const loaded = loadConfig({ mainFile: file, configId: 'test', hostName: 'test' });
    assert.ok(loaded.ok);
    assert.deepEqual(notifyFifoPlan(loaded.event.config), { kinds: ['notify_fifo', 'vrrp_notify_fifo'], globalScriptProcess: 'vrrp' });
  });

  it('a FIFO with a user belongs to that user; a script that ends is logged', async () => {
    const sub = join(dir, 'owned');
    mkdirSync(sub, { mode: 0o755 });
    const path = join(sub, 'owned.fifo');
    const quitter = script('quitter.sh', 'exit 0');
    const logs: string[] = [];
    const fifos = open(globalDefs(`vrrp_notify_fifo ${path} nobody nogroup\nvrrp_notify_fifo_script ${quitter}`), logs);
    const st = statSync(path);
    assert.deepEqual([st.uid, st.gid], [65534, 65534]);
    await until('the end of the script is logged', () => logs.includes('vrrp notify fifo script terminated'));
    await fifos.close();
    assert.equal(existsSync(path), false);
  });

  it('the same refusals as every script under enable_script_security', async () => {
    const unsafeDir = join(dir, 'world-writable');
    mkdirSync(unsafeDir);
    chmodSync(unsafeDir, 0o777);
    const marker = join(dir, 'unsafe-fifo-script-ran');
    const unsafe = join(unsafeDir, 'reader.sh');
    writeFileSync(unsafe, `#!/bin/sh\ntouch ${marker}\n`);
    chmodSync(unsafe, 0o755);
    const path = join(dir, 'secure.fifo');
    const logs: string[] = [];
    const launcher = new ScriptLauncher({ scriptSecurity: true, log: (m) => logs.push(m) });
    const fifos = open(globalDefs(`vrrp_notify_fifo ${path}\nvrrp_notify_fifo_script ${unsafe}`), logs, launcher);
    await until('the refusal is logged', () => logs.length >= 1);
    assert.equal(fifos.fifos[0]?.state, 'created', 'the FIFO itself is still used');
    await fifos.close();
    assert.deepEqual(logs, [`Unsafe permissions found for script '${unsafe}' - disabling.`]);
    assert.equal(existsSync(marker), false);
  });
});
