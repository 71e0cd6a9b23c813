// The printf and ctime pieces the dumps are made of, against what C's printf and ctime_r print.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { printfF, printfG } from '../../../projections/dump/format.js';
import { ctimeWithMicros, timevalText, wallTimeOf } from '../../../projections/dump/time.js';

describe('printf conversions', () => {
  it('%g: six significant digits, trailing zeros dropped, exponent outside 1e-4 .. 1e6', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [2.5, '2.5'],
      [0.5, '0.5'],
      [1, '1'],
      [100000, '100000'],
      [1234567, '1.23457e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [3.14159265, '3.14159'],
      [999999.5, '1e+06'],
    ];
    for (const [x, text] of cases) assert.equal(printfG(x), text, String(x));
  });

  it('%f: six decimals', () => {
    assert.equal(printfF(0.01), '0.010000');
    assert.equal(printfF(0), '0.000000');
  });
});

describe('wall times', () => {
  const now = { wallNanos: 1_700_000_000_123_456_789n, monotonicMicros: 5_000_000 };

  it('maps a monotonic instant to the wall clock at µs resolution', () => {
    assert.equal(timevalText(wallTimeOf(4_000_000, now)), '1699999999.123456');
    assert.equal(timevalText(wallTimeOf(3_000_000, now)), '1699999998.123456');
    // An instant before the wall second boundary borrows from the seconds.
    assert.equal(timevalText(wallTimeOf(4_876_543, now)), '1699999999.999999');
  });

  it('prints like ctime_r with the microseconds spliced in; the day of month is space-padded', () => {
    // 1704250800 = Wed Jan  3 03:00:00 2024 UTC
    const jan3 = { wallNanos: 1_704_250_800_000_000_000n, monotonicMicros: 0 };
    assert.equal(ctimeWithMicros(wallTimeOf(0, jan3), jan3), 'Wed Jan  3 03:00:00.000000 2024');
    assert.equal(ctimeWithMicros(wallTimeOf(-250, jan3), jan3), 'Wed Jan  3 02:59:59.999750 2024');
  });

  it('uses the given local offset, as ctime_r uses the local zone', () => {
    const cet = { wallNanos: 1_704_250_800_000_000_000n, monotonicMicros: 0, utcOffsetMinutes: 60 };
    assert.equal(ctimeWithMicros(wallTimeOf(0, cet), cet), 'Wed Jan  3 04:00:00.000000 2024');
    const west = { wallNanos: 1_704_250_800_000_000_000n, monotonicMicros: 0, utcOffsetMinutes: -240 };
    assert.equal(ctimeWithMicros(wallTimeOf(0, west), west), 'Tue Jan  2 23:00:00.000000 2024');
  });
});
