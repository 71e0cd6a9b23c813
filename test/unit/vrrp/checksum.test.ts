import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { internetChecksum, ipv4PseudoHeader, ipv6PseudoHeader, parseIpv4, parseIpv6 } from '../../../core/vrrp/index.js';
import { hex, unhex } from './helpers.js';

describe('internetChecksum (RFC 1071)', () => {
  it('§3 worked example: 0001 f203 f4f5 f6f7 sums to ddf2, checksum 220d', () => {
    assert.equal(internetChecksum([unhex('0001f203f4f5f6f7')]), 0x220d);
  });

  it('a message carrying its checksum sums to zero', () => {
    const msg = unhex('0001f203f4f5f6f7220d');
    assert.equal(internetChecksum([msg]), 0);
  });

  it('an odd trailing byte is padded on the right (keepalived in_csum)', () => {
    assert.equal(internetChecksum([unhex('ab')]), ~0xab00 & 0xffff);
  });

  it('chunk boundaries do not matter, even at odd offsets', () => {
    const whole = unhex('0123456789abcdef0102');
    const want = internetChecksum([whole]);
    assert.equal(internetChecksum([whole.subarray(0, 3), whole.subarray(3, 4), whole.subarray(4)]), want);
  });

  it('carries stay exact on long inputs', () => {
    const big = new Uint8Array(200_000).fill(0xff);
    assert.equal(internetChecksum([big]), 0);
  });
});

describe('pseudo-headers', () => {
  it('IPv4 (keepalived ipv4_phdr_t; RFC 5798 §5.2.8): src, dst, 0, 112, length', () => {
    const h = ipv4PseudoHeader(parseIpv4('10.123.0.1') ?? new Uint8Array(), parseIpv4('224.0.0.18') ?? new Uint8Array(), 16);
    assert.equal(hex(h), '0a7b0001e00000120070' + '0010');
  });

  it('IPv6 (RFC 8200 §8.1): src, dst, 32-bit length, 3 zero bytes, next header 112', () => {
    const h = ipv6PseudoHeader(parseIpv6('fe80::1:1') ?? new Uint8Array(), parseIpv6('ff02::12') ?? new Uint8Array(), 56);
    assert.equal(hex(h), 'fe800000000000000000000000010001' + 'ff020000000000000000000000000012' + '00000038' + '00000070');
  });
});
