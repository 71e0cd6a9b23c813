// What-if replay: the same recorded inputs under another keepalived.conf. Only this node's config
// changes; its peers' adverts are replayed as they were recorded (their behaviour cannot change).
import type { KeepalivedConfig } from '../../core/config/model.js';
import type { Effect, Event, Record as JournalRecord } from '../../core/events/index.js';
import { initialState, reduce } from '../../core/reducer/reduce.js';
import { isInput, reducerTime } from './replay.js';

export interface WhatIfTransition {
  readonly sequence: bigint;
  readonly wallNs: bigint;
  readonly transition: Extract<Effect, { kind: 'Transition' }>;
}

export interface WhatIfResult {
  /** Transitions as recorded, and as they would have been. */
  readonly recorded: readonly WhatIfTransition[];
  readonly alternative: readonly WhatIfTransition[];
  /** Effects of any kind, counted, both ways. */
  readonly recordedEffects: number;
  readonly alternativeEffects: number;
}

/**
 * Replays the inputs with every ConfigLoaded replaced by `config`. The recorded TimerFired events
 * are the old run's: a timer the alternative run arms at another time fires when the old one did,
 * and an alternative timer the old run never had does not fire at all. The result says so; it is
 * an estimate of the first divergence and what follows it, not a new run.
 */
export function whatIf(records: readonly JournalRecord[], config: KeepalivedConfig, digest: string): WhatIfResult {
  const recorded: WhatIfTransition[] = [];
  const alternative: WhatIfTransition[] = [];
  let state = initialState;
  let recordedEffects = 0;
  let alternativeEffects = 0;
  for (const r of records) {
    const body = r.body;
    if (body.kind === 'StateSnapshot') continue;
    if (!isInput(body)) {
      recordedEffects++;
      if (body.kind === 'Transition') recorded.push({ sequence: r.sequence, wallNs: r.wallNs, transition: body });
      continue;
    }
    const event: Event = body.kind === 'ConfigLoaded' ? { ...body, config, digest } : body;
    const step = reduce(state, { at: reducerTime(r), event });
    state = step.state;
    alternativeEffects += step.effects.length;
    for (const e of step.effects) if (e.kind === 'Transition') alternative.push({ sequence: r.sequence, wallNs: r.wallNs, transition: e });
  }
  return { recorded, alternative, recordedEffects, alternativeEffects };
}

/** Transitions in one list and not at the same place in the other. */
export function differingTransitions(result: WhatIfResult): { readonly onlyRecorded: WhatIfTransition[]; readonly onlyAlternative: WhatIfTransition[] } {
  const key = (t: WhatIfTransition): string => `${t.sequence}|${t.transition.instance}|${t.transition.from}|${t.transition.to}`;
  const recorded = new Set(result.recorded.map(key));
  const alternative = new Set(result.alternative.map(key));
  return {
    onlyRecorded: result.recorded.filter((t) => !alternative.has(key(t))),
    onlyAlternative: result.alternative.filter((t) => !recorded.has(key(t))),
  };
}
