// Interop on the receive path: Debian's keepalived in namespace A is MASTER for a VRRPv2 IPv4
// instance (PASS auth) and a VRRPv3 IPv6 instance; our sockets in namespace B receive its adverts
// and core/vrrp validateAdvert accepts every one of them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AdvertReceived } from '../../core/events/index.js';
import { advertExpectations } from '../../core/instance/expectations.js';
import { receivedAdvert } from '../../core/instance/receive.js';
import { encodeVrrp, passwordAuthData, validateAdvert, VrrpAuth } from '../../core/vrrp/index.js';
import { configFrom } from '../support/config.js';
import { IF_A, IF_B, IPV4_A, LINK_LOCAL_A, VethLab } from './lab.js';
import { advertsSoFar, execute, listen, netGap } from './peer.js';

function instances(ifname: string, state: 'MASTER' | 'BACKUP', priority: number): string {
  return `
vrrp_instance V4 {
  state ${state}
  interface ${ifname}
  virtual_router_id 51
  priority ${priority}
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass vigil123
  }
  virtual_ipaddress {
    10.199.0.100/24
  }
}
vrrp_instance V6 {
  state ${state}
  interface ${ifname}
  version 3
  virtual_router_id 52
  priority ${priority}
  advert_int 1
  virtual_ipaddress {
    fd99:199::100/64
  }
}
`;
}

const gap = netGap(['ip', 'keepalived']);

test('keepalived 2.2.7 adverts (v2 IPv4 PASS, v3 IPv6) reach our sockets and are all accepted', { skip: gap, timeout: 60_000 }, async (t) => {
  const lab = await VethLab.create('vka');
  const work = mkdtempSync(join(tmpdir(), 'vigil-net-'));
  try {
    const ours = instances(IF_B, 'BACKUP', 100);
    const listener = await listen(lab, lab.b, ours);
    const conf = join(work, 'keepalived.conf');
    writeFileSync(conf, `global_defs {\n  router_id ${lab.a.name}\n}\n${instances(IF_A, 'MASTER', 200)}`);
    const keepalived = lab.start(lab.a, 'keepalived', ['-n', '-l', '-D', '-P', '-f', conf, '-p', join(work, 'k.pid'), '-r', join(work, 'v.pid')]);
    // BACKUP at start, MASTER after 3 × advert_int + skew, then one advert per second per instance.
    const count = (family: string) => (line: string) => line.includes('"AdvertReceived"') && line.includes(`"family":"${family}"`);
    await listener.waitForLines(3, count('inet'), 20_000);
    await listener.waitForLines(3, count('inet6'), 10_000);
    // SIGTERM: keepalived sends a priority-0 advert per instance (RFC 5798 §6.4.3).
    await keepalived.stop();
    const priorityZero = (line: string): boolean => /"payload":"[0-9a-f]{4}00/.test(line); // byte 2: priority
    await listener.waitForLines(2, priorityZero, 5000);
    const received = advertsSoFar(listener);
    const config = configFrom(ours, true);
    const rejected: string[] = [];
    const seen = new Set<string>();
    for (const event of received) {
      const instance = config.vrrp.instances.find((i) => (i.family === event.family));
      assert.ok(instance !== undefined);
      const verdict = validateAdvert(receivedAdvert(event), advertExpectations(instance, config.global));
      if (!verdict.ok) rejected.push(`${event.family} ${verdict.reason}: ${verdict.message}`);
      else seen.add(describe(event, verdict.packet.priority));
    }
    t.diagnostic(`${received.length} adverts from keepalived, ${rejected.length} rejected; seen: ${[...seen].join('; ')}`);
    assert.deepEqual(rejected, [], 'keepalived adverts rejected');
    assert.deepEqual([...seen].sort(), [
      `inet ${IPV4_A} > 224.0.0.18 ttl 255 prio 0`,
      `inet ${IPV4_A} > 224.0.0.18 ttl 255 prio 200`,
      `inet6 ${LINK_LOCAL_A} > ff02::12 ttl 255 prio 0`,
      `inet6 ${LINK_LOCAL_A} > ff02::12 ttl 255 prio 200`,
    ]);
  } finally {
    await lab.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test('keepalived 2.2.7 as MASTER yields to adverts from our AdvertSender (v2 IPv4 PASS, v3 IPv6)', { skip: gap, timeout: 60_000 }, async (t) => {
  const lab = await VethLab.create('vkb');
  const work = mkdtempSync(join(tmpdir(), 'vigil-net-'));
  try {
    const conf = join(work, 'keepalived.conf');
    writeFileSync(conf, `global_defs {\n  router_id ${lab.b.name}\n}\n${instances(IF_B, 'MASTER', 200)}`);
    const keepalived = lab.start(lab.b, 'keepalived', ['-n', '-l', '-D', '-P', '-f', conf, '-p', join(work, 'k.pid'), '-r', join(work, 'v.pid')]);
    const log = (): string => keepalived.lines.join('\n') + keepalived.stderr;
    await keepalived.waitUntil(() => log().includes('(V4) Entering MASTER STATE') && log().includes('(V6) Entering MASTER STATE'), 20_000, 'keepalived MASTER');
    // What our daemon's reducer would emit as a higher-priority router (core/instance/advert.ts).
    const v2 = encodeVrrp({ version: 2, type: 1, addressFamily: 'inet', vrid: 51, priority: 250, addresses: ['10.199.0.100'], authType: VrrpAuth.pass, authData: passwordAuthData('vigil123'), advertIntervalSeconds: 1 });
    const v3 = encodeVrrp({ version: 3, type: 1, addressFamily: 'inet6', vrid: 52, priority: 250, addresses: ['fd99:199::100'], maxAdvertIntervalCentis: 100 }, { source: LINK_LOCAL_A, destination: 'ff02::12' });
    await execute(lab, lab.a, [
      { kind: 'SendAdvert', instance: 'V4', interface: IF_A, family: 'inet', source: IPV4_A, destination: '224.0.0.18', ttl: 255, message: v2 },
      { kind: 'SendAdvert', instance: 'V6', interface: IF_A, family: 'inet6', source: LINK_LOCAL_A, destination: 'ff02::12', ttl: 255, message: v3 },
    ]);
    await keepalived.waitUntil(() => log().includes('(V4) Master received advert') && log().includes('(V6) Master received advert'), 10_000, 'keepalived to take our adverts');
    const lines = log().split('\n').filter((l) => /Master received|Entering BACKUP STATE$|invalid|checksum|too short|too long|TTL|mismatch/i.test(l));
    t.diagnostic(lines.join('\n'));
    assert.ok(lines.some((l) => l.includes(`(V4) Master received advert from ${IPV4_A} with higher priority 250, ours 200`)), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes(`(V6) Master received advert from ${LINK_LOCAL_A} with higher priority 250, ours 200`)), lines.join('\n'));
    assert.deepEqual(lines.filter((l) => /invalid|checksum|too short|too long|TTL|mismatch/i.test(l)), []);
  } finally {
    await lab.close();
    rmSync(work, { recursive: true, force: true });
  }
});

function describe(event: AdvertReceived, priority: number): string {
  return `${event.family} ${event.source} > ${event.destination} ttl ${event.ttlOrHopLimit ?? '?'} prio ${priority}`;
}
