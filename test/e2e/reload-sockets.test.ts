// A reload that adds an instance needing a new receive socket (here VRRPv3 over IPv6 beside an
// IPv4 instance): Vigil opens the socket, hears the peer's adverts and stays BACKUP, instead of
// claiming the VIP beside the real MASTER (issue 6: sockets for what a reload adds).
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, IF_B, VethLab } from '../net/lab.js';
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

describe('vigil run: a reload that needs a new receive socket', { skip: gap ?? false }, () => {
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
});
