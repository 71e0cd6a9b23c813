// One `vigil run` with 255 instances (every VRID of an interface), two VIPs each, alone on its
// link: all become MASTER and hold their 510 VIPs; SIGTERM releases every one. Found by the bench:
// the start-up burst of netlink requests overflowed the ACK queue and netlink@0.3.0 aborted the
// process, and a socket opened per gratuitous ARP stalled the event loop for half a minute.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, VethLab } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const INSTANCES = 255;
const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined);
if (gap !== undefined) console.log(`# skipping the scale end-to-end test: ${gap}`);

function config(): string {
  const out = ['global_defs {', '  router_id node-a', '}'];
  for (let i = 1; i <= INSTANCES; i++) {
    out.push(
      `vrrp_instance VI_${i} {`, '  state BACKUP', `  interface ${IF_A}`, `  virtual_router_id ${i}`, '  priority 150', '  advert_int 1',
      '  virtual_ipaddress {', `    10.198.1.${i}/24`, `    10.198.2.${i}/24`, '  }', '}',
    );
  }
  return `${out.join('\n')}\n`;
}

describe('vigil run at scale', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vs');
    dir = mkdtempSync(join(tmpdir(), 'vigil-scale-'));
    writeFileSync(join(dir, 'a.conf'), config());
  });

  afterEach(async () => {
    await lab.stopAll();
  });

  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const vips = (): number => lab.a.ip('-4', 'addr', 'show', 'dev', IF_A).split('\n').filter((l) => l.includes('inet 10.198.')).length;

  it(`${INSTANCES} instances become MASTER with all ${2 * INSTANCES} VIPs; SIGTERM releases them all`, async () => {
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'a.conf')]);
    await a.waitUntil(() => a.lines.filter((l) => l.endsWith('Entering MASTER STATE')).length === INSTANCES, 60_000, `${INSTANCES} MASTER`);
    const deadline = Date.now() + 30_000;
    while (vips() < 2 * INSTANCES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(vips(), 2 * INSTANCES);
    await a.stop(30_000);
    assert.equal(a.child.exitCode, 0, a.stderr);
    assert.equal(vips(), 0);
  });
});
