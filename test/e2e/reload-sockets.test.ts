// Receive sockets follow the config and the interfaces: a reload that adds an instance needing a
// new socket (VRRPv3 over IPv6 beside an IPv4 instance), and an interface deleted and created
// again (a new ifindex under the old name). Each time Vigil must hear the MASTER and stay BACKUP
// instead of claiming the VIP beside it.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, IF_B, IPV4_A, IPV4_B, LINK_LOCAL_A, LINK_LOCAL_B, VethLab } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built' : undefined);
if (gap !== undefined) console.log(`# skipping reload socket tests: ${gap}`);

const v4 = (iface: string, priority: number): string => `vrrp_instance VI_1 {
  state BACKUP
  interface ${iface}
  virtual_router_id 51
  priority ${priority}
  virtual_ipaddress {
    10.199.0.151/24
  }
}
`;

const v6 = (iface: string, priority: number): string => `vrrp_instance VI_2 {
  state BACKUP
  interface ${iface}
  virtual_router_id 52
  priority ${priority}
  version 3
  virtual_ipaddress {
    fd00:199::152/64
  }
}
`;

describe('vigil run: receive sockets for a reload and a re-created interface', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vrs');
    dir = mkdtempSync(join(tmpdir(), 'vigil-reload-sockets-'));
  });
  afterEach(async () => { await lab.stopAll(); });
  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the added IPv6 instance hears the MASTER and stays BACKUP', async () => {
    writeFileSync(join(dir, 'b.conf'), v4(IF_B, 200) + v6(IF_B, 200));
    writeFileSync(join(dir, 'a.conf'), v4(IF_A, 100));
    const b = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, 'b.conf')]);
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_2) Entering MASTER STATE')), 15_000, 'b MASTER for VI_2');
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a.conf')]);
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 10_000, 'a BACKUP for VI_1');
    writeFileSync(join(dir, 'a.conf'), v4(IF_A, 100) + v6(IF_A, 100));
    a.child.kill('SIGHUP');
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_2) Entering BACKUP STATE (init)')), 10_000, 'a BACKUP for VI_2');
    // Master_Down_Interval for priority 100 is 3.61 s; wait well past it.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    assert.ok(!a.lines.some((l) => l.includes('(VI_2) Entering MASTER STATE')), `a claimed VI_2 beside b:\n${a.lines.join('\n')}`);
    assert.ok(!a.lines.some((l) => l.startsWith('cannot receive') || l.includes('cannot receive VRRP')), a.lines.join('\n'));
    assert.ok(!a.lines.some((l) => l.includes('(VI_1) Entering MASTER STATE')), 'VI_1 stays with b');
    assert.ok(!b.lines.some((l) => l.endsWith('(VI_2) Entering BACKUP STATE')), 'b keeps VI_2');
  });

  it('an interface deleted and created again: the socket is reopened on the new one', async () => {
    writeFileSync(join(dir, 'b2.conf'), v4(IF_B, 200));
    writeFileSync(join(dir, 'a2.conf'), v4(IF_A, 100));
    const b = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, 'b2.conf')]);
    await b.waitUntil(() => b.lines.some((l) => l.endsWith('(VI_1) Entering MASTER STATE')), 15_000, 'b MASTER');
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a2.conf')]);
    await a.waitUntil(() => a.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 10_000, 'a BACKUP');
    const oldIndex = lab.a.ip('-o', 'link', 'show', IF_A).split(':')[0];
    lab.a.ip('link', 'del', IF_A); // both ends go
    await a.waitUntil(() => a.lines.some((l) => l.includes('(VI_1) Entering FAULT STATE')), 10_000, 'a FAULT');
    lab.a.ip('link', 'add', IF_A, 'type', 'veth', 'peer', 'name', IF_B, 'netns', lab.b.name);
    lab.a.ip('addr', 'add', `${IPV4_A}/24`, 'dev', IF_A);
    lab.b.ip('addr', 'add', `${IPV4_B}/24`, 'dev', IF_B);
    lab.a.ip('addr', 'add', `${LINK_LOCAL_A}/64`, 'dev', IF_A, 'nodad');
    lab.b.ip('addr', 'add', `${LINK_LOCAL_B}/64`, 'dev', IF_B, 'nodad');
    lab.a.ip('link', 'set', IF_A, 'up');
    lab.b.ip('link', 'set', IF_B, 'up');
    assert.notEqual(lab.a.ip('-o', 'link', 'show', IF_A).split(':')[0], oldIndex, 'a new ifindex');
    // Whoever comes back first may be MASTER for a moment (a did, here: its link came up first);
    // what matters is that each hears the other on its new socket, so b ends MASTER and a BACKUP.
    // With the old sockets a would never hear b again and stay MASTER beside it.
    await b.waitUntil(() => b.lines.filter((l) => l.endsWith('(VI_1) Entering MASTER STATE')).length >= 2, 15_000, 'b MASTER again');
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const last = (lines: readonly string[]): string => lines.filter((l) => l.includes('(VI_1) Entering')).at(-1) ?? '';
    assert.match(last(a.lines), /\(VI_1\) Entering BACKUP STATE/, `a:\n${a.lines.join('\n')}\nb:\n${b.lines.join('\n')}`);
    assert.match(last(b.lines), /\(VI_1\) Entering MASTER STATE/, b.lines.join('\n'));
  });
});
