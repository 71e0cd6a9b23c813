import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalAddress,
  compareAddresses,
  formatIpv6,
  isMulticastBytes,
  parseAddress,
  parseIpv4,
  parseIpv6,
} from '../../../core/vrrp/index.js';
import { hex } from './helpers.js';

describe('parseIpv4 (inet_pton AF_INET rules)', () => {
  const good: readonly [string, string][] = [
    ['0.0.0.0', '00000000'],
    ['10.123.0.1', '0a7b0001'],
    ['224.0.0.18', 'e0000012'],
    ['255.255.255.255', 'ffffffff'],
  ];
  for (const [text, bytes] of good) {
    it(`${text} -> ${bytes}`, () => {
      assert.equal(hex(parseIpv4(text) ?? new Uint8Array()), bytes);
    });
  }
  const bad = ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.04', '1..2.3', ' 1.2.3.4', '1.2.3.4 ', '0x1.2.3.4', '1.2.3.-4', '١.2.3.4'];
  for (const text of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.equal(parseIpv4(text), undefined);
    });
  }
});

describe('parseIpv6 (RFC 4291 §2.2 text forms)', () => {
  const good: readonly [string, string][] = [
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['ff02::12', 'ff020000000000000000000000000012'],
    ['fe80::1:1', 'fe800000000000000000000000010001'],
    ['2001:DB8:0:0:8:800:200C:417A', '20010db80000000000080800200c417a'], // §2.2 form 1
    ['2001:db8::8:800:200c:417a', '20010db80000000000080800200c417a'], // §2.2 form 2
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'], // "::" for a single group
    ['::2:3:4:5:6:7:8', '00000002000300040005000600070008'],
    ['::13.1.68.3', '0000000000000000000000000d014403'], // §2.2 form 3
    ['::ffff:129.144.52.38', '00000000000000000000ffff81903426'],
    ['0:0:0:0:0:0:13.1.68.3', '0000000000000000000000000d014403'],
  ];
  for (const [text, bytes] of good) {
    it(`${text} -> ${bytes}`, () => {
      assert.equal(hex(parseIpv6(text) ?? new Uint8Array()), bytes);
    });
  }
  const bad = [
    '', ':', ':::', '1:::2', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8', '12345::', 'g::', ':1::', '1::2:', 'fe80::1%eth0', '1.2.3.4::', '::1.2.3', '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4', ' ::1',
  ];
  for (const text of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.equal(parseIpv6(text), undefined);
    });
  }
});

describe('formatIpv6 (RFC 5952)', () => {
  const cases: readonly [string, string, string][] = [
    ['§4.1 no leading zeros', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['§4.2.1 longest run', '2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['§4.2.2 single zero group kept', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['§4.2.3 first of equal runs', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['§4.2.3 longer run wins', '2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['§4.3 lower case', '2001:DB8::ABCD', '2001:db8::abcd'],
    ['§5 IPv4-mapped', '::ffff:c000:0280', '::ffff:192.0.2.128'],
    ['all zero', '::', '::'],
    ['loopback', '::1', '::1'],
    ['trailing run', '1:0:0:0:0:0:0:0', '1::'],
    ['no zeros', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['IPv4-compatible is not mapped', '::c000:280', '::c000:280'],
  ];
  for (const [rule, input, want] of cases) {
    it(`${rule}: ${input} -> ${want}`, () => {
      const bytes = parseIpv6(input);
      assert.ok(bytes);
      assert.equal(formatIpv6(bytes), want);
    });
  }
});

describe('parseAddress / canonicalAddress', () => {
  it('tells the families apart', () => {
    assert.equal(parseAddress('10.0.0.1')?.family, 'inet');
    assert.equal(parseAddress('fe80::1')?.family, 'inet6');
    assert.equal(parseAddress('nonsense'), undefined);
  });
  it('canonicalises text', () => {
    assert.equal(canonicalAddress('FE80:0:0::0053'), 'fe80::53');
    assert.equal(canonicalAddress('10.1.2.3'), '10.1.2.3');
    assert.equal(canonicalAddress('10.1.2'), undefined);
  });
});

describe('compareAddresses (keepalived inet_inaddrcmp: numeric, network order)', () => {
  const cases: readonly [string, string, -1 | 0 | 1 | undefined][] = [
    ['10.0.0.2', '10.0.0.10', -1], // numeric, not text order
    ['10.0.0.10', '10.0.0.2', 1],
    ['192.168.1.1', '192.168.1.1', 0],
    ['9.255.255.255', '10.0.0.0', -1],
    ['fe80::2', 'fe80::10', -1],
    ['fe80::1:0', 'fe80::ffff', 1],
    ['2001:db8::1', '2001:DB8:0::1', 0],
    ['10.0.0.1', 'fe80::1', undefined],
    ['10.0.0.1', 'bogus', undefined],
  ];
  for (const [a, b, want] of cases) {
    it(`${a} vs ${b} -> ${String(want)}`, () => {
      assert.equal(compareAddresses(a, b), want);
    });
  }
});

describe('isMulticastBytes', () => {
  it('IPv4 224.0.0.0/4 and IPv6 ff00::/8', () => {
    const m = (t: string): boolean => isMulticastBytes(parseAddress(t)?.bytes ?? new Uint8Array(4));
    assert.equal(m('224.0.0.18'), true);
    assert.equal(m('239.255.255.255'), true);
    assert.equal(m('223.255.255.255'), false);
    assert.equal(m('240.0.0.1'), false);
    assert.equal(m('ff02::12'), true);
    assert.equal(m('fe80::1'), false);
  });
});
