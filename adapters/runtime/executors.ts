// Effect executors: the output adapters. Each handles some effect kinds; what it cannot do comes
// back as a failed EffectResult event, never as an exception in the pipeline.
import type { Effect } from '../../core/events/index.js';

export interface EffectExecutor {
  /** The effect kinds this executor performs. */
  readonly kinds: readonly Effect['kind'][];
  /** Resolves when done; rejects (or throws) with the reason when the effect failed. */
  execute(effect: Effect): void | Promise<void>;
}

/** The errno name of a Node error (EEXIST, EPERM, ...) or its message. */
export function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
