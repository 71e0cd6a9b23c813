// `vigil postmortem --sim`: runPostmortem as the CLI will call it, in a child process of its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { incident } from './scenarios.js';

const COMMAND = new URL('../../bin/commands/postmortem.ts', import.meta.url).href;
/** tsx resolves from the repository. */
const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-postmortem-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function postmortem(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const code = `import { runPostmortem } from ${JSON.stringify(COMMAND)}; process.exitCode = runPostmortem(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vigil postmortem --sim', () => {
  const scenario = join(dir, 'partition.yaml');
  writeFileSync(scenario, incident([{ priority: 150 }, { priority: 100 }], ['{ kind: partition, between: [lb1, lb2], at: 10s, duration: 6s }']));

  it('prints the clocks, the MASTER timeline and the split brain with its cause', () => {
    const r = postmortem(['--sim', scenario, '--seed', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Postmortem of lb1, lb2: /);
    assert.match(r.stdout, /\n {2}lb2 {2}[+-]\d+\.\d+ ms ± \d+\.\d+ ms {2}\(lb1→lb2 \d+ adverts, lb2→lb1 \d+ adverts?\)\n/);
    assert.match(r.stdout, /\nVirtual router vrid 51 \(IPv4, advert interval 1\.000 s\)\n {2}MASTER\n/);
    assert.match(r.stdout, /\n {2}Split brain: 1 window, 3\.00\d s in all\n {4}13\.02\d – 16\.02\d {2}\(3\.00\d s\) {2}lb1 \+ lb2\n {6}cause \[partition\]: /);
  });

  it('--json gives the same analysis for machines', () => {
    const r = postmortem(['--sim', scenario, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { reference: string; originWallNs: string; routers: { key: string; splitBrains: { cause: { kind: string } }[] }[] };
    assert.equal(json.reference, 'lb1');
    assert.match(json.originWallNs, /^\d+$/);
    assert.deepEqual(json.routers.map((x) => [x.key, x.splitBrains.map((w) => w.cause.kind)]), [['vrid 51', ['partition']]]);
  });

  it('bad input exits 2 with a message', () => {
    const directory = postmortem(['some/journal/dir']);
    assert.equal(directory.status, 2);
    assert.match(directory.stderr, /some\/journal\/dir: ENOENT/);
    const missing = postmortem(['--sim', join(dir, 'missing.yaml')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.yaml/);
    const reference = postmortem(['--sim', scenario, '--reference', 'lb9']);
    assert.equal(reference.status, 2);
    assert.match(reference.stderr, /reference node lb9 has no journal/);
  });
});
