import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readJournalDirectory } from '../../adapters/store/file/read-only.js';
import { writeWholeJournal } from '../../adapters/store/file/write-whole.js';

/** simulate --journal-dir, then replay, journal inspect and postmortem on what it wrote. */

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const SCENARIO = new URL('../../examples/simulations/master-dies.yaml', import.meta.url).pathname;
let dir = '';

function vigil(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(VIGIL, args, { cwd: tmpdir(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-journals-'));
  const r = vigil(['simulate', SCENARIO, '--seed', '4', '--journal-dir', dir]);
  assert.equal(r.status, 0, r.stderr);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('simulate --journal-dir writes one journal per node', () => {
  assert.deepEqual(readdirSync(dir).sort(), ['lb1', 'lb2']);
  const r = vigil(['journal', 'inspect', join(dir, 'lb1')]);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /intact/);
  assert.match(r.stdout, /node lb1/);
});

test('replay says identical, and --timeline lists the transitions with their reasons', () => {
  const r = vigil(['replay', join(dir, 'lb2'), '--timeline']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /lb2 VI_1 BACKUP -> MASTER \(prio 100; masterDownTimer from 10\.0\.0\.1\)/);
  assert.match(r.stdout, /^identical: lb2, \d+ events and \d+ effects replayed, \d+ snapshots matched$/m);
});

test('a recorded effect that this reducer would not produce is a divergence (exit 1)', () => {
  const copy = join(dir, 'changed');
  const journal = readJournalDirectory(join(dir, 'lb1'));
  const records = journal.records.map((r) =>
    r.body.kind === 'Log' && r.body.message.endsWith('Entering MASTER STATE') ? { ...r, body: { ...r.body, message: '(VI_1) Entering MASTER STATE!' } } : r,
  );
  writeWholeJournal({ directory: copy, nodeId: 'lb1', vigilVersion: 'test', configDigest: 'x', records });
  const r = vigil(['replay', copy]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^DIVERGENT: lb1, event #\d+ \(TimerFired\)/);
  assert.match(r.stdout, /recorded: .*Entering MASTER STATE!/);
  assert.match(r.stdout, /replayed: .*Entering MASTER STATE"/);
});

test('a damaged record: inspect reports it (exit 1) and replay refuses to guess (exit 2)', () => {
  const copy = join(dir, 'damaged');
  const journal = readJournalDirectory(join(dir, 'lb1'));
  const file = writeWholeJournal({ directory: copy, nodeId: 'lb1', vigilVersion: 'test', configDigest: 'x', records: journal.records });
  const bytes = readFileSync(file);
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = (bytes[middle] ?? 0) ^ 0x40;
  writeFileSync(file, bytes);
  const inspect = vigil(['journal', 'inspect', copy]);
  assert.equal(inspect.status, 1);
  assert.match(inspect.stdout, /DAMAGED/);
  const replay = vigil(['replay', copy]);
  assert.equal(replay.status, 2);
  // Wherever the flip lands (a payload, or a length that now runs past the end), it is damage.
  assert.match(replay.stderr, /CRC32C mismatch|record length .* out of range|an intact record follows/);
});

test('--what-if: the same inputs under a lower priority would not have taken over', () => {
  const config = join(dir, 'low.conf');
  writeFileSync(config, `vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 50
  advert_int 1
  virtual_ipaddress { 10.0.0.100/24 }
}
`);
  const r = vigil(['replay', join(dir, 'lb1'), '--what-if', config]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /replayed as recorded/);
  assert.match(r.stdout, /^- .* lb1 VI_1 BACKUP -> MASTER/m);
});

test('postmortem reads the journal directories', () => {
  const r = vigil(['postmortem', join(dir, 'lb1'), join(dir, 'lb2')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Postmortem of lb1, lb2/);
  assert.match(r.stdout, /Virtual router vrid 51/);
  assert.equal(vigil(['postmortem', join(dir, 'nope')]).status, 2);
});
