// Vigil and Debian's keepalived 2.2.7 on one VRID (issue 6 "Done means" 2 and 3): failover both
// ways, graceful stop (priority 0) both ways, and neither side rejects the other's packets; over
// VRRPv2 multicast with PASS authentication, v2 unicast, and VRRPv3 over IPv4 and over IPv6.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, IF_B, IPV4_A, IPV4_B, VethLab, type LabProcess } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const VIP = '10.199.0.100';
const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined);
if (gap !== undefined) console.log(`# skipping Vigil/keepalived interop tests: ${gap}`);

/** One way to run the VRID: the wire protocol both daemons must agree on. */
interface Variant {
  readonly name: string;
  readonly vip: string;
  /** Instance lines for the side on `self`, whose peer is `peer` (IPv4 addresses of the lab). */
  readonly extra: (self: string, peer: string) => string;
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'VRRPv2 multicast, PASS authentication',
    vip: `${VIP}/24`,
    extra: () => 'authentication {\n    auth_type PASS\n    auth_pass interop\n  }',
  },
  {
    name: 'VRRPv2 unicast',
    vip: `${VIP}/24`,
    extra: (self, peer) => `unicast_src_ip ${self}\n  unicast_peer {\n    ${peer}\n  }`,
  },
  { name: 'VRRPv3 over IPv4', vip: `${VIP}/24`, extra: () => 'version 3' },
  { name: 'VRRPv3 over IPv6', vip: 'fd00:199::100/64', extra: () => 'version 3' },
];

function config(variant: Variant, iface: string, priority: number, name: string, self: string, peer: string): string {
  return `global_defs {
  router_id ${name}
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${iface}
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  ${variant.extra(self, peer)}
  virtual_ipaddress {
    ${variant.vip}
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

  afterEach(async () => {
    await lab.stopAll();
  });

  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holds = (ns: VethLab['a'], iface: string, vip: string): boolean => ns.ip('addr', 'show', 'dev', iface).includes(vip);
  const keepalived = (ns: VethLab['a'], file: string, tag: string): LabProcess =>
    lab.start(ns, 'keepalived', ['-n', '-l', '-D', '-P', '-f', file, '-p', join(dir, `${tag}.pid`), '-r', join(dir, `${tag}-vrrp.pid`)]);
  // Vigil logs on stdout; keepalived -l on stderr.
  const output = (p: LabProcess): string[] => [...p.lines, ...p.stderr.split('\n')];
  const has = (p: LabProcess, suffix: string): boolean => output(p).some((l) => l.endsWith(suffix));

  for (const [n, variant] of VARIANTS.entries()) {
    it(`${variant.name}: keepalived MASTER, Vigil BACKUP: Vigil takes over on SIGKILL, keepalived preempts back, then a graceful stop hands over`, async () => {
      writeFileSync(join(dir, `k1-${n}.conf`), config(variant, IF_A, 150, 'keepalived-a', IPV4_A, IPV4_B));
      writeFileSync(join(dir, `v1-${n}.conf`), config(variant, IF_B, 100, 'vigil-b', IPV4_B, IPV4_A));
      const k = keepalived(lab.a, join(dir, `k1-${n}.conf`), `k1-${n}`);
      await k.waitUntil(() => has(k, '(VI_1) Entering MASTER STATE'), 10_000, 'keepalived MASTER');
      const v = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, `v1-${n}.conf`)]);
      await v.waitUntil(() => has(v, '(VI_1) Entering BACKUP STATE (init)'), 10_000, 'Vigil BACKUP');
      await new Promise((r) => setTimeout(r, 4000)); // longer than Vigil's master-down interval
      assert.ok(!has(v, '(VI_1) Entering MASTER STATE'), 'Vigil accepts keepalived as master');
      assert.ok(!holds(lab.b, IF_B, variant.vip));

      k.child.kill('SIGKILL');
      await v.waitUntil(() => has(v, '(VI_1) Entering MASTER STATE'), 10_000, 'Vigil takes over');
      await v.waitUntil(() => holds(lab.b, IF_B, variant.vip), 5_000, 'the VIP on Vigil');
      const k2 = keepalived(lab.a, join(dir, `k1-${n}.conf`), `k2-${n}`);
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

    it(`${variant.name}: Vigil MASTER, keepalived BACKUP: keepalived takes over on SIGKILL and on a graceful stop`, async () => {
      writeFileSync(join(dir, `v2-${n}.conf`), config(variant, IF_A, 150, 'vigil-a', IPV4_A, IPV4_B));
      writeFileSync(join(dir, `k3-${n}.conf`), config(variant, IF_B, 100, 'keepalived-b', IPV4_B, IPV4_A));
      const v = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, `v2-${n}.conf`)]);
      await v.waitUntil(() => has(v, '(VI_1) Entering MASTER STATE'), 10_000, 'Vigil MASTER');
      const k = keepalived(lab.b, join(dir, `k3-${n}.conf`), `k3-${n}`);
      await k.waitUntil(() => has(k, '(VI_1) Entering BACKUP STATE (init)'), 10_000, 'keepalived BACKUP');
      await new Promise((r) => setTimeout(r, 4000));
      assert.ok(!has(k, '(VI_1) Entering MASTER STATE'), 'keepalived accepts Vigil as master');

      v.child.kill('SIGKILL');
      await k.waitUntil(() => has(k, '(VI_1) Entering MASTER STATE'), 10_000, 'keepalived takes over');
      await k.waitUntil(() => holds(lab.b, IF_B, variant.vip), 5_000, 'the VIP on keepalived');
      // Vigil back: it preempts (higher priority); then a graceful stop hands back within skew time.
      const v2 = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, `v2-${n}.conf`)]);
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
  }
});
