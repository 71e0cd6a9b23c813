// What scripts and FIFO readers see, Vigil against Debian's keepalived 2.2.7 (issue 7 "Done
// means": argv exactly as keepalived builds it; FIFO lines byte-identical for the same
// transitions). One config file, the same script paths, run by keepalived and then by Vigil in
// the same namespace, through the same transitions: BACKUP, MASTER, a vrrp_script failing (its
// weight: MASTER_PRIORITY), link down (FAULT), the script back while in FAULT (a priority change
// there), link up (BACKUP, MASTER), SIGTERM (STOP). Every script records its argv, bracketed, one line per run; the notify_fifo and
// vrrp_notify_fifo scripts copy their FIFO to a file with cat (raw bytes). The two sets of files
// must be equal byte for byte, and so must the order of the state-specific notifies and the
// startup and shutdown scripts, and what each of them saw (the VIP, the FIFO). Vigil's journal
// holds every script's outcome and replays identical.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournalDirectory } from '../../adapters/store/file/read-only.js';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, VethLab, type LabProcess } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const VIP = '10.199.0.100';
const gap = privilegeGap(['ip', 'keepalived']) ?? (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined);
if (gap !== undefined) console.log(`# skipping keepalived notify comparison: ${gap}`);

function config(dir: string): string {
  return `global_defs {
  router_id node-a
  notify_fifo ${dir}/notify.fifo
  notify_fifo_script "${dir}/fifo.sh notify_fifo"
  vrrp_notify_fifo ${dir}/vrrp.fifo
  vrrp_notify_fifo_script "${dir}/fifo.sh vrrp_notify_fifo"
  startup_script "${dir}/record.sh startup 'two words'"
  shutdown_script "${dir}/record.sh shutdown"
}
vrrp_script chk {
  script "${dir}/chk.sh 'a b' c"
  interval 1
  weight -20
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${IF_A}
  virtual_router_id 55
  priority 150
  advert_int 1
  notify_priority_changes
  notify_master "${dir}/record.sh notify_master 'x y'"
  notify_backup ${dir}/record.sh
  notify_fault "${dir}/record.sh notify_fault"
  notify_stop "${dir}/record.sh notify_stop"
  notify "${dir}/notify.sh generic"
  track_script {
    chk
  }
  virtual_ipaddress {
    ${VIP}/24
  }
}
`;
}

/** "[arg1][arg2]...\n": the argv a script got, unambiguous whatever the arguments hold. */
const BRACKETS = 'for a in "$@"; do printf \'[%s]\' "$a"; done; echo';

function writeScripts(dir: string): void {
  const out = join(dir, 'out');
  const IP = execFileSync('sh', ['-c', 'command -v ip'], { encoding: 'utf8' }).trim();
  const files: Record<string, string> = {
    // State-specific notifies, startup and shutdown: argv to <first arg>.argv, the name to
    // order.log (notify_backup has no argument: it records as "backup"); what the world looks like
    // to each (the FIFO there, the VIP held) to <first arg>.world.
    'record.sh': `n=\${1:-backup}\n(${BRACKETS}) >> ${out}/$n.argv\necho "$n" >> ${out}/order.log\n` +
      `echo "fifo:$([ -p ${dir}/vrrp.fifo ] && echo yes || echo no) vip:$(${IP} -4 addr show dev ${IF_A} | grep -c ${VIP})" >> ${out}/$n.world\n`,
    // The generic notify runs beside the state-specific one (unordered in keepalived): own file only.
    'notify.sh': `(${BRACKETS}) >> ${out}/notify.argv\n`,
    // Runs every second: the argv of the last run; exits 1 while the flag is away.
    'chk.sh': `(${BRACKETS}) > ${out}/chk.argv\n[ -e ${dir}/chk.flag ]\n`,
    // The FIFO is the last argument; cat copies its bytes as they come. The daemons stop their FIFO
    // scripts at exit, maybe before the STOP line is read: ignoring SIGTERM, cat reads on until
    // the last writer (the daemon) is gone.
    'fifo.sh': `(${BRACKETS}) >> ${out}/$1.argv\neval "fifo=\\\${$#}"\ntrap '' TERM\nexec cat "$fifo" >> ${out}/$1.lines\n`,
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), `#!/bin/sh\n${body}`, { mode: 0o755 });
}

/** Every file a run's scripts wrote: name → bytes. */
function outputs(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

describe('notify scripts and FIFOs: Vigil as keepalived 2.2.7', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vk');
    dir = mkdtempSync(join(tmpdir(), 'vigil-kn-'));
    writeScripts(dir);
    writeFileSync(join(dir, 'keepalived.conf'), config(dir));
  });

  afterEach(async () => {
    await lab.stopAll();
    lab.a.ip('link', 'set', IF_A, 'up');
  });

  after(async () => {
    await lab.close();
    if (process.env['VIGIL_TEST_KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(`# kept ${dir}`);
  });

  /** Where a process's output stands: keepalived logs to stderr with -l, Vigil to stdout. */
  interface Mark {
    readonly lines: number;
    readonly stderr: number;
  }
  const mark = (p: LabProcess): Mark => ({ lines: p.lines.length, stderr: p.stderr.length });
  /** Lines ending in `suffix` logged since `from`. */
  const count = (p: LabProcess, suffix: string, from: Mark = { lines: 0, stderr: 0 }): number =>
    [...p.lines.slice(from.lines), ...p.stderr.slice(from.stderr).split('\n')].filter((l) => l.endsWith(suffix)).length;

  /** The same transitions, driven the same way, for either daemon; its scripts' files. */
  async function drive(daemon: 'keepalived' | 'vigil'): Promise<Map<string, Buffer>> {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(dir, 'chk.flag'), '');
    const conf = join(dir, 'keepalived.conf');
    const p =
      daemon === 'keepalived'
        ? lab.start(lab.a, 'keepalived', ['-n', '-l', '-D', '-P', '-f', conf, '-p', join(dir, 'k.pid'), '-r', join(dir, 'k-vrrp.pid')])
        : lab.start(lab.a, VIGIL, ['run', '-n', '-l', '-D', '-P', '-f', conf, '--journal', join(dir, 'journal')]);
    const wait = (what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> => p.waitUntil(check, timeoutMs, `${daemon}: ${what}`);
    await wait('MASTER', () => count(p, '(VI_1) Entering MASTER STATE') === 1);
    // The track script fails: 150 - 20.
    rmSync(join(dir, 'chk.flag'));
    await wait('priority 130', () => count(p, '(VI_1) Changing effective priority from 150 to 130') === 1);
    let from = mark(p);
    lab.a.ip('link', 'set', IF_A, 'down');
    await wait('FAULT', () => count(p, '(VI_1) Entering FAULT STATE', from) === 1);
    // The script recovers while the link is down: a priority change in FAULT.
    writeFileSync(join(dir, 'chk.flag'), '');
    await wait('priority 150', () => count(p, '(VI_1) Changing effective priority from 130 to 150', from) === 1);
    from = mark(p);
    lab.a.ip('link', 'set', IF_A, 'up');
    await wait('MASTER again', () => count(p, '(VI_1) Entering MASTER STATE', from) === 1);
    // Let the last notifies and FIFO lines land before the stop.
    await new Promise((r) => setTimeout(r, 1000));
    await p.stop(15_000);
    assert.equal(p.child.exitCode, 0, `${daemon} exit: ${p.stderr}`);
    assert.ok(!existsSync(join(dir, 'notify.fifo')) && !existsSync(join(dir, 'vrrp.fifo')), `${daemon} removes the FIFOs it created`);
    const kept = join(dir, `out-${daemon}`);
    renameSync(out, kept);
    return outputs(kept);
  }

  it('the same argv for every script, the same FIFO bytes, the same order', async () => {
    const keepalived = await drive('keepalived');
    const vigil = await drive('vigil');
    const text = (files: Map<string, Buffer>): Record<string, string> => Object.fromEntries([...files].map(([f, b]) => [f, b.toString('latin1')]));
    // What keepalived wrote, for the record (a failure shows both sides anyway).
    const fifo = keepalived.get('vrrp_notify_fifo.lines')?.toString('latin1') ?? '';
    assert.match(fifo, /^INSTANCE "VI_1" BACKUP 150\nINSTANCE "VI_1" MASTER 150\nINSTANCE "VI_1" MASTER_PRIORITY 130\n/, fifo);
    // The startup script runs before anything (no FIFO yet, no VIP), the shutdown script after
    // everything (VIP released, FIFOs gone).
    assert.equal(keepalived.get('startup.world')?.toString(), 'fifo:no vip:0\n');
    assert.equal(keepalived.get('shutdown.world')?.toString(), 'fifo:no vip:0\n');
    assert.deepEqual(text(vigil), text(keepalived));
    for (const [name, bytes] of keepalived) assert.ok(bytes.equals(vigil.get(name) ?? Buffer.alloc(0)), `${name} differs byte for byte`);

    // Vigil's journal: the startup script's outcome right after DaemonStarted, before anything
    // else; the shutdown script's last, after Exit; every notify's too. It replays identical.
    const journal = join(dir, 'journal');
    const bodies = readJournalDirectory(journal).records.map((r) => r.body).filter((b) => b.kind !== 'StateSnapshot');
    assert.deepEqual(bodies.slice(0, 2).map((b) => b.kind), ['DaemonStarted', 'NotifyFinished']);
    const startup = bodies[1];
    assert.ok(startup?.kind === 'NotifyFinished');
    assert.deepEqual([startup.name, startup.argv, startup.outcome, startup.status], ['startup_script', [join(dir, 'record.sh'), 'startup', 'two words'], 'exited', 0]);
    const last = bodies.at(-1);
    assert.ok(last?.kind === 'NotifyFinished' && last.name === 'shutdown_script' && last.outcome === 'exited', JSON.stringify(last));
    assert.ok(bodies.findIndex((b) => b.kind === 'Exit') < bodies.length - 1);
    const lines = (file: string): string[] => (vigil.get(file)?.toString() ?? '').split('\n').filter((l) => l !== '');
    const runs = lines('order.log').filter((l) => l !== 'startup' && l !== 'shutdown').length + lines('notify.argv').length;
    assert.equal(bodies.filter((b) => b.kind === 'NotifyFinished' && b.name === 'VI_1').length, runs, 'one NotifyFinished per notify run');
    const r = spawnSync(VIGIL, ['replay', journal], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^identical: node-a/m);
  });
});
