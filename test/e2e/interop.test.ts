// Vigil and Debian's keepalived 2.2.7 on one VRID (issue 6 "Done means" 2): failover both ways,
// graceful stop (priority 0) both ways, and neither side rejects the other's packets.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, IF_B, VethLab, type LabProcess } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const VIP = '10.199.0.100';
const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined);
if (gap !== undefined) console.log(`# skipping Vigil/keepalived interop tests: ${gap}`);

function config(iface: string, priority: number, name: string): string {
  return `global_defs {
  router_id ${name}
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${iface}
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass interop
  }
  virtual_ipaddress {
    ${VIP}/24
  }
}
`;
}

/** What keepalived 2.2.7 logs when it drops a packet (core/vrrp/validate.ts has the list). */
const REJECTED = /invalid|too short|too long|wrong version|mismatch|checksum|Invalid|not present|unexpected ip number/;

describe('Vigil beside keepalived 2.2.7', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vi');
    dir = mkdtempSync(join(tmpdir(), 'vigil-interop-'));
  });

  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holds = (ns: VethLab['a'], iface: string): boolean => ns.ip('-4', 'addr', 'show', 'dev', iface).includes(`${VIP}/24`);
  const keepalived = (ns: VethLab['a'], file: string, tag: string): LabProcess =>
    lab.start(ns, 'keepalived', ['-n', '-l', '-D', '-P', '-f', file, '-p', join(dir, `${tag}.pid`), '-r', join(dir, `${tag}-vrrp.pid`)]);
  // Vigil logs on stdout; keepalived -l on stderr.
  const output = (p: LabProcess): string[] => [...p.lines, ...p.stderr.split('\n')];
  const has = (p: LabProcess, suffix: string): boolean => output(p).some((l) => l.endsWith(suffix));

  it('keepalived MASTER, Vigil BACKUP: Vigil takes over on SIGKILL, keepalived preempts back, then a graceful stop hands over', async () => {
    writeFileSync(join(dir, 'k1.conf'), config(IF_A, 150, 'keepalived-a'));
    writeFileSync(join(dir, 'v1.conf'), config(IF_B, 100, 'vigil-b'));
    const k = keepalived(lab.a, join(dir, 'k1.conf'), 'k1');
    await k.waitUntil(() => has(k, '(VI_1) Entering MASTER STATE'), 10_000, 'keepalived MASTER');
    const v = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, 'v1.conf')]);
    await v.waitUntil(() => has(v, '(VI_1) Entering BACKUP STATE (init)'), 10_000, 'Vigil BACKUP');
    await new Promise((r) => setTimeout(r, 4000)); // longer than Vigil's master-down interval
    assert.ok(!has(v, '(VI_1) Entering MASTER STATE'), 'Vigil accepts keepalived as master');
    assert.ok(!holds(lab.b, IF_B));

    k.child.kill('SIGKILL');
    await v.waitUntil(() => has(v, '(VI_1) Entering MASTER STATE'), 10_000, 'Vigil takes over');
    const k2 = keepalived(lab.a, join(dir, 'k1.conf'), 'k2');
    await v.waitUntil(() => has(v, '(VI_1) Entering BACKUP STATE'), 15_000, 'keepalived preempts Vigil');
    await k2.waitUntil(() => has(k2, '(VI_1) Entering MASTER STATE'), 10_000, 'keepalived MASTER again');

    const before = output(v).filter((l) => l.endsWith('(VI_1) Entering MASTER STATE')).length;
    await k2.stop(5000); // SIGTERM: priority 0
    await v.waitUntil(() => output(v).filter((l) => l.endsWith('(VI_1) Entering MASTER STATE')).length > before, 3_000, 'Vigil takes over within skew time');
    await v.stop(5000);
    const rejectedByVigil = output(v).filter((l) => REJECTED.test(l));
    const rejectedByKeepalived = [...output(k), ...output(k2)].filter((l) => REJECTED.test(l));
    assert.deepEqual(rejectedByVigil, [], 'Vigil rejected keepalived packets');
    assert.deepEqual(rejectedByKeepalived, [], 'keepalived rejected Vigil packets');
  });

  it('Vigil MASTER, keepalived BACKUP: keepalived takes over on SIGKILL and on a graceful stop', async () => {
    writeFileSync(join(dir, 'v2.conf'), config(IF_A, 150, 'vigil-a'));
    writeFileSync(join(dir, 'k3.conf'), config(IF_B, 100, 'keepalived-b'));
    const v = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'v2.conf')]);
    await v.waitUntil(() => has(v, '(VI_1) Entering MASTER STATE'), 10_000, 'Vigil MASTER');
    const k = keepalived(lab.b, join(dir, 'k3.conf'), 'k3');
    await k.waitUntil(() => has(k, '(VI_1) Entering BACKUP STATE (init)'), 10_000, 'keepalived BACKUP');
    await new Promise((r) => setTimeout(r, 4000));
    assert.ok(!has(k, '(VI_1) Entering MASTER STATE'), 'keepalived accepts Vigil as master');

    v.child.kill('SIGKILL');
    await k.waitUntil(() => has(k, '(VI_1) Entering MASTER STATE'), 10_000, 'keepalived takes over');
    await k.waitUntil(() => holds(lab.b, IF_B), 5_000, 'the VIP on keepalived');
    // Vigil back: it preempts (higher priority); then a graceful stop hands back within skew time.
    const v2 = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, 'v2.conf')]);
    await v2.waitUntil(() => has(v2, '(VI_1) Entering MASTER STATE'), 15_000, 'Vigil preempts');
    await k.waitUntil(() => has(k, '(VI_1) Entering BACKUP STATE'), 5_000, 'keepalived yields');
    const masters = (): number => output(k).filter((l) => l.endsWith('(VI_1) Entering MASTER STATE')).length;
    const before = masters();
    await v2.stop(5000);
    assert.equal(v2.child.exitCode, 0, v2.stderr);
    await k.waitUntil(() => masters() > before, 3_000, 'keepalived takes over within skew time');
    await k.stop(5000);
    const rejected = [...output(k), ...output(v), ...output(v2)].filter((l) => REJECTED.test(l));
    assert.deepEqual(rejected, [], 'rejected packets');
  });
});
