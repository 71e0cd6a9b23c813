// The UML harness itself (test/support/uml.ts), which the IPVS and LVS tests stand on: output and
// exit codes by marker, a failing command not stopping the rest, the host filesystem read-only
// but for `shared`, and a run past its deadline killed with every guest process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUEST_SHARED, moduleLoadOrder, runInUml, umlSkipReason, type UmlRun } from '../support/uml.js';

const skip = umlSkipReason();
if (skip !== undefined) console.log(`# skipping UML harness tests: ${skip}`);

/**
 * The live (not zombie) processes of group `pgid`, from /proc/<pid>/stat. Zombies are dead: they
 * wait for whoever inherited them to reap them, and where PID 1 does not reap, they stay listed.
 */
function liveMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its closing paren.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') live.push(Number(pid));
  }
  return live;
}

describe('UML harness', { skip }, () => {
  let shared = '';
  let run: UmlRun | undefined;
  // Not under /tmp, /run or /var/tmp: those are tmpfs inside the guest.
  const probe = `/vigil-uml-probe-${process.pid}`;

  before(async () => {
    shared = mkdtempSync(join(tmpdir(), 'vigil-uml-harness-'));
    run = await runInUml({
      shared,
      modules: ['dummy'],
      env: { GREETING: "it's a test" },
      commands: [
        'echo "$GREETING"; echo to-stderr >&2',
        'printf no-newline; exit 3',
        'pwd',
        `touch ${probe} 2>&1 || echo refused`,
        `echo kept > ${GUEST_SHARED}/note`,
        'ip link add name d0 type dummy && ip -br link show d0 | cut -d" " -f1',
        'uname -r',
      ],
      timeoutMs: 30_000,
    });
  });

  after(() => {
    if (shared !== '') rmSync(shared, { recursive: true, force: true });
    rmSync(probe, { force: true }); // only there if the read-only root failed
  });

  const results = () => {
    assert.ok(run?.completed, `the run did not complete:\n${run?.console.slice(-3000) ?? ''}`);
    return run.results;
  };

  it('collects each command\'s output (stdout and stderr) and exit code, and carries on after a failure', () => {
    const r = results();
    assert.deepEqual(r.map((x) => x.exitCode), [0, 3, 0, 0, 0, 0, 0]);
    assert.equal(r[0]?.output, "it's a test\nto-stderr\n");
    assert.equal(r[1]?.output, 'no-newline');
  });

  it('runs commands in the repo root, on the UML kernel, with modules loaded from modules.dep', () => {
    const r = results();
    assert.equal(r[2]?.output.trim().replace(/\/$/, ''), join(import.meta.dirname, '..', '..').replace(/\/$/, ''));
    assert.match(r[6]?.output ?? '', /^6\.1\.\d+/);
    assert.equal(r[5]?.output.trim(), 'd0'); // the dummy module, which the host kernel lacks
    assert.equal(run?.modules?.exitCode, 0);
  });

  it('keeps the host filesystem read-only except `shared`', () => {
    const r = results();
    assert.match(r[3]?.output ?? '', /Read-only file system/);
    assert.equal(existsSync(probe), false);
    assert.equal(readFileSync(join(shared, 'note'), 'utf8'), 'kept\n');
  });

  it('orders modules after their dependencies', () => {
    const order = moduleLoadOrder(['ip_vs_wrr']).map((p) => p.replace(/^.*\//, ''));
    assert.ok(order.indexOf('ip_vs.ko') < order.indexOf('ip_vs_wrr.ko'));
    assert.ok(order.indexOf('nf_conntrack.ko') < order.indexOf('ip_vs.ko'));
    assert.equal(order.at(-1), 'ip_vs_wrr.ko');
    assert.throws(() => moduleLoadOrder(['no_such_module']), /no kernel module no_such_module/);
  });

  it('kills the UML and every guest process when the deadline passes', async () => {
    const slow = await runInUml({ commands: ['echo started', 'sleep 600', 'echo never'], timeoutMs: 6000 });
    assert.equal(slow.timedOut, true);
    assert.equal(slow.completed, false);
    assert.deepEqual(slow.results.map((x) => x.output), ['started\n']);
    assert.ok(slow.totalMs < 15_000, `took ${slow.totalMs} ms`);
    assert.ok(slow.pid !== undefined);
    assert.deepEqual(liveMembers(slow.pid), [], 'guest processes left running');
  });
});
