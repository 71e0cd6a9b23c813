// Wall-clock times for the dumps. The reducer's times are monotonic µs (core/reducer/reduce.ts);
// keepalived prints gettimeofday() values, so a dump needs "now" on both clocks to map one to the
// other.

/** "Now" on both clocks, read by the caller when the signal arrives. */
export interface DumpTime {
  /** CLOCK_REALTIME, ns (adapters/runtime/clock.ts wallNanos()). */
  readonly wallNanos: bigint;
  /** CLOCK_MONOTONIC, µs: the time base of every `at`, `since` and deadline in the state. */
  readonly monotonicMicros: number;
  /**
   * keepalived formats with ctime_r(), i.e. in the local time zone; pass the local offset from
   * UTC in minutes (east positive) to match. Default 0 (UTC).
   */
  readonly utcOffsetMinutes?: number;
}

/** A wall-clock instant as keepalived's timeval: whole seconds and microseconds. */
export interface WallTime {
  readonly seconds: bigint;
  readonly micros: number;
}

/** The wall time of the monotonic instant `monotonicMicros`. */
export function wallTimeOf(monotonicMicros: number, now: DumpTime): WallTime {
  const wallMicros = now.wallNanos / 1000n - BigInt(Math.round(now.monotonicMicros - monotonicMicros));
  const seconds = wallMicros / 1_000_000n - (wallMicros % 1_000_000n < 0n ? 1n : 0n);
  return { seconds, micros: Number(wallMicros - seconds * 1_000_000n) };
}

/** keepalived's "%ld.%6.6ld" of a timeval. */
export function timevalText(t: WallTime): string {
  return `${t.seconds}.${String(t.micros).padStart(6, '0')}`;
}

/** A timeval as a double (keepalived vrrp_json.c timeval_to_double). */
export function timevalSeconds(t: WallTime): number {
  return Number(t.seconds) + t.micros / 1_000_000;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * keepalived 2.2.7 dump_vrrp "Last transition" / "Read timeout": ctime_r() with the microseconds
 * spliced in after the seconds, "Sun Nov 22 03:04:39.630476 2026" (ctime pads the day with a space).
 */
export function ctimeWithMicros(t: WallTime, now: DumpTime): string {
  const offsetMillis = (now.utcOffsetMinutes ?? 0) * 60_000;
  const d = new Date(Number(t.seconds) * 1000 + offsetMillis);
  const day = DAYS[d.getUTCDay()] ?? '';
  const month = MONTHS[d.getUTCMonth()] ?? '';
  const date = String(d.getUTCDate()).padStart(2, ' ');
  const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${day} ${month} ${date} ${clock}.${String(t.micros).padStart(6, '0')} ${d.getUTCFullYear()}`;
}
