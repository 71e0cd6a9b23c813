import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { masterDownIntervalMicros, minimumSkewMicros, skewTimeMicros } from '../../../core/instance/timing.js';

describe('VRRP timers (RFC 3768 §6.1, RFC 5798 §6.1, keepalived vrrp.h)', () => {
  const cases: readonly { name: string; got: number; want: number }[] = [
    // v2: Skew_Time = (256 - Priority) / 256 s, whatever the interval.
    { name: 'v2 skew, priority 100', got: skewTimeMicros(2, 100, 1_000_000), want: 609_375 },
    { name: 'v2 skew ignores the interval', got: skewTimeMicros(2, 100, 5_000_000), want: 609_375 },
    { name: 'v2 skew, owner', got: skewTimeMicros(2, 255, 1_000_000), want: 3_906 },
    // v3: Skew_Time = ((256 - Priority) × Master_Adver_Interval) / 256.
    { name: 'v3 skew, priority 100, 1 s', got: skewTimeMicros(3, 100, 1_000_000), want: 609_375 },
    { name: 'v3 skew scales with the interval', got: skewTimeMicros(3, 100, 500_000), want: 304_687 },
    // keepalived 2.2.7 observed: v2, priority 150, advert_int 1 → BACKUP(init) to MASTER in ≈ 3.41 s.
    { name: 'Master_Down_Interval v2 prio 150', got: masterDownIntervalMicros(2, 150, 1_000_000, 3), want: 3_414_062 },
    { name: 'down_timer_adverts 5', got: masterDownIntervalMicros(2, 150, 1_000_000, 5), want: 5_414_062 },
    { name: 'VRRP_TIMER_SKEW_MIN v3 1 s', got: minimumSkewMicros(3, 1_000_000), want: 3_906 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(c.got, c.want);
    });
  }
});
