// `vigil run` telling the world (issue 6 signals, issue 7 notifications): SIGUSR1 / SIGUSR2 write
// keepalived's data, JSON and stats dumps; smtp_alert mails reach a real SMTP server, in
// transition order, with keepalived's subjects; notify scripts run in transition order even when
// the first outlasts the next transition; the notify FIFO is created and its script reads
// keepalived's lines; the journal (NotifyFinished included) replays identical.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, VethLab } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const SINK = new URL('./smtp-sink.ts', import.meta.url).pathname;
const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined);
if (gap !== undefined) console.log(`# skipping notify end-to-end tests: ${gap}`);

describe('vigil run: dumps and mail', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vn');
    dir = mkdtempSync(join(tmpdir(), 'vigil-notify-'));
  });

  afterEach(async () => {
    await lab.stopAll();
  });

  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dumps on SIGUSR1/SIGUSR2, mails, notify scripts in order, FIFO lines, and a journal that replays', async () => {
    const sink = lab.start(lab.a, process.execPath, ['--import', 'tsx', SINK]);
    await sink.waitUntil(() => sink.lines.some((l) => l.startsWith('LISTENING ')), 15_000, 'the SMTP server');
    const port = sink.lines.find((l) => l.startsWith('LISTENING '))?.split(' ')[1] ?? '';
    const files = { data: join(dir, 'k.data'), stats: join(dir, 'k.stats'), json: join(dir, 'k.json') };
    const order = join(dir, 'order.log');
    const fifoLines = join(dir, 'fifo.log');
    const fifo = join(dir, 'notify.fifo');
    // The BACKUP script outlasts the 3.6 s before MASTER: run unordered, MASTER would come first.
    writeFileSync(join(dir, 'backup.sh'), `#!/bin/sh\nsleep 4\necho BACKUP >> ${order}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'master.sh'), `#!/bin/sh\necho MASTER >> ${order}\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'fifo.sh'), `#!/bin/sh\nwhile read line; do echo "$line" >> ${fifoLines}; done < "$1"\n`, { mode: 0o755 });
    writeFileSync(join(dir, 'a.conf'), `global_defs {
  router_id node-a
  smtp_server 127.0.0.1 ${port}
  smtp_helo_name node-a.test
  notification_email {
    ops@example.com
  }
  notification_email_from vigil@node-a.test
  state_dump_file ${files.data}
  stats_dump_file ${files.stats}
  json_dump_file ${files.json}
  notify_fifo ${fifo}
  notify_fifo_script ${join(dir, 'fifo.sh')}
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${IF_A}
  virtual_router_id 53
  priority 150
  advert_int 1
  smtp_alert
  notify_backup ${join(dir, 'backup.sh')}
  notify_master ${join(dir, 'master.sh')}
  virtual_ipaddress {
    10.199.0.100/24
  }
}
`);
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a.conf'), '--journal', join(dir, 'journal')]);
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'MASTER');

    a.child.kill('SIGUSR1');
    await a.waitUntil(() => a.lines.some((l) => l.endsWith(`Wrote ${files.json}`)), 5_000, 'the data dump');
    const data = readFileSync(files.data, 'utf8');
    assert.match(data, /------< VRRP Topology >------/);
    assert.match(data, /^ VRRP Instance = VI_1$/m);
    assert.match(data, /^ {3}State = MASTER$/m);
    assert.equal(statSync(files.data).mode & 0o777, 0o600);
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { data: { iname: string; state: number } }[];
    assert.deepEqual(json.map((i) => [i.data.iname, i.data.state]), [['VI_1', 2]]);
    assert.ok(!existsSync(files.stats), 'SIGUSR1 writes no stats');

    a.child.kill('SIGUSR2');
    await a.waitUntil(() => a.lines.some((l) => l.endsWith(`Wrote ${files.stats}`)), 5_000, 'the stats dump');
    const stats = readFileSync(files.stats, 'utf8');
    assert.match(stats, /^VRRP Instance: VI_1$/m);
    assert.match(stats, /^ {2}Became master: 1$/m);

    await a.waitUntil(() => existsSync(order) && readFileSync(order, 'utf8') === 'BACKUP\nMASTER\n', 10_000, 'both notify scripts');
    assert.equal(statSync(fifo).isFIFO(), true);
    await a.stop(10_000);
    assert.equal(a.child.exitCode, 0, a.stderr);
    assert.ok(!existsSync(fifo), 'the FIFO Vigil created is removed at exit');
    assert.deepEqual(readFileSync(fifoLines, 'utf8').split('\n').filter((l) => l !== ''), [
      'INSTANCE "VI_1" BACKUP 150',
      'INSTANCE "VI_1" MASTER 150',
      'INSTANCE "VI_1" STOP 150',
    ]);
    const replay = spawnSync(VIGIL, ['replay', join(dir, 'journal')], { encoding: 'utf8' });
    assert.equal(replay.status, 0, replay.stdout + replay.stderr);
    assert.match(replay.stdout, /^identical: node-a/m);
    const subjects = (): string[] => sink.lines.filter((l) => l.startsWith('{')).map((l) => /Subject: (.*)\r?\n/.exec((JSON.parse(l) as { data: string }).data)?.[1] ?? '?');
    await sink.waitUntil(() => subjects().length >= 3, 10_000, 'three mails');
    assert.deepEqual(subjects(), [
      '[node-a] VRRP Instance VI_1 - Entering BACKUP state',
      '[node-a] VRRP Instance VI_1 - Entering MASTER state',
      '[node-a] VRRP Instance VI_1 - Stopping',
    ]);
    const first = JSON.parse(sink.lines.find((l) => l.startsWith('{')) ?? '{}') as { helo: string; from: string; to: string[] };
    assert.deepEqual([first.helo, first.from, first.to], ['node-a.test', 'vigil@node-a.test', ['ops@example.com']]);
  });
});
