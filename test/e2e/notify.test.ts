// `vigil run` telling the world (issue 6 signals, issue 7 smtp_alert): SIGUSR1 / SIGUSR2 write
// keepalived's data, JSON and stats dumps; smtp_alert mails reach a real SMTP server, in
// transition order, with keepalived's subjects.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
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

  it('SIGUSR1 writes the data and JSON dumps, SIGUSR2 the stats, and smtp_alert mails BACKUP, MASTER and Stopping', async () => {
    const sink = lab.start(lab.a, process.execPath, ['--import', 'tsx', SINK]);
    await sink.waitUntil(() => sink.lines.some((l) => l.startsWith('LISTENING ')), 15_000, 'the SMTP server');
    const port = sink.lines.find((l) => l.startsWith('LISTENING '))?.split(' ')[1] ?? '';
    const files = { data: join(dir, 'k.data'), stats: join(dir, 'k.stats'), json: join(dir, 'k.json') };
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
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${IF_A}
  virtual_router_id 53
  priority 150
  advert_int 1
  smtp_alert
  virtual_ipaddress {
    10.199.0.100/24
  }
}
`);
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a.conf')]);
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

    await a.stop(10_000);
    assert.equal(a.child.exitCode, 0, a.stderr);
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
