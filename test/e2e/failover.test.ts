// `vigil run` on real kernel networking: two nodes in network namespaces joined by a veth pair
// (issue 6 "Done means" 1, 4, 5 and 7): election by priority, the master SIGKILLed, the backup
// takes the VIP and announces it with gratuitous ARPs (seen by tcpdump); a SIGTERM releases it;
// each node's journal replays identical.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, IF_B, VethLab, type LabProcess } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const VIP = '10.199.0.100';
const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined);
if (gap !== undefined) console.log(`# skipping vigil run end-to-end tests: ${gap}`);

function config(iface: string, priority: number, name: string, extra = ''): string {
  return `global_defs {
  router_id ${name}
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${iface}
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  ${extra}
  virtual_ipaddress {
    ${VIP}/24
  }
}
`;
}

describe('vigil run in network namespaces', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vr');
    dir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
    writeFileSync(join(dir, 'a.conf'), config(IF_A, 150, 'node-a'));
    writeFileSync(join(dir, 'b.conf'), config(IF_B, 100, 'node-b'));
  });

  afterEach(async () => {
    await lab.stopAll();
  });

  after(async () => {
    await lab.close();
    // VIGIL_TEST_KEEP=1 keeps the configs and journals of a failed run to replay them.
    if (process.env['VIGIL_TEST_KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(`# kept ${dir}`);
  });

  const holds = (ns: VethLab['a'], iface: string): boolean => ns.ip('-4', 'addr', 'show', 'dev', iface).includes(`${VIP}/24`);

  async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('elects the higher priority, fails over on SIGKILL, releases on SIGTERM, and both journals replay identical', async () => {
    const a: LabProcess = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a.conf'), '--journal', join(dir, 'journal-a')]);
    const b: LabProcess = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, 'b.conf'), '--journal', join(dir, 'journal-b')]);
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'node a MASTER');
    await until(() => holds(lab.a, IF_A), 'the VIP on node a');
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 10_000, 'node b BACKUP');
    assert.ok(!holds(lab.b, IF_B), 'node b does not hold the VIP while a is MASTER');

    // Watch the wire from node a's side of the link: it outlives node a's process.
    const wire = lab.start(lab.a, 'tcpdump', ['-n', '-l', '-e', '-i', IF_A, 'arp']);
    await until(() => wire.stderr.includes('listening on'), 'tcpdump listening');
    a.child.kill('SIGKILL');
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'node b takes over');
    await until(() => holds(lab.b, IF_B), 'the VIP on node b');
    // keepalived's gratuitous ARP (vrrp_arp.c): a broadcast request from node b's MAC, sender and
    // target both the VIP, target MAC broadcast; garp_master_repeat (5) of them at once.
    const macB = /link\/ether ([0-9a-f:]{17})/.exec(lab.b.ip('link', 'show', IF_B))?.[1];
    assert.ok(macB !== undefined);
    const garp = (l: string): boolean => l.includes(`${macB} > ff:ff:ff:ff:ff:ff`) && l.includes(`Request who-has ${VIP} (ff:ff:ff:ff:ff:ff) tell ${VIP}`);
    await wire.waitUntil(() => wire.lines.filter(garp).length >= 5, 5000, 'five gratuitous ARPs from node b');
    await wire.stop();

    await b.stop(5000);
    assert.equal(b.child.exitCode, 0, b.stderr);
    assert.ok(!holds(lab.b, IF_B), 'SIGTERM released the VIP');
    assert.ok(b.lines.some((l) => l.endsWith('(VI_1) sent 0 priority')));

    for (const node of ['a', 'b']) {
      const r = spawnSync(VIGIL, ['replay', join(dir, `journal-${node}`)], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${node}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /^identical: node-/m);
    }
  });

  async function pair(tag: string, extraA = '', extraB = ''): Promise<{ a: LabProcess; b: LabProcess }> {
    writeFileSync(join(dir, `${tag}-a.conf`), config(IF_A, 150, 'node-a', extraA));
    writeFileSync(join(dir, `${tag}-b.conf`), config(IF_B, 100, 'node-b', extraB));
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, `${tag}-a.conf`), '--journal', join(dir, `${tag}-journal-a`)]);
    const b = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, `${tag}-b.conf`), '--journal', join(dir, `${tag}-journal-b`)]);
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, `${tag}: node a MASTER`);
    await until(() => holds(lab.a, IF_A), `${tag}: the VIP on node a`);
    // The VIP can be seen before the lines that announce it have come through the pipe.
    await a.waitUntil(() => a.lines.some((l) => l.endsWith(`Sending/queueing gratuitous ARPs on ${IF_A} for ${VIP}`)), 5_000, `${tag}: node a's GARP line`);
    return { a, b };
  }

  it('SIGHUP with the same config: no transition, no VIP flap', async () => {
    const { a, b } = await pair('hup');
    const before = a.lines.length;
    a.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 2500));
    const after = a.lines.slice(before);
    assert.ok(!after.some((l) => /Entering|removing VIPs|setting VIPs/.test(l)), after.join('\n'));
    assert.ok(holds(lab.a, IF_A));
    await a.stop(5000);
    await b.stop(5000);
    const r = spawnSync(VIGIL, ['replay', join(dir, 'hup-journal-a'), '--timeline'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('VRRPv3 and unicast peers elect and fail over the same way', async () => {
    const { a, b } = await pair('v3u', 'version 3\n  unicast_peer {\n    10.199.0.2\n  }', 'version 3\n  unicast_peer {\n    10.199.0.1\n  }');
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 10_000, 'node b BACKUP');
    await new Promise((r) => setTimeout(r, 4000));
    assert.ok(!b.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), `node b hears node a over unicast:\n${b.lines.join('\n')}`);
    a.child.kill('SIGKILL');
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'node b takes over');
    await b.stop(5000);
  });

  /** Node a tracks a script that succeeds while `flag` exists (weight -80: 150 becomes 70). */
  function trackedPair(tag: string, extraB: string): { a: LabProcess; b: LabProcess; flag: string } {
    const flag = join(dir, `${tag}-healthy`);
    writeFileSync(flag, '');
    const check = join(dir, `${tag}-check.sh`);
    writeFileSync(check, `#!/bin/sh\ntest -e ${flag}\n`, { mode: 0o755 });
    const script = `vrrp_script chk {\n  script "${check}"\n  interval 1\n  weight -80\n  fall 1\n  rise 1\n}\n`;
    writeFileSync(join(dir, `${tag}-a.conf`), script + config(IF_A, 150, 'node-a', 'track_script {\n    chk\n  }'));
    writeFileSync(join(dir, `${tag}-b.conf`), config(IF_B, 100, 'node-b', extraB));
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, `${tag}-a.conf`), '--journal', join(dir, `${tag}-journal-a`)]);
    const b = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, `${tag}-b.conf`), '--journal', join(dir, `${tag}-journal-b`)]);
    return { a, b, flag };
  }

  it('a track_script that starts failing moves the VIP to the backup; recovered, the master takes it back', async () => {
    const { a, b, flag } = trackedPair('ts', '');
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'node a MASTER');
    await until(() => holds(lab.a, IF_A), 'the VIP on node a');
    rmSync(flag);
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'node b takes over');
    await until(() => holds(lab.b, IF_B) && !holds(lab.a, IF_A), 'the VIP moved to node b');
    const masters = a.lines.filter((l) => l.endsWith('(VI_1) Entering MASTER STATE')).length;
    writeFileSync(flag, '');
    await a.waitUntil(() => a.lines.filter((l) => l.endsWith('(VI_1) Entering MASTER STATE')).length > masters, 10_000, 'node a preempts');
    await until(() => holds(lab.a, IF_A) && !holds(lab.b, IF_B), 'the VIP back on node a');
    await a.stop(5000);
    await b.stop(5000);
  });

  it('nopreempt on the backup keeps the VIP where it is when the priority of the master drops', async () => {
    const { a, b, flag } = trackedPair('np', 'nopreempt');
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 10_000, 'node a MASTER');
    rmSync(flag);
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Changing effective priority from 150 to 70')), 10_000, 'node a priority drops');
    await new Promise((r) => setTimeout(r, 5000)); // longer than node b's master-down interval
    assert.ok(!b.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), b.lines.join('\n'));
    assert.ok(holds(lab.a, IF_A));
    await a.stop(5000);
    await b.stop(5000);
  });
});
