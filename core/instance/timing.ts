// VRRP timers in microseconds (keepalived TIMER_HZ = 1e6, include/vrrp.h).

/** RFC 5798 §6.1: the owner's priority; keepalived VRRP_PRIO_OWNER. */
export const PRIORITY_OWNER = 255;
/** A master stopping: RFC 5798 §6.4.3 "send an ADVERTISEMENT with Priority = 0". */
export const PRIORITY_STOP = 0;

/**
 * Skew_Time. v2 (RFC 3768 §6.1): (256 − Priority) / 256 seconds, whatever the advert interval.
 * v3 (RFC 5798 §6.1): ((256 − Priority) × Master_Adver_Interval) / 256. keepalived VRRP_TIMER_SKEW
 * computes it with the effective priority (255 for an owner).
 */
export function skewTimeMicros(version: 2 | 3, priority: number, masterAdverIntervalMicros: number): number {
  if (version === 2) return Math.trunc(((256 - priority) * 1_000_000) / 256);
  return Math.trunc(((256 - priority) * masterAdverIntervalMicros) / 256);
}

/**
 * Master_Down_Interval (RFC 5798 §6.1): 3 × Master_Adver_Interval + Skew_Time; keepalived makes
 * the 3 configurable (`down_timer_adverts`).
 */
export function masterDownIntervalMicros(
  version: 2 | 3,
  priority: number,
  masterAdverIntervalMicros: number,
  downTimerAdverts: number,
): number {
  return downTimerAdverts * masterAdverIntervalMicros + skewTimeMicros(version, priority, masterAdverIntervalMicros);
}

/**
 * keepalived VRRP_TIMER_SKEW_MIN: the skew of a priority-255 router. A sync-group member held in
 * BACKUP while it wants MASTER re-checks after one interval plus this.
 */
export function minimumSkewMicros(version: 2 | 3, masterAdverIntervalMicros: number): number {
  return skewTimeMicros(version, PRIORITY_OWNER, masterAdverIntervalMicros);
}

/** The v3 advert's 12-bit centisecond interval as microseconds (keepalived TIMER_CENTI_HZ). */
export function centisToMicros(centis: number): number {
  return centis * 10_000;
}

/** The interval a v2 advert carries: whole seconds (RFC 3768 §5.3.7). */
export function microsToSeconds(micros: number): number {
  return Math.trunc(micros / 1_000_000);
}

export function microsToCentis(micros: number): number {
  return Math.trunc(micros / 10_000);
}
