// Dump replies → IpvsService / IpvsDest, from bytes laid out as the kernel's
// ip_vs_genl_fill_service / ip_vs_genl_fill_dest lay them out (6.1), and every malformed reply as
// an error value.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IpvsDest, IpvsService, IpvsServiceKey } from '../../../core/events/index.js';
import { formatAddress } from '../../../core/vrrp/address.js';
import { nla, type Attribute } from '../../../adapters/ipvs/attributes.js';
import { CmdAttr, DestAttr, IpvsCmd, SvcAttr } from '../../../adapters/ipvs/constants.js';
import { genlPayload, newDestRequest, newServiceRequest } from '../../../adapters/ipvs/messages.js';
import { parseDestReply, parseServiceReply } from '../../../adapters/ipvs/replies.js';
import { unhex } from './helpers.js';

const serviceReply = (attrs: Attribute[]): Uint8Array => genlPayload(IpvsCmd.NEW_SERVICE, [nla.nest(CmdAttr.SERVICE, attrs)]);
const destReply = (attrs: Attribute[]): Uint8Array => genlPayload(IpvsCmd.NEW_DEST, [nla.nest(CmdAttr.DEST, attrs)]);
const addr16 = (text: string): Uint8Array => {
  const out = new Uint8Array(16);
  out.set(text.includes(':') ? unhex(text.replace(/:/g, '')) : Uint8Array.from(text.split('.').map(Number)));
  return out;
};
/** IPVS_SVC_ATTR_STATS as the kernel nests it: u32 counters, u64 bytes. */
const stats = (type: number): Attribute => nla.nest(type, [nla.u32(1, 12), nla.u32(2, 34), nla.u32(3, 0), nla.binary(4, new Uint8Array(8)), nla.binary(5, new Uint8Array(8))]);

/** ip_vs_genl_fill_service for an IPv4 TCP service with persistence 300 and a /24 granularity. */
const KERNEL_SERVICE_V4 = serviceReply([
  nla.u16(SvcAttr.AF, 2),
  nla.u16(SvcAttr.PROTOCOL, 6),
  nla.binary(SvcAttr.ADDR, addr16('10.0.0.1')),
  nla.be16(SvcAttr.PORT, 80),
  nla.string(SvcAttr.SCHED_NAME, 'wrr'),
  nla.u32Pair(SvcAttr.FLAGS, 0x1 | 0x2, 0xffffffff), // PERSISTENT | HASHED
  nla.u32(SvcAttr.TIMEOUT, 300),
  nla.be32(SvcAttr.NETMASK, 0xffffff00),
  stats(SvcAttr.STATS),
  stats(SvcAttr.STATS64),
]);

describe('parseServiceReply', () => {
  it('an IPv4 persistent service as the kernel reports it (HASHED dropped, stats ignored)', () => {
    assert.deepEqual(parseServiceReply(KERNEL_SERVICE_V4), {
      ok: true,
      value: {
        key: { family: 'inet', protocol: 'TCP', address: '10.0.0.1', port: 80, fwmark: 0 },
        scheduler: 'wrr',
        flags: 0x1,
        timeout: 300,
        netmask: 0xffffff00,
      },
    });
  });

  it('an IPv6 service: RFC 5952 address, netmask as a prefix length in host order', () => {
    const reply = serviceReply([
      nla.u16(SvcAttr.AF, 10),
      nla.u16(SvcAttr.PROTOCOL, 17),
      nla.binary(SvcAttr.ADDR, addr16('fd00:0000:0000:0000:0000:0000:0000:0053')),
      nla.be16(SvcAttr.PORT, 53),
      nla.string(SvcAttr.SCHED_NAME, 'sh'),
      nla.u32Pair(SvcAttr.FLAGS, 0x2 | 0x8, 0xffffffff),
      nla.u32(SvcAttr.TIMEOUT, 0),
      nla.u32(SvcAttr.NETMASK, 64),
      nla.string(SvcAttr.PE_NAME, 'sip'),
    ]);
    assert.deepEqual(parseServiceReply(reply), {
      ok: true,
      value: { key: { family: 'inet6', protocol: 'UDP', address: 'fd00::53', port: 53, fwmark: 0 }, scheduler: 'sh', flags: 0x8, timeout: 0, netmask: 64, peName: 'sip' },
    });
  });

  it('an fwmark service has no protocol, address or port', () => {
    const reply = serviceReply([
      nla.u16(SvcAttr.AF, 2),
      nla.u32(SvcAttr.FWMARK, 42),
      nla.string(SvcAttr.SCHED_NAME, 'rr'),
      nla.u32Pair(SvcAttr.FLAGS, 0x2, 0xffffffff),
      nla.u32(SvcAttr.TIMEOUT, 0),
      nla.be32(SvcAttr.NETMASK, 0xffffffff),
    ]);
    const r = parseServiceReply(reply);
    assert.ok(r.ok);
    assert.deepEqual(r.value.key, { family: 'inet', protocol: '', address: '', port: 0, fwmark: 42 });
  });

  it('flags are flags & mask, as libipvs.c reads them', () => {
    const reply = serviceReply([
      nla.u16(SvcAttr.AF, 2), nla.u32(SvcAttr.FWMARK, 1), nla.string(SvcAttr.SCHED_NAME, 'rr'),
      nla.u32Pair(SvcAttr.FLAGS, 0x5, 0x1), nla.u32(SvcAttr.TIMEOUT, 0), nla.be32(SvcAttr.NETMASK, 0xffffffff),
    ]);
    const r = parseServiceReply(reply);
    assert.equal(r.ok && r.value.flags, 0x1);
  });

  const broken: readonly [string, Uint8Array, RegExp][] = [
    ['an empty message', new Uint8Array(), /no genl header/],
    ['another command', genlPayload(IpvsCmd.NEW_DEST, []), /reply command 5, expected 1/],
    ['no SERVICE nest', genlPayload(IpvsCmd.NEW_SERVICE, [nla.u32(4, 1)]), /no nested attribute 1/],
    ['an unknown family', serviceReply([nla.u16(SvcAttr.AF, 7), nla.u32(SvcAttr.FWMARK, 1)]), /address family 7/],
    ['no family', serviceReply([nla.u32(SvcAttr.FWMARK, 1)]), /address family missing/],
    ['no identity', serviceReply([nla.u16(SvcAttr.AF, 2), nla.string(SvcAttr.SCHED_NAME, 'rr')]), /neither FWMARK nor/],
    ['an unknown protocol', serviceReply([nla.u16(SvcAttr.AF, 2), nla.u16(SvcAttr.PROTOCOL, 1), nla.binary(SvcAttr.ADDR, addr16('10.0.0.1')), nla.be16(SvcAttr.PORT, 0)]), /unknown protocol 1/],
    ['no scheduler', serviceReply([nla.u16(SvcAttr.AF, 2), nla.u32(SvcAttr.FWMARK, 1), nla.u32(SvcAttr.TIMEOUT, 0)]), /SCHED_NAME, FLAGS, TIMEOUT or NETMASK missing/],
    ['a short ADDR', serviceReply([nla.u16(SvcAttr.AF, 10), nla.u16(SvcAttr.PROTOCOL, 6), nla.binary(SvcAttr.ADDR, new Uint8Array(4)), nla.be16(SvcAttr.PORT, 1)]), /neither FWMARK nor/],
    ['a truncated nest', KERNEL_SERVICE_V4.subarray(0, 40), /runs past/],
  ];
  for (const [name, bytes, error] of broken) {
    it(`${name} is an error, not an exception`, () => {
      const r = parseServiceReply(bytes);
      assert.equal(r.ok, false);
      assert.match(r.error, error);
    });
  }
});

/** ip_vs_genl_fill_dest: what a 6.1 kernel sends, counters and stats included. */
function kernelDest(over: { af?: number; addr?: string; port?: number; fwd?: number; weight?: number; tunType?: number; tunPort?: number; tunFlags?: number }): Uint8Array {
  return destReply([
    nla.binary(DestAttr.ADDR, addr16(over.addr ?? '10.0.0.11')),
    nla.be16(DestAttr.PORT, over.port ?? 8080),
    nla.u32(DestAttr.FWD_METHOD, over.fwd ?? 0),
    nla.u32(DestAttr.WEIGHT, (over.weight ?? 1) >>> 0),
    nla.u8(DestAttr.TUN_TYPE, over.tunType ?? 0),
    nla.be16(DestAttr.TUN_PORT, over.tunPort ?? 0),
    nla.u16(DestAttr.TUN_FLAGS, over.tunFlags ?? 0),
    nla.u32(DestAttr.U_THRESH, 100),
    nla.u32(DestAttr.L_THRESH, 10),
    nla.u32(DestAttr.ACTIVE_CONNS, 3),
    nla.u32(DestAttr.INACT_CONNS, 4),
    nla.u32(DestAttr.PERSIST_CONNS, 5),
    nla.u16(DestAttr.ADDR_FAMILY, over.af ?? 2),
    stats(DestAttr.STATS),
    stats(DestAttr.STATS64),
  ]);
}

describe('parseDestReply', () => {
  it('a NAT destination: no tunnel fields even though the kernel sends TUN_* zeros', () => {
    assert.deepEqual(parseDestReply(kernelDest({}), 'inet'), {
      ok: true,
      value: { family: 'inet', address: '10.0.0.11', port: 8080, forwarding: 'NAT', weight: 1, upperThreshold: 100, lowerThreshold: 10 },
    });
  });

  it('DR, weight 0 (quiesced); LOCALNODE and BYPASS under their own names', () => {
    const dr = parseDestReply(kernelDest({ fwd: 3, weight: 0 }), 'inet');
    assert.ok(dr.ok);
    assert.equal(dr.value.forwarding, 'DR');
    assert.equal(dr.value.weight, 0);
    const local = parseDestReply(kernelDest({ fwd: 1 }), 'inet');
    assert.equal(local.ok && local.value.forwarding, 'LOCAL');
    const bypass = parseDestReply(kernelDest({ fwd: 4 }), 'inet');
    assert.equal(bypass.ok && bypass.value.forwarding, 'BYPASS');
  });

  it('a negative weight reads back signed', () => {
    const r = parseDestReply(kernelDest({ weight: -5 }), 'inet');
    assert.equal(r.ok && r.value.weight, -5);
  });

  it('TUN ipip: type and checksum, no port', () => {
    const r = parseDestReply(kernelDest({ fwd: 2, port: 80 }), 'inet');
    assert.ok(r.ok);
    assert.deepEqual({ ...r.value }, { family: 'inet', address: '10.0.0.11', port: 80, forwarding: 'TUN', weight: 1, upperThreshold: 100, lowerThreshold: 10, tunnelType: 'ipip', tunnelChecksum: 'nocsum' });
  });

  it('TUN gue with port 5580 (15 cc) and REMCSUM; TUN gre with CSUM', () => {
    const gue = parseDestReply(kernelDest({ fwd: 2, tunType: 1, tunPort: 5580, tunFlags: 2 }), 'inet');
    assert.ok(gue.ok);
    assert.equal(gue.value.tunnelType, 'gue');
    assert.equal(gue.value.tunnelPort, 5580);
    assert.equal(gue.value.tunnelChecksum, 'remcsum');
    const gre = parseDestReply(kernelDest({ fwd: 2, tunType: 2, tunFlags: 1 }), 'inet');
    assert.ok(gre.ok);
    assert.equal(gre.value.tunnelType, 'gre');
    assert.equal(gre.value.tunnelPort, undefined);
    assert.equal(gre.value.tunnelChecksum, 'csum');
  });

  it('an IPv6 destination; an IPv4 tunnel destination of an IPv6 service keeps its own family', () => {
    const v6 = parseDestReply(kernelDest({ af: 10, addr: '2001:0db8:0000:0000:0000:0000:0000:0011' }), 'inet6');
    assert.equal(v6.ok && v6.value.address, '2001:db8::11');
    const mixed = parseDestReply(kernelDest({ af: 2, addr: '192.0.2.7', fwd: 2 }), 'inet6');
    assert.ok(mixed.ok);
    assert.equal(mixed.value.family, 'inet');
    assert.equal(mixed.value.address, '192.0.2.7');
  });

  it('without ADDR_FAMILY (kernels before 4.5) a destination takes the service family', () => {
    const reply = destReply([
      nla.binary(DestAttr.ADDR, addr16('fd00:0000:0000:0000:0000:0000:0000:0002')), nla.be16(DestAttr.PORT, 443), nla.u32(DestAttr.FWD_METHOD, 3),
      nla.u32(DestAttr.WEIGHT, 2), nla.u32(DestAttr.U_THRESH, 0), nla.u32(DestAttr.L_THRESH, 0),
    ]);
    const r = parseDestReply(reply, 'inet6');
    assert.equal(r.ok && r.value.address, 'fd00::2');
  });

  const broken: readonly [string, Uint8Array, RegExp][] = [
    ['a service message', KERNEL_SERVICE_V4, /reply command 1, expected 5/],
    ['no weight', destReply([nla.binary(DestAttr.ADDR, addr16('10.0.0.1')), nla.be16(DestAttr.PORT, 1), nla.u32(DestAttr.FWD_METHOD, 0)]), /WEIGHT/],
    ['an unknown family', kernelDest({ af: 3 }), /address family 3/],
    ['forwarding 5', kernelDest({ fwd: 5 }), /unknown forwarding method 5/],
    ['tunnel type 9', kernelDest({ fwd: 2, tunType: 9 }), /unknown tunnel type 9/],
    ['a truncated message', kernelDest({}).subarray(0, 60), /runs past/],
  ];
  for (const [name, bytes, error] of broken) {
    it(`${name} is an error, not an exception`, () => {
      const r = parseDestReply(bytes, 'inet');
      assert.equal(r.ok, false);
      assert.match(r.error, error);
    });
  }
});

// ---- properties: what NEW_SERVICE / NEW_DEST carry reads back unchanged ----
// A NEW_SERVICE request and the kernel's answer to a dump share their layout (the command is
// IPVS_CMD_NEW_SERVICE in both), as do NEW_DEST and the destination dump.

const family = fc.constantFrom<'inet' | 'inet6'>('inet', 'inet6');
const addressOf = (f: 'inet' | 'inet6'): fc.Arbitrary<string> => fc.uint8Array({ minLength: f === 'inet' ? 4 : 16, maxLength: f === 'inet' ? 4 : 16 }).map(formatAddress);
const u32 = fc.nat({ max: 0xffffffff });
const keyArb: fc.Arbitrary<IpvsServiceKey> = family.chain((f) =>
  fc.oneof(
    fc.record({ family: fc.constant(f), protocol: fc.constant(''), address: fc.constant(''), port: fc.constant(0), fwmark: fc.integer({ min: 1, max: 0xffffffff }) }),
    fc.record({ family: fc.constant(f), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), address: addressOf(f), port: fc.nat({ max: 0xffff }), fwmark: fc.constant(0) }),
  ),
);
const serviceArb: fc.Arbitrary<IpvsService> = keyArb.chain((key) =>
  fc.record(
    {
      key: fc.constant(key),
      scheduler: fc.constantFrom('rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'),
      flags: fc.subarray([0x1, 0x4, 0x8, 0x10, 0x20]).map((bits) => bits.reduce((a, b) => a | b, 0)),
      timeout: u32,
      netmask: key.family === 'inet' ? u32 : fc.nat({ max: 128 }),
      peName: fc.constant('sip'),
    },
    { requiredKeys: ['key', 'scheduler', 'flags', 'timeout', 'netmask'] },
  ),
);
const destArb: fc.Arbitrary<IpvsDest> = family.chain((f) =>
  fc
    .record({
      family: fc.constant(f),
      address: addressOf(f),
      port: fc.nat({ max: 0xffff }),
      forwarding: fc.constantFrom('NAT', 'DR', 'TUN'),
      weight: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
      upperThreshold: u32,
      lowerThreshold: u32,
      tunnel: fc.oneof(
        fc.constant({ tunnelType: 'ipip', tunnelChecksum: 'nocsum' }),
        fc.record({ tunnelType: fc.constant('gre'), tunnelChecksum: fc.constantFrom('nocsum', 'csum', 'remcsum') }),
        fc.record({ tunnelType: fc.constant('gue'), tunnelPort: fc.nat({ max: 0xffff }), tunnelChecksum: fc.constantFrom('nocsum', 'csum', 'remcsum') }),
      ),
    })
    .map(({ tunnel, ...d }) => (d.forwarding === 'TUN' ? { ...d, ...tunnel } : d)),
);

/** fast-check records have no prototype; deepStrictEqual would count that as a difference. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('round trip (property)', () => {
  it('parseServiceReply(newServiceRequest(s)) is s', () => {
    fc.assert(fc.property(serviceArb, (s) => {
      assert.deepEqual(parseServiceReply(newServiceRequest(s)), { ok: true, value: plain(s) });
    }));
  });

  it('parseDestReply(newDestRequest(k, d)) is d', () => {
    fc.assert(fc.property(keyArb, destArb, (k, d) => {
      assert.deepEqual(parseDestReply(newDestRequest(k, d), k.family), { ok: true, value: plain(d) });
    }));
  });

  it('no byte string makes either parser throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      parseServiceReply(bytes);
      parseDestReply(bytes, 'inet');
    }));
    // Corrupt real replies byte by byte, which reaches deeper than random bytes do.
    for (const reply of [KERNEL_SERVICE_V4, kernelDest({ fwd: 2, tunType: 1, tunPort: 5580 })]) {
      for (let i = 0; i < reply.length; i++) {
        for (const value of [0x00, 0x03, 0xff]) {
          const copy = reply.slice();
          copy[i] = value;
          parseServiceReply(copy);
          parseDestReply(copy, 'inet6');
        }
      }
    }
  });
});
