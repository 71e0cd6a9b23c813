// Exact replay: re-fold a node's recorded inputs through the reducer and check every effect it
// produces against the recorded one, byte for byte (DESIGN.md "The journal": effects are checked,
// not re-executed).
import { eventKinds, type Effect, type Event, type Record as JournalRecord } from '../../core/events/index.js';
import type { KeepalivedConfig } from '../../core/config/model.js';
import { initialState, reduce, type ReducerInput, type Step } from '../../core/reducer/reduce.js';
import { restoreState, snapshotState } from '../../core/snapshot/state-snapshot.js';
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

/**
 * Deep equality of two effects (plain data: objects, arrays, Uint8Arrays, strings, numbers,
 * booleans). The codec is canonical, so equal values are exactly the values with equal encodings;
 * comparing the values skips encoding both, which dominated replay time.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Readonly<Record<string, unknown>>;
  const ra = a as Readonly<Record<string, unknown>>;
  for (const k of ka) if (!(k in rb) || !sameValue(ra[k], rb[k])) return false;
  return true;
}

/** Input events, as opposed to the effects (and checkpoints) recorded after them. */
export function isInput(body: JournalRecord['body']): body is Event {
  return EVENT_KINDS.has(body.kind);
}

// Every kind the schema has (IpvsTableRead and NotifyFinished too): a list kept by hand here
// missed kinds added later, and their records were then taken for effects.
const EVENT_KINDS: ReadonlySet<string> = new Set(eventKinds);

/** Monotonic ns of the record → the reducer's µs. */
export function reducerTime(record: JournalRecord): number {
  return Number(record.monotonicNs / 1000n);
}

/**
 * Replays `records` (one node's journal, in sequence order). Events before `from` are folded but
 * their effects not compared (the state must still be rebuilt from the start); the run stops after
 * `to`. Stops at the first divergence.
 */
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
 * Replays `records` (one node's journal, in sequence order). With `from`, the replay starts at the
 * last snapshot before it (or the beginning), and compares effects from `from` on; it stops after
 * `to`. Every snapshot passed is checked against the replay's own state. Stops at the first
 * divergence.
 */
export function replay(input: Iterable<JournalRecord>, options: ReplayOptions = {}): ReplayResult {
  const records = Array.isArray(input) ? (input as readonly JournalRecord[]) : [...input];
  const reducer = options.reducer ?? reduce;
  const start = startingPoint(records, options.from);
  let state = start.state;
  let events = 0;
  let effects = 0;
  let snapshots = 0;
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
  for (let i = start.index; i < records.length; i++) {
    const record = records[i];
    if (record === undefined) break;
    if (options.to !== undefined && record.sequence > options.to) break;
    const body = record.body;
    if (body.kind === 'StateSnapshot') {
      snapshots++;
      if (!sameValue(snapshotState(state), body.state)) {
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
    if (actual === undefined || !sameValue(actual, body)) return diverged(body);
    next++;
    effects++;
  }
  const missingAtEnd = stepRecord === undefined ? 0 : produced.length - next;
  return { events, effects, snapshots, divergence: undefined, missingAtEnd, state };
}
