// The request builders against ipvsadm's captured requests (reference ecosystem.md §2.4), byte for
// byte after the nlmsghdr, and against the attribute-level vectors of cloudflare/ipvs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IpvsDest, IpvsServiceKey } from '../../../core/events/index.js';
import { byType, decodeAttributes } from '../../../adapters/ipvs/attributes.js';
import { CmdAttr, DestAttr, SvcAttr } from '../../../adapters/ipvs/constants.js';
import { IpvsError } from '../../../adapters/ipvs/errors.js';
import { getFamilyRequest } from '../../../adapters/ipvs/family.js';
import {
  delDestRequest,
  delServiceRequest,
  flushRequest,
  getDestsRequest,
  getServicesRequest,
  newDestRequest,
  newServiceRequest,
  setDestRequest,
  setServiceRequest,
} from '../../../adapters/ipvs/messages.js';
import {
  GOLDEN_ADD_DEST,
  GOLDEN_ADD_PERSISTENT_V6,
  GOLDEN_ADD_SERVICE,
  hex,
  MASQ_DEST,
  PERSISTENT_V6_SERVICE,
  TCP_10_0_0_1_80,
  unhex,
  WRR_SERVICE,
} from './helpers.js';

/** The data of attribute `type` inside the top-level nest `nest` of a request, as hex. */
function attribute(payload: Uint8Array, nest: number, type: number): string | undefined {
  const top = decodeAttributes(payload.subarray(4));
  assert.ok(top.ok);
  const container = byType(top.value).get(nest);
  if (container === undefined) return undefined;
  const inner = decodeAttributes(container.data);
  assert.ok(inner.ok);
  const a = byType(inner.value).get(type);
  return a === undefined ? undefined : hex(a.data);
}

/** The attribute types of a nest, in order. */
function typesIn(payload: Uint8Array, nest: number): number[] {
  const top = decodeAttributes(payload.subarray(4));
  assert.ok(top.ok);
  const container = byType(top.value).get(nest);
  assert.ok(container !== undefined);
  const inner = decodeAttributes(container.data);
  assert.ok(inner.ok);
  return inner.value.map((a) => a.type);
}

const dest = (over: Partial<IpvsDest>): IpvsDest => ({ ...MASQ_DEST, ...over });

describe('golden vectors captured from ipvsadm 1.31 / libnl-3 on kernel 6.1', () => {
  it('(1) ipvsadm -A -t 10.0.0.1:80 -s wrr: NEW_SERVICE, nlmsg_len 104', () => {
    const payload = newServiceRequest(WRR_SERVICE);
    assert.equal(hex(payload), hex(unhex(GOLDEN_ADD_SERVICE)));
    assert.equal(16 + payload.length, 104);
  });

  it('(2) ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.11:8080 -m -w 1: NEW_DEST, nlmsg_len 200 (ipvsadm tunnel layout)', () => {
    const payload = newDestRequest(TCP_10_0_0_1_80, MASQ_DEST, 'ipvsadm');
    assert.equal(hex(payload), hex(unhex(GOLDEN_ADD_DEST)));
    assert.equal(16 + payload.length, 200);
  });

  it('(2) in keepalived layout is the same request without the three zero TUN_* attributes', () => {
    // keepalived 2.2 sends TUN_* for TUN destinations only: drop the 24 bytes of
    // TUN_TYPE/TUN_PORT/TUN_FLAGS and shrink the DEST nest from 0x60 to 0x48.
    const expected = GOLDEN_ADD_DEST.replace('60000280', '48000280').replace('05000d00 00000000 06000e00 00000000 06000f00 00000000', '');
    const payload = newDestRequest(TCP_10_0_0_1_80, MASQ_DEST);
    assert.equal(hex(payload), hex(unhex(expected)));
    assert.equal(16 + payload.length, 176);
  });

  it('(3) ipvsadm -A -t [fd00::1]:443 -s rr -p 300: persistent IPv6 NEW_SERVICE, nlmsg_len 104', () => {
    const payload = newServiceRequest(PERSISTENT_V6_SERVICE);
    assert.equal(hex(payload), hex(unhex(GOLDEN_ADD_PERSISTENT_V6)));
    assert.equal(16 + payload.length, 104);
  });

  it('the family lookup ipvsadm sends first: CTRL_CMD_GETFAMILY "IPVS"', () => {
    assert.equal(hex(getFamilyRequest()), hex(unhex('03010000 09000200 49505653 00000000')));
  });
});

describe('attribute-level vectors (cloudflare/ipvs client_linux_test.go)', () => {
  it('port 80 is big-endian: 00 50', () => {
    assert.equal(attribute(newServiceRequest(WRR_SERVICE), CmdAttr.SERVICE, SvcAttr.PORT), '0050');
  });

  it('forwarding DR is IP_VS_CONN_F_DROUTE in host order: 03 00 00 00', () => {
    const payload = newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'DR', port: 80 }));
    assert.equal(attribute(payload, CmdAttr.DEST, DestAttr.FWD_METHOD), '03000000');
  });

  it('forwarding TUN is IP_VS_CONN_F_TUNNEL: 02 00 00 00; NAT is 0', () => {
    const tun = newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'TUN', tunnelType: 'ipip' }));
    assert.equal(attribute(tun, CmdAttr.DEST, DestAttr.FWD_METHOD), '02000000');
    assert.equal(attribute(newDestRequest(TCP_10_0_0_1_80, MASQ_DEST), CmdAttr.DEST, DestAttr.FWD_METHOD), '00000000');
  });

  it('an IPv4 /31 granularity is the __be32 mask: ff ff ff fe', () => {
    const payload = newServiceRequest({ ...WRR_SERVICE, flags: 1, timeout: 300, netmask: 0xfffffffe });
    assert.equal(attribute(payload, CmdAttr.SERVICE, SvcAttr.NETMASK), 'fffffffe');
  });

  it('an IPv6 netmask is a prefix length in host order: 80 00 00 00', () => {
    assert.equal(attribute(newServiceRequest(PERSISTENT_V6_SERVICE), CmdAttr.SERVICE, SvcAttr.NETMASK), '80000000');
  });

  it('a GUE tunnel carries TUN_TYPE 1 and its port big-endian: 5580 is 15 cc', () => {
    const payload = newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'TUN', tunnelType: 'gue', tunnelPort: 5580, tunnelChecksum: 'nocsum' }));
    assert.equal(attribute(payload, CmdAttr.DEST, DestAttr.TUN_TYPE), '01');
    assert.equal(attribute(payload, CmdAttr.DEST, DestAttr.TUN_PORT), '15cc');
    assert.equal(attribute(payload, CmdAttr.DEST, DestAttr.TUN_FLAGS), '0000');
  });

  it('REMCSUM is TUN_FLAGS 2 in host order: 02 00; CSUM is 01 00', () => {
    const remcsum = newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'TUN', tunnelType: 'gue', tunnelPort: 5580, tunnelChecksum: 'remcsum' }));
    assert.equal(attribute(remcsum, CmdAttr.DEST, DestAttr.TUN_FLAGS), '0200');
    const csum = newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'TUN', tunnelType: 'gre', tunnelChecksum: 'csum' }));
    assert.equal(attribute(csum, CmdAttr.DEST, DestAttr.TUN_FLAGS), '0100');
  });
});

describe('keepalived layout (libipvs.c ipvs_nl_fill_*_attr)', () => {
  it('a service nest: AF, PROTOCOL, ADDR, PORT, SCHED_NAME, FLAGS, TIMEOUT, NETMASK in that order', () => {
    assert.deepEqual(typesIn(newServiceRequest(WRR_SERVICE), CmdAttr.SERVICE), [1, 2, 3, 4, 6, 7, 8, 9]);
  });

  it('an fwmark service: AF then FWMARK (host order) instead of PROTOCOL, ADDR, PORT', () => {
    const key: IpvsServiceKey = { family: 'inet', protocol: '', address: '', port: 0, fwmark: 7 };
    const payload = newServiceRequest({ ...WRR_SERVICE, key });
    assert.deepEqual(typesIn(payload, CmdAttr.SERVICE), [1, 5, 6, 7, 8, 9]);
    assert.equal(attribute(payload, CmdAttr.SERVICE, SvcAttr.FWMARK), '07000000');
  });

  it('a persistence engine goes after the scheduler, only when set', () => {
    const payload = newServiceRequest({ ...WRR_SERVICE, peName: 'sip' });
    assert.deepEqual(typesIn(payload, CmdAttr.SERVICE), [1, 2, 3, 4, 6, 11, 7, 8, 9]);
    assert.equal(attribute(payload, CmdAttr.SERVICE, SvcAttr.PE_NAME), '73697000');
    assert.deepEqual(typesIn(newServiceRequest({ ...WRR_SERVICE, peName: '' }), CmdAttr.SERVICE), [1, 2, 3, 4, 6, 7, 8, 9]);
  });

  it('FLAGS is {flags, mask ~0} in host order', () => {
    assert.equal(attribute(newServiceRequest({ ...WRR_SERVICE, flags: 0x9 }), CmdAttr.SERVICE, SvcAttr.FLAGS), '09000000ffffffff');
  });

  it('a TUN ipip destination has TUN_TYPE only; gre adds TUN_FLAGS; gue adds TUN_PORT and TUN_FLAGS', () => {
    const types = (d: IpvsDest): number[] => typesIn(newDestRequest(TCP_10_0_0_1_80, d), CmdAttr.DEST);
    assert.deepEqual(types(dest({ forwarding: 'TUN', tunnelType: 'ipip', tunnelChecksum: 'nocsum' })), [11, 1, 2, 3, 4, 13, 5, 6]);
    assert.deepEqual(types(dest({ forwarding: 'TUN', tunnelType: 'gre', tunnelChecksum: 'csum' })), [11, 1, 2, 3, 4, 13, 15, 5, 6]);
    assert.deepEqual(types(dest({ forwarding: 'TUN', tunnelType: 'gue', tunnelPort: 6080, tunnelChecksum: 'nocsum' })), [11, 1, 2, 3, 4, 13, 14, 15, 5, 6]);
    assert.deepEqual(types(dest({ forwarding: 'DR', tunnelType: 'gue', tunnelPort: 6080 })), [11, 1, 2, 3, 4, 5, 6]);
  });

  it('an IPv4 real server of an IPv6 service keeps its own ADDR_FAMILY (tunnels may mix families)', () => {
    const payload = newDestRequest(PERSISTENT_V6_SERVICE.key, dest({ forwarding: 'TUN', tunnelType: 'ipip', address: '192.0.2.7' }));
    assert.equal(attribute(payload, CmdAttr.DEST, DestAttr.ADDR_FAMILY), '0200');
    assert.equal(attribute(payload, CmdAttr.DEST, DestAttr.ADDR), 'c0000207000000000000000000000000');
    assert.equal(attribute(payload, CmdAttr.SERVICE, SvcAttr.AF), '0a00');
  });

  it('weight 0 (quiesced) and a negative weight as its two\'s complement', () => {
    assert.equal(attribute(setDestRequest(TCP_10_0_0_1_80, dest({ weight: 0 })), CmdAttr.DEST, DestAttr.WEIGHT), '00000000');
    assert.equal(attribute(setDestRequest(TCP_10_0_0_1_80, dest({ weight: -1 })), CmdAttr.DEST, DestAttr.WEIGHT), 'ffffffff');
  });

  it('commands: SET_SERVICE 2, DEL_SERVICE 3, SET_DEST 6, DEL_DEST 7, version 1', () => {
    assert.equal(hex(setServiceRequest(WRR_SERVICE).subarray(0, 4)), '02010000');
    assert.equal(hex(delServiceRequest(TCP_10_0_0_1_80).subarray(0, 4)), '03010000');
    assert.equal(hex(setDestRequest(TCP_10_0_0_1_80, MASQ_DEST).subarray(0, 4)), '06010000');
    assert.equal(hex(delDestRequest(TCP_10_0_0_1_80, MASQ_DEST).subarray(0, 4)), '07010000');
  });

  it('DEL_SERVICE carries the key in the same nest ipvsadm -a sends (vector 2\'s service part)', () => {
    const serviceNest = GOLDEN_ADD_DEST.split('60000280')[0] ?? '';
    assert.equal(hex(delServiceRequest(TCP_10_0_0_1_80)), hex(unhex(serviceNest.replace('05010000', '03010000'))));
  });

  it('FLUSH and the GET_SERVICE dump are bare genl headers', () => {
    assert.equal(hex(flushRequest()), '11010000');
    assert.equal(hex(getServicesRequest()), '04010000');
  });

  it('the GET_DEST dump names its service by identity only (ipvs_get_dests)', () => {
    assert.equal(
      hex(getDestsRequest(TCP_10_0_0_1_80)),
      hex(unhex('08010000 30000180 06000100 02000000 06000200 06000000 14000300 0a000001 000000000000000000000000 06000400 00500000')),
    );
    const fwmark: IpvsServiceKey = { family: 'inet6', protocol: '', address: '', port: 0, fwmark: 3 };
    assert.equal(hex(getDestsRequest(fwmark)), hex(unhex('08010000 14000180 06000100 0a000000 08000500 03000000')));
  });
});

describe('requests the kernel could not take are refused before sending (EINVAL)', () => {
  const cases: readonly [string, () => Uint8Array][] = [
    ['an IPv6 address in an IPv4 service', () => newServiceRequest({ ...WRR_SERVICE, key: { ...TCP_10_0_0_1_80, address: 'fd00::1' } })],
    ['an unknown protocol', () => newServiceRequest({ ...WRR_SERVICE, key: { ...TCP_10_0_0_1_80, protocol: 'ICMP' } })],
    ['a port above 65535', () => newServiceRequest({ ...WRR_SERVICE, key: { ...TCP_10_0_0_1_80, port: 65536 } })],
    ['an IPv6 prefix above 128', () => newServiceRequest({ ...PERSISTENT_V6_SERVICE, netmask: 129 })],
    ['an unknown forwarding method', () => newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'LOCAL' }))],
    ['an unknown tunnel type', () => newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'TUN', tunnelType: 'vxlan' }))],
    ['an unknown checksum option', () => newDestRequest(TCP_10_0_0_1_80, dest({ forwarding: 'TUN', tunnelType: 'gre', tunnelChecksum: 'maybe' }))],
    ['a fractional weight', () => newDestRequest(TCP_10_0_0_1_80, dest({ weight: 1.5 }))],
    ['an unknown family', () => newDestRequest(TCP_10_0_0_1_80, dest({ family: 'packet' as 'inet' }))],
  ];
  for (const [name, build] of cases) {
    it(name, () => {
      assert.throws(build, (err: unknown) => err instanceof IpvsError && err.code === 'EINVAL');
    });
  }
});
