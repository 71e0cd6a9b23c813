import type { DiagnosticSink } from '../diagnostics.js';
import type { SourceLocation } from '../syntax.js';
import { readInteger, readUnsignedInteger, UINT_MAX } from '../values.js';

/**
 * keepalived lib/parser.c read_unsigned / read_int / read_timer as the checker
 * process uses them, with their exact first-line messages (observed 2.2.7):
 * "negative number '-1'", "invalid number 'x'", "number 'N' outside unsigned
 * integer range", "number 'N' outside range [a, b]". Each handler then adds its
 * own second line, so these return undefined after reporting and the caller
 * reports its message and keeps its previous value.
 */

const DECIMAL = /^\+?(\d+(\.\d*)?|\.\d+)$/;

/** read_int: as values.readInteger, but a missing word is the caller's to report. */
export function readSigned(
  text: string | undefined,
  min: number,
  max: number,
  loc: SourceLocation,
  sink: DiagnosticSink,
): number | undefined {
  return text === undefined ? undefined : readInteger(text, min, max, loc, sink);
}

/** read_unsigned: as values.readUnsignedInteger, but a missing word is the caller's to report. */
export function readUnsigned(
  text: string | undefined,
  min: number,
  max: number,
  loc: SourceLocation,
  sink: DiagnosticSink,
): number | undefined {
  return text === undefined ? undefined : readUnsignedInteger(text, min, max, loc, sink);
}

/** Upper bounds of read_timer, in µs: 0 means "no bound" (ULONG_MAX) in keepalived. */
export const TIMER_UNBOUNDED = 0;
const ULONG_MAX_SECONDS_TEXT = '18446744073709.551614';

/**
 * read_timer(): decimal seconds with µs resolution, returned in µs. Observed
 * 2.2.7 quirk: when the minimum is 0 (warmup, delay_before_retry) a non-number
 * is reported as "invalid number" and the handler prints nothing more, so
 * `silentInvalid` tells the caller not to add its own line.
 */
export type TimerRead = { readonly micros: number } | { readonly failed: true; readonly silentInvalid: boolean };

export function readTimer(
  text: string | undefined,
  minMicros: number,
  maxMicros: number,
  loc: SourceLocation,
  sink: DiagnosticSink,
): TimerRead {
  if (text === undefined) return { failed: true, silentInvalid: false };
  if (text.startsWith('-')) {
    sink.error(`negative number '${text}'`, loc);
    return { failed: true, silentInvalid: false };
  }
  if (!DECIMAL.test(text)) {
    sink.error(`invalid number '${text}'`, loc);
    return { failed: true, silentInvalid: minMicros === 0 };
  }
  const micros = Math.round(Number(text) * 1_000_000);
  const max = maxMicros === TIMER_UNBOUNDED ? Number.MAX_SAFE_INTEGER : maxMicros;
  if (micros < minMicros || micros > max) {
    const maxText = maxMicros === TIMER_UNBOUNDED ? ULONG_MAX_SECONDS_TEXT : formatMicros(maxMicros);
    sink.error(`number '${text}' outside range [${formatMicros(minMicros)}, ${maxText}]`, loc);
    return { failed: true, silentInvalid: false };
  }
  return { micros };
}

function formatMicros(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(6, '0')}`;
}

/** UINT_MAX µs: the largest connect_timeout keepalived accepts (4294.967295 s). */
export const CONNECT_TIMEOUT_MAX_MICROS = UINT_MAX;
export { UINT_MAX };

const TRUE_WORDS = new Set(['true', 'on', 'yes']);
const FALSE_WORDS = new Set(['false', 'off', 'no']);

/**
 * keepalived check_true_false(): a bare keyword means true. Returns undefined
 * for any other word; each caller has its own message for that.
 */
export function trueFalse(word: string | undefined): boolean | undefined {
  if (word === undefined) return true;
  const lower = word.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return undefined;
}
