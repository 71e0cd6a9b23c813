// CRC32C (Castagnoli, reflected polynomial 0x82F63B78; RFC 3720 §12.1, the iSCSI CRC), slicing-by-8.
//
// A stand-in for `crc-32@1.2.2` (SheetJS, pure JS, no dependencies, `crc-32/crc32c.js`): both run at
// about 1.5 GB/s on 88-byte records on this machine, @aws-crypto/crc32c at about 0.09 GB/s (it walks
// the bytes through an iterator). If the lead adds crc-32, this body becomes
// `return CRC32C.buf(bytes, seed) >>> 0` and the tests in test/unit/store/crc32c.test.ts stay.

const POLYNOMIAL = 0x82f63b78;

/** TABLE[k * 256 + b]: the CRC of byte b followed by k zero bytes (the slicing-by-8 tables, Intel 2005). */
const TABLE = buildTable();

function buildTable(): Int32Array {
  const table = new Int32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let crc = b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    table[b] = crc;
  }
  for (let b = 0; b < 256; b++) {
    let crc = table[b] ?? 0;
    for (let k = 1; k < 8; k++) {
      crc = (table[crc & 0xff] ?? 0) ^ (crc >>> 8);
      table[k * 256 + b] = crc;
    }
  }
  return table;
}

/** The CRC32C of bytes[start, end), as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLE;
  let crc = -1;
  let i = start;
  const end8 = end - ((end - start) & 7);
  // `?? 0` satisfies noUncheckedIndexedAccess; V8 drops it for in-bounds typed-array reads (measured: same speed).
  for (; i < end8; i += 8) {
    const low = crc ^ ((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24));
    crc = (t[1792 + (low & 0xff)] ?? 0) ^ (t[1536 + ((low >>> 8) & 0xff)] ?? 0)
      ^ (t[1280 + ((low >>> 16) & 0xff)] ?? 0) ^ (t[1024 + (low >>> 24)] ?? 0)
      ^ (t[768 + (bytes[i + 4] ?? 0)] ?? 0) ^ (t[512 + (bytes[i + 5] ?? 0)] ?? 0)
      ^ (t[256 + (bytes[i + 6] ?? 0)] ?? 0) ^ (t[bytes[i + 7] ?? 0] ?? 0);
  }
  for (; i < end; i++) crc = (t[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
