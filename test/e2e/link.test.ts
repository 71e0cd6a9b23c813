// `vigil run` when the master's own link goes down (issue 6 "Done means" 6): two nodes on a
// bridge, so one side losing its carrier leaves the other's link up, as on a switch. The master
// goes FAULT and releases the VIP, the backup takes over; link up again, the master recovers and
// (higher priority, preempting) takes the VIP back. Both journals replay identical.
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
if (gap !== undefined) console.log(`# skipping link end-to-end tests: ${gap}`);

function config(iface: string, priority: number, name: string): string {
  return `global_defs {
  router_id ${name}
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${iface}
  virtual_router_id 52
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    ${VIP}/24
  }
}
`;
}

describe('vigil run: the master loses its link', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vl', { bridged: true });
    dir = mkdtempSync(join(tmpdir(), 'vigil-link-'));
    writeFileSync(join(dir, 'a.conf'), config(IF_A, 150, 'node-a'));
    writeFileSync(join(dir, 'b.conf'), config(IF_B, 100, 'node-b'));
  });

  afterEach(async () => {
    await lab.stopAll();
  });

  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holds = (ns: VethLab['a'], iface: string): boolean => ns.ip('-4', 'addr', 'show', 'dev', iface).includes(`${VIP}/24`);
  const count = (p: LabProcess, suffix: string): number => p.lines.filter((l) => l.endsWith(suffix)).length;

  async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('link down: FAULT, VIP released, the backup takes over; link up: the master recovers and preempts', async () => {
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a.conf'), '--journal', join(dir, 'journal-a')]);
    const b = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, 'b.conf'), '--journal', join(dir, 'journal-b')]);
    await a.waitUntil(() => count(a, '(VI_1) Entering MASTER STATE') === 1, 10_000, 'node a MASTER');
    await until(() => holds(lab.a, IF_A), 'the VIP on node a');
    await b.waitUntil(() => count(b, '(VI_1) Entering BACKUP STATE (init)') === 1, 10_000, 'node b BACKUP');

    lab.a.ip('link', 'set', IF_A, 'down');
    await a.waitUntil(() => count(a, '(VI_1) Entering FAULT STATE') === 1, 10_000, 'node a FAULT');
    await b.waitUntil(() => count(b, '(VI_1) Entering MASTER STATE') === 1, 10_000, 'node b takes over');
    await until(() => holds(lab.b, IF_B), 'the VIP on node b');
    assert.ok(!holds(lab.a, IF_A), 'node a released the VIP in FAULT');

    lab.a.ip('link', 'set', IF_A, 'up');
    await a.waitUntil(() => count(a, '(VI_1) Entering MASTER STATE') === 2, 15_000, 'node a recovers and preempts');
    await until(() => holds(lab.a, IF_A) && !holds(lab.b, IF_B), 'the VIP back on node a');
    await b.waitUntil(() => count(b, '(VI_1) Entering BACKUP STATE') === 1, 10_000, 'node b back to BACKUP');

    await a.stop(5000);
    await b.stop(5000);
    for (const node of ['a', 'b']) {
      const r = spawnSync(VIGIL, ['replay', join(dir, `journal-${node}`)], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${node}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /^identical: node-/m);
      if (node === 'a') {
        const t = spawnSync(VIGIL, ['replay', join(dir, 'journal-a'), '--timeline'], { encoding: 'utf8' });
        assert.match(t.stdout, /MASTER -> FAULT/);
        assert.match(t.stdout, /FAULT -> BACKUP/);
      }
    }
  });
});
