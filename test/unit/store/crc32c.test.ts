// CRC32C against published check values: RFC 3720 appendix B.4 (iSCSI) and the catalogue's "123456789".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '../../../adapters/store/file/crc32c.js';

describe('crc32c', () => {
  it('matches the check value of "123456789" (Castagnoli, CRC-32/ISCSI)', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  });

  it('matches RFC 3720 B.4: 32 bytes of zeros, of ones, ascending and descending', () => {
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  });

  it('is 0 on no bytes', () => {
    assert.equal(crc32c(new Uint8Array(0)), 0);
  });

  it('gives the same value for a range as for a copy of it, at every alignment and length', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let start = 0; start < 16; start++) {
      for (let end = start; end <= 40; end++) {
        assert.equal(crc32c(bytes, start, end), crc32c(bytes.slice(start, end)), `[${start}, ${end})`);
      }
    }
  });

  it('agrees with the bit-at-a-time definition', () => {
    const reference = (bytes: Uint8Array): number => {
      let crc = 0xffffffff;
      for (const byte of bytes) {
        crc ^= byte;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      assert.equal(crc32c(bytes), reference(bytes), `length ${length}`);
    }
  });
});
