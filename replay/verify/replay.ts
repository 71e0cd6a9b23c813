// Exact replay: re-fold a node's recorded inputs through the reducer and check every effect it
// produces against the recorded one, byte for byte (DESIGN.md "The journal": effects are checked,
// not re-executed), and its state against every recorded snapshot.
import { eventKinds, sameEffect, type Effect, type Event, type Record as JournalRecord } from '../../core/events/index.js';
import type { KeepalivedConfig } from '../../core/config/model.js';
import { initialState, reduce, type ReducerInput, type Step } from '../../core/reducer/reduce.js';
import { matchesSnapshot, restoreState, SnapshotMemo } from '../../core/snapshot/state-snapshot.js';
import type { VigilState } from '../../core/reducer/state.js';

export type Reducer = (state: VigilState, input: ReducerInput) => Step;

export interface Divergence {
  /** Sequence of the input event whose effects differ. */
  readonly eventSequence: bigint;
  readonly event: Event;
  /** Index among that event's effects where they first differ. */
  readonly index: number;
  /** undefined: the replay produced fewer (expected) or more (actual) effects. */
  readonly expected: Effect | undefined;
  readonly actual: Effect | undefined;
  /** The replay's state differs from the snapshot recorded at `eventSequence`. */
  readonly snapshot?: true;
}

export interface ReplayResult {
  readonly events: number;
  readonly effects: number;
  /** Recorded snapshots checked against the replay's own state. */
  readonly snapshots: number;
  readonly divergence: Divergence | undefined;
  /**
   * Effects the last event produced that the journal does not have: it ends mid-step (the writer
   * died between the event and its effects). Not a divergence: nothing contradicts the replay.
   */
  readonly missingAtEnd: number;
  /** The state after the last replayed event. */
  readonly state: VigilState;
}

export interface ReplayOptions {
  readonly from?: bigint;
  readonly to?: bigint;
  readonly reducer?: Reducer;
}

/** Input events, as opposed to the effects (and checkpoints) recorded after them. */
export function isInput(body: JournalRecord['body']): body is Event {
  return EVENT_KINDS.has(body.kind);
}

// Every kind the schema has (IpvsTableRead and NotifyFinished too): a list kept by hand here
// missed kinds added later, and their records were then taken for effects.
const EVENT_KINDS: ReadonlySet<string> = new Set(eventKinds);

/** Below this many ns, a monotonic time is a safe integer as a number (2^53 ns: 104 days). */
const SAFE_NS = BigInt(Number.MAX_SAFE_INTEGER);

/** Monotonic ns of the record → the reducer's µs. */
export function reducerTime(record: JournalRecord): number {
  const ns = record.monotonicNs;
  // A bigint division allocates. Below 2^53 the number division truncates to the same integer: its
  // rounding error (at most 2^-10 there) is less than the 1/1000 between the quotient and the next one.
  if (ns >= 0n && ns <= SAFE_NS) return Math.trunc(Number(ns) / 1000);
  return Number(ns / 1000n);
}

/** The state to start from for `from`: the last snapshot before it, under the config in force. */
function startingPoint(records: readonly JournalRecord[], from: bigint | undefined): { state: VigilState; index: number } {
  if (from === undefined) return { state: initialState, index: 0 };
  let config: KeepalivedConfig | undefined;
  let best: { state: VigilState; index: number } = { state: initialState, index: 0 };
  records.forEach((r, index) => {
    if (r.sequence >= from) return;
    if (r.body.kind === 'ConfigLoaded') config = r.body.config;
    if (r.body.kind === 'DaemonStarted') config = undefined;
    if (r.body.kind === 'StateSnapshot') best = { state: restoreState(r.body.state, config), index: index + 1 };
  });
  return best;
}

/**
 * The records to replay and the state before the first. Without `from`, `input` as it comes: an
 * iterable that reads the records as they are asked for is replayed without ever holding them
 * all. With `from`, all of them, to find the snapshot to start from.
 */
function toReplay(input: Iterable<JournalRecord>, from: bigint | undefined): { records: Iterable<JournalRecord>; state: VigilState } {
  if (from === undefined) return { records: input, state: initialState };
  const all = Array.isArray(input) ? (input as readonly JournalRecord[]) : [...input];
  const start = startingPoint(all, from);
  return { records: start.index === 0 ? all : all.slice(start.index), state: start.state };
}

/**
 * Replays `records` (one node's journal, in sequence order). With `from`, the replay starts at the
 * last snapshot before it (or the beginning), and compares effects from `from` on; it stops after
 * `to`. Every snapshot passed is checked against the replay's own state. Stops at the first
 * divergence.
 */
export function replay(input: Iterable<JournalRecord>, options: ReplayOptions = {}): ReplayResult {
  const reducer = options.reducer ?? reduce;
  const start = toReplay(input, options.from);
  let state = start.state;
  let events = 0;
  let effects = 0;
  let snapshots = 0;
  const memo = new SnapshotMemo();
  // The step whose effects are being compared: its record, what the reducer produced, how far.
  let stepRecord: JournalRecord | undefined;
  let produced: readonly Effect[] = [];
  let next = 0;
  const diverged = (expected: Effect | undefined): ReplayResult => ({
    events,
    effects,
    snapshots,
    divergence: {
      eventSequence: stepRecord?.sequence ?? 0n,
      event: stepRecord?.body as Event,
      index: next,
      expected,
      actual: produced[next],
    },
    missingAtEnd: 0,
    state,
  });
  for (const record of start.records) {
    if (options.to !== undefined && record.sequence > options.to) break;
    const body = record.body;
    if (body.kind === 'StateSnapshot') {
      snapshots++;
      if (!matchesSnapshot(state, body.state, memo)) {
        return { events, effects, snapshots, divergence: { eventSequence: record.sequence, event: stepRecord?.body as Event, index: -1, expected: undefined, actual: undefined, snapshot: true }, missingAtEnd: 0, state };
      }
      continue;
    }
    if (isInput(body)) {
      if (stepRecord !== undefined && next < produced.length) return diverged(undefined);
      const step = reducer(state, { at: reducerTime(record), event: body });
      state = step.state;
      events++;
      const checking = options.from === undefined || record.sequence >= options.from;
      stepRecord = checking ? record : undefined;
      produced = step.effects;
      next = 0;
      continue;
    }
    if (stepRecord === undefined) continue;
    const actual = produced[next];
    // The codec is canonical: sameEffect is true exactly when the two encode to the same bytes.
    if (actual === undefined || !sameEffect(actual, body)) return diverged(body);
    next++;
    effects++;
  }
  const missingAtEnd = stepRecord === undefined ? 0 : produced.length - next;
  return { events, effects, snapshots, divergence: undefined, missingAtEnd, state };
}
