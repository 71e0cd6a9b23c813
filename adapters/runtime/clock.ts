// The real clocks: monotonic for the reducer's time, wall for the journal and the logs.
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** CLOCK_MONOTONIC in µs (what the reducer's `at` and ScheduleTimer deadlines use). */
  monotonicMicros(): number;
  /** CLOCK_MONOTONIC in ns, for journal records. */
  monotonicNanos(): bigint;
  /** CLOCK_REALTIME in ns, for journal records. */
  wallNanos(): bigint;
}

export const systemClock: Clock = {
  monotonicMicros: () => Number(process.hrtime.bigint() / 1000n),
  monotonicNanos: () => process.hrtime.bigint(),
  // performance.timeOrigin + now() keeps sub-millisecond resolution that Date.now() lacks.
  wallNanos: () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)),
};
