// A node's own time for each of its records, in µs after a common origin.
//
// Within one run of the daemon (from a DaemonStarted to the next) the monotonic clock measures
// intervals; the wall clock is read once, at the run's first record, to place the run. An NTP step
// in the middle of a run then does not bend the timeline, and the run's wall clock is what the
// offset estimate corrects.
import type { Record as JournalRecord } from '../../core/events/index.js';

/** µs after `originNs` on the node's wall clock, one per record, in the order given. */
export function localTimes(records: readonly JournalRecord[], originNs: bigint): number[] {
  let anchorWall = 0n;
  let anchorMonotonic = 0n;
  return records.map((r, i) => {
    if (i === 0 || r.body.kind === 'DaemonStarted') {
      anchorWall = r.wallNs;
      anchorMonotonic = r.monotonicNs;
    }
    return Number((anchorWall - originNs + (r.monotonicNs - anchorMonotonic)) / 1000n);
  });
}

/** The earliest wall clock reading among all records: the origin every node's times start from. */
export function earliestWall(journals: Iterable<readonly JournalRecord[]>): bigint {
  let earliest: bigint | undefined;
  for (const records of journals) {
    for (const r of records) if (earliest === undefined || r.wallNs < earliest) earliest = r.wallNs;
  }
  return earliest ?? 0n;
}
