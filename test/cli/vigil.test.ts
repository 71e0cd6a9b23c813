import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

/** The `vigil` command as a user runs it: from any directory, with keepalived's spellings. */

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/keepalived.conf', import.meta.url).pathname;

function vigil(args: readonly string[], cwd = tmpdir()): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(VIGIL, args, { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('runs from a directory outside the checkout', () => {
  const r = vigil(['--version'], '/');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Vigil v\d+\.\d+\.\d+\n$/);
});

test('--help lists check-config and keepalived\'s -t spelling', () => {
  const r = vigil(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /vigil check-config/);
  assert.match(r.stdout, /vigil -t/);
});

test('an unknown command exits 2 with the help text', () => {
  const r = vigil(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
});

test('an unknown option is reported, not a crash', () => {
  const r = vigil(['check-config', '--bogus']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /vigil check-config: .*bogus/);
});

test('the README example checks clean without the machine checks', () => {
  const r = vigil(['check-config', '--no-env', '-f', EXAMPLE]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});

test('-t -f FILE prints FILE:LINE: severity: message and exits as keepalived -t', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  try {
    const file = join(dir, 'k.conf');
    writeFileSync(file, 'global_defs {\n  preemtp_delay 3\n}\n');
    const r = vigil(['-t', '-f', file, '--no-env']);
    assert.equal(r.status, 5);
    assert.equal(r.stderr, `${file}:2: error: Unknown keyword 'preemtp_delay'\n`);
    const json = vigil(['check-config', '--json', '--no-env', '-f', file]);
    const report = JSON.parse(json.stdout) as { exitCode: number; diagnostics: { message: string; loc: { line: number } }[] };
    assert.equal(report.exitCode, 5);
    assert.deepEqual(report.diagnostics.map((d) => [d.loc.line, d.message]), [[2, "Unknown keyword 'preemtp_delay'"]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing config file is fatal (exit 4), not a crash', () => {
  const r = vigil(['check-config', '--no-env', '-f', '/nonexistent/keepalived.conf']);
  assert.equal(r.status, 4);
  assert.match(r.stderr, /fatal: Configuration file '\/nonexistent\/keepalived.conf' does not exist or cannot be read/);
});
