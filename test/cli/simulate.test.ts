import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

/** `vigil simulate` as a user runs it. */

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/simulations/', import.meta.url).pathname;

function vigil(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(VIGIL, args, { cwd: tmpdir(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('simulate prints the seed, the timeline and the verdict; exit 0', () => {
  const r = vigil(['simulate', join(EXAMPLES, 'master-dies.yaml'), '--seed', '5']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^scenario master-dies, seed 5, 60\.000000 s simulated/);
  assert.match(r.stdout, /lb2 VI_1 BACKUP -> MASTER/);
  assert.match(r.stdout, /invariants: all held/);
});

test('a seed range prints a summary', () => {
  const r = vigil(['simulate', join(EXAMPLES, 'swarm-three-nodes.yaml'), '--seeds', '1..20']);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /20 seeds \(1\.\.20\): 20 passed, 0 failed/);
});

test('a failed expectation exits 1 with the command that reproduces it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sim-'));
  try {
    const file = join(dir, 'wrong.yaml');
    writeFileSync(file, `nodes:
  - name: a
    address: 10.0.0.1
    config: |
      vrrp_instance VI_1 {
        interface eth0
        virtual_router_id 51
        priority 100
        virtual_ipaddress { 10.0.0.100/24 }
      }
expect:
  - { at: 10s, vrid: 51, master: none }
`);
    const r = vigil(['simulate', file, '--seed', '77', '--duration', '20s']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /VIOLATION expectation/);
    assert.ok(r.stdout.includes(`reproduce: vigil simulate ${file} --seed 77`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input exits 2 with the path of the mistake', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sim-'));
  try {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'nodes:\n  - name: a\n    address: 10.0.0.1\n');
    const r = vigil(['simulate', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /scenario\.nodes\[0\]: needs config/);
    assert.equal(vigil(['simulate', file, '--seeds', '9..1']).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--json gives the report as JSON', () => {
  const r = vigil(['simulate', join(EXAMPLES, 'master-dies.yaml'), '--json']);
  assert.equal(r.status, 0);
  const report = JSON.parse(r.stdout) as { ok: boolean; seed: string; transitions: unknown[] };
  assert.equal(report.ok, true);
  assert.equal(report.seed, '1');
  assert.ok(report.transitions.length >= 4);
});
