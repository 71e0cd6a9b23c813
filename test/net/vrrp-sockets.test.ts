// Our VRRP sockets end to end: adverts sent by AdvertSender in namespace A arrive at the
// advertsReceived observable in namespace B over a veth pair, and core/vrrp accepts them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdvertReceived, SendAdvert } from '../../core/events/index.js';
import { advertExpectations } from '../../core/instance/expectations.js';
import { receivedAdvert } from '../../core/instance/receive.js';
import { encodeVrrp, validateAdvert, VrrpAuth, type VrrpPacket } from '../../core/vrrp/index.js';
import { configFrom } from '../support/config.js';
import { IF_A, IF_B, IPV4_A, LINK_LOCAL_A, VethLab, type LabProcess } from './lab.js';
import { adverts, execute, listen, netGap } from './peer.js';

const CONFIG = `
vrrp_instance V4 {
  interface ${IF_B}
  virtual_router_id 51
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.199.0.100/24
  }
}
vrrp_instance V6 {
  interface ${IF_B}
  version 3
  virtual_router_id 52
  priority 100
  advert_int 1
  virtual_ipaddress {
    fd99:199::100/64
  }
}
`;

const v2: VrrpPacket = {
  version: 2, type: 1, addressFamily: 'inet', vrid: 51, priority: 200, addresses: ['10.199.0.100'],
  authType: VrrpAuth.none, authData: new Uint8Array(8), advertIntervalSeconds: 1,
};
const v3: VrrpPacket = { version: 3, type: 1, addressFamily: 'inet6', vrid: 52, priority: 200, addresses: ['fd99:199::100'], maxAdvertIntervalCentis: 100 };

function validate(event: AdvertReceived, instanceName: string): ReturnType<typeof validateAdvert> {
  const config = configFrom(CONFIG, true);
  const instance = config.vrrp.instances.find((i) => i.name === instanceName);
  assert.ok(instance !== undefined);
  return validateAdvert(receivedAdvert(event), advertExpectations(instance, config.global));
}

const gap = netGap();

describe('VRRP raw sockets between two namespaces', { skip: gap }, () => {
  let lab: VethLab;
  let listener: LabProcess;

  before(async () => {
    lab = await VethLab.create('vnet');
    listener = await listen(lab, lab.b, CONFIG);
  });
  after(async () => {
    await lab.close();
  });

  test('IPv4 VRRPv2: source as given or kernel-chosen, TTL 255, accepted by validateAdvert', async () => {
    const v4Advert = (source?: string): SendAdvert => ({
      kind: 'SendAdvert', instance: 'V4', interface: IF_A, family: 'inet', ...(source === undefined ? {} : { source }), destination: '224.0.0.18', ttl: 255,
      message: encodeVrrp(v2),
    });
    const advert = v4Advert(IPV4_A);
    assert.equal(await execute(lab, lab.a, [advert, v4Advert()]), 2);
    const got = (await adverts(listener, 2, 5000)).filter((e) => e.family === 'inet');
    assert.equal(got.length, 2);
    for (const event of got) {
      assert.deepEqual(
        { source: event.source, destination: event.destination, ttl: event.ttlOrHopLimit, proto: event.ipProtocol, header: event.ipHeaderLength, total: event.ipTotalLength },
        { source: IPV4_A, destination: '224.0.0.18', ttl: 255, proto: 112, header: 20, total: 20 + advert.message.length },
      );
      assert.deepEqual(event.payload, advert.message);
      const verdict = validate(event, 'V4');
      assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
    }
  });

  test('IPv6 VRRPv3: link-local source via IPV6_PKTINFO, hop limit 255 via IPV6_HOPLIMIT, kernel checksum accepted', async () => {
    const advert: SendAdvert = {
      kind: 'SendAdvert', instance: 'V6', interface: IF_A, family: 'inet6', source: LINK_LOCAL_A, destination: 'ff02::12', ttl: 255,
      message: encodeVrrp(v3, { source: LINK_LOCAL_A, destination: 'ff02::12' }),
    };
    assert.equal(await execute(lab, lab.a, [advert]), 1);
    const got = (await adverts(listener, 3, 5000)).filter((e) => e.family === 'inet6');
    assert.equal(got.length, 1);
    const [event] = got;
    assert.ok(event !== undefined);
    assert.deepEqual(
      { interface: event.interface, source: event.source, destination: event.destination, hopLimit: event.ttlOrHopLimit },
      { interface: IF_B, source: LINK_LOCAL_A, destination: 'ff02::12', hopLimit: 255 },
    );
    const verdict = validate(event, 'V6');
    assert.ok(verdict.ok, verdict.ok ? '' : verdict.message);
  });

  test('a socket on a missing interface fails with ENODEV', async () => {
    const advert: SendAdvert = {
      kind: 'SendAdvert', instance: 'V4', interface: 'no-such-if', family: 'inet', destination: '224.0.0.18', ttl: 255, message: encodeVrrp(v2),
    };
    await assert.rejects(execute(lab, lab.a, [advert]), /failed with ENODEV after 0/);
  });
});
