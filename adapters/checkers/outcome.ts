// What one probe of one checker found, as data: the runtime turns it into a CheckResult event and
// the reducer (core/lvs) decides retries, UP/DOWN and weights from it. A probe never throws.

export interface ProbeOutcome {
  readonly ok: boolean;
  /** Why it failed, in the words keepalived logs for that failure; '' on success. */
  readonly detail: string;
  /** MISC_CHECK: the script's exit status, whenever it exited (misc_dynamic derives the weight). */
  readonly exitStatus?: number;
  /**
   * FILE_CHECK: the number read from the track_file (keepalived track_file.c), for the weight the
   * real server gains or loses. CheckResult has no field for it yet (see README).
   */
  readonly fileValue?: number;
}

export const PASSED: ProbeOutcome = { ok: true, detail: '' };

export function failed(detail: string): ProbeOutcome {
  return { ok: false, detail };
}

/** A probe stopped by its AbortSignal (shutdown, reload) before it had an answer. */
export const CANCELLED: ProbeOutcome = failed('probe cancelled');
