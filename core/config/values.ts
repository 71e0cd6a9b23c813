import type { DiagnosticSink } from './diagnostics.js';
import type { ConfigNode, SourceLocation } from './syntax.js';

/**
 * Value readers with keepalived's own messages (lib/parser.c read_int/read_unsigned,
 * read_decimal_unsigned; observed on 2.2.7). Each returns undefined after reporting,
 * so the caller keeps its default, which is what keepalived does.
 */

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function readInteger(
  text: string | undefined,
  min: number,
  max: number,
  loc: SourceLocation,
  sink: DiagnosticSink,
): number | undefined {
  if (text === undefined) {
    sink.error('missing parameter', loc);
    return undefined;
  }
  if (!INTEGER.test(text)) {
    sink.error(`invalid number '${text}'`, loc);
    return undefined;
  }
  const value = Number(text);
  if (value < min || value > max) {
    sink.error(`number '${text}' outside range [${min}, ${max}]`, loc);
    return undefined;
  }
  return value;
}

const UNSIGNED = /^\+?\d+$/;
export const UINT_MAX = 4294967295;

/**
 * keepalived read_unsigned, with its own wording for a negative number and for
 * one past UINT_MAX (observed 2.2.7).
 */
export function readUnsignedInteger(
  text: string | undefined,
  min: number,
  max: number,
  loc: SourceLocation,
  sink: DiagnosticSink,
): number | undefined {
  if (text?.startsWith('-') === true) {
    sink.error(`negative number '${text}'`, loc);
    return undefined;
  }
  if (text !== undefined && UNSIGNED.test(text) && Number(text) > UINT_MAX) {
    sink.error(`number '${text}' outside unsigned integer range`, loc);
    return undefined;
  }
  return readInteger(text, min, max, loc, sink);
}

/**
 * A decimal number of seconds (keepalived's TIMER: µs resolution) returned in
 * microseconds, range checked in seconds.
 */
export function readSecondsAsMicros(
  text: string | undefined,
  minSeconds: number,
  maxSeconds: number,
  loc: SourceLocation,
  sink: DiagnosticSink,
): number | undefined {
  if (text === undefined) {
    sink.error('missing parameter', loc);
    return undefined;
  }
  if (!DECIMAL.test(text)) {
    sink.error(`invalid number '${text}'`, loc);
    return undefined;
  }
  const seconds = Number(text);
  if (seconds < minSeconds || seconds > maxSeconds) {
    sink.error(`number '${text}' outside range [${minSeconds}, ${maxSeconds}]`, loc);
    return undefined;
  }
  return Math.round(seconds * 1_000_000);
}

const TRUE_WORDS = new Set(['on', 'true', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', 'no']);

/** `keyword` alone means true; otherwise on|off|true|false|yes|no. */
export function readBool(node: ConfigNode, sink: DiagnosticSink): boolean | undefined {
  const word = node.args[0];
  if (word === undefined) return true;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  sink.error(`Invalid ${node.keyword} parameter ${word}`, node.loc);
  return undefined;
}

/** The single argument of `node`, or a "missing parameter" error. */
export function requireArg(node: ConfigNode, sink: DiagnosticSink, index = 0): string | undefined {
  const arg = node.args[index];
  if (arg === undefined) sink.error(`${node.keyword} requires a parameter`, node.loc);
  return arg;
}
