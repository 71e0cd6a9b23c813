// Exact replay: re-fold a node's recorded inputs through the reducer and check every effect it
// produces against the recorded one, byte for byte (DESIGN.md "The journal": effects are checked,
// not re-executed).
import type { Effect, Event, Record as JournalRecord } from '../../core/events/index.js';
import { initialState, reduce, type ReducerInput, type Step } from '../../core/reducer/reduce.js';
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
}

export interface ReplayResult {
  readonly events: number;
  readonly effects: number;
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

/** Input events, as opposed to the effects recorded after them. */
export function isInput(body: Event | Effect): body is Event {
  return EVENT_KINDS.has(body.kind);
}

const EVENT_KINDS: ReadonlySet<string> = new Set([
  'ConfigLoaded', 'AdvertReceived', 'TimerFired', 'LinkChanged', 'AddressChanged', 'ScriptResult', 'TrackFileChanged',
  'ProcessCountChanged', 'CheckResult', 'EffectResult', 'ReloadRequested', 'ShutdownRequested', 'DaemonStarted',
] satisfies Event['kind'][]);

/** Monotonic ns of the record → the reducer's µs. */
export function reducerTime(record: JournalRecord): number {
  return Number(record.monotonicNs / 1000n);
}

/**
 * Replays `records` (one node's journal, in sequence order). Events before `from` are folded but
 * their effects not compared (the state must still be rebuilt from the start); the run stops after
 * `to`. Stops at the first divergence.
 */
export function replay(records: Iterable<JournalRecord>, options: ReplayOptions = {}): ReplayResult {
  const reducer = options.reducer ?? reduce;
  let state = initialState;
  let events = 0;
  let effects = 0;
  let pending: { record: JournalRecord; produced: readonly Effect[]; next: number } | undefined;
  const finish = (): Divergence | undefined => {
    if (pending === undefined || pending.next >= pending.produced.length) return undefined;
    return divergence(pending, undefined);
  };
  const divergence = (p: NonNullable<typeof pending>, expected: Effect | undefined): Divergence => ({
    eventSequence: p.record.sequence,
    event: p.record.body as Event,
    index: p.next,
    expected,
    actual: p.produced[p.next],
  });
  for (const record of records) {
    if (options.to !== undefined && record.sequence > options.to) break;
    const body = record.body;
    if (isInput(body)) {
      const left = finish();
      if (left !== undefined) return { events, effects, divergence: left, missingAtEnd: 0, state };
      const step = reducer(state, { at: reducerTime(record), event: body });
      state = step.state;
      events++;
      const checking = options.from === undefined || record.sequence >= options.from;
      pending = checking ? { record, produced: step.effects, next: 0 } : undefined;
      continue;
    }
    if (pending === undefined) continue;
    const actual = pending.produced[pending.next];
    if (actual === undefined || !sameValue(actual, body)) {
      return { events, effects, divergence: divergence(pending, body), missingAtEnd: 0, state };
    }
    pending.next++;
    effects++;
  }
  const missingAtEnd = pending === undefined ? 0 : pending.produced.length - pending.next;
  return { events, effects, divergence: undefined, missingAtEnd, state };
}
