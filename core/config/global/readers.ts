import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode, SourceLocation } from '../syntax.js';
import { readInteger } from '../values.js';

/**
 * Readers shared by the global section. keepalived reports a bad number twice:
 * once from lib/parser.c read_*_strvec ("invalid number 'X'", "number 'X'
 * outside range [a, b]") and once from the handler with its own wording
 * (observed 2.2.7). Both are report_config_error(CONFIG_GENERAL_ERROR or
 * CONFIG_INVALID_NUMBER) → 'error'.
 */

/** read_int_strvec / read_unsigned_strvec, then the handler's own message on failure. */
export function readIntegerOr(
  node: ConfigNode,
  index: number,
  min: number,
  max: number,
  sink: DiagnosticSink,
  handlerMessage: ((text: string) => string) | undefined,
): number | undefined {
  const text = node.args[index];
  if (text === undefined) {
    sink.error(handlerMessage?.('') ?? `${node.keyword} requires a parameter`, node.loc);
    return undefined;
  }
  const value = readInteger(text, min, max, node.loc, sink);
  if (value === undefined && handlerMessage !== undefined) sink.error(handlerMessage(text), node.loc);
  return value;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * read_decimal_unsigned_strvec / read_double_strvec / read_timer: a decimal
 * number of seconds returned in microseconds. keepalived prints the range with
 * `digits` decimals ("outside range [0.000000, 255.000000]").
 */
export function readDecimalSecondsOr(
  node: ConfigNode,
  index: number,
  minSeconds: number,
  maxSeconds: number,
  digits: number,
  sink: DiagnosticSink,
  handlerMessage: ((text: string) => string) | undefined,
): number | undefined {
  const text = node.args[index];
  const seconds = text === undefined ? NaN : Number(text);
  let problem: string | undefined;
  if (text === undefined) problem = 'missing parameter';
  else if (!DECIMAL.test(text)) problem = `invalid number '${text}'`;
  else if (seconds < minSeconds || seconds > maxSeconds) {
    problem = `number '${text}' outside range [${minSeconds.toFixed(digits)}, ${maxSeconds.toFixed(digits)}]`;
  }
  if (problem === undefined) return Math.round(seconds * 1_000_000);
  sink.error(problem, node.loc);
  if (handlerMessage !== undefined) sink.error(handlerMessage(text ?? ''), node.loc);
  return undefined;
}

const TRUE_WORDS = new Set(['on', 'true', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', 'no']);

/** check_true_false(): bare keyword = true; a bad word reports `badMessage(word)` and yields undefined. */
export function readBoolWith(
  node: ConfigNode,
  sink: DiagnosticSink,
  badMessage: (word: string) => string,
): boolean | undefined {
  const word = node.args[0];
  if (word === undefined) return true;
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  sink.error(badMessage(word), node.loc);
  return undefined;
}

/** Vigil parses the keyword, but its runtime does not act on it (yet). */
export function notImplemented(node: ConfigNode, sink: DiagnosticSink, what?: string): void {
  sink.report('notImplemented', what === undefined ? `'${node.keyword}'` : `'${node.keyword}' (${what})`, node.loc);
}

/**
 * Where keepalived reports a block's end-of-block checks: the line of its
 * closing brace (keepalived's sublevel end handlers run there; e.g.
 * "(FILE: Line 13) No script set for vrrp_script X - removing" in
 * doc/samples/keepalived.conf.conditional_conf). A block left open at the end
 * of the file has no closing line: then its opening line.
 */
export function blockEndLoc(node: ConfigNode): SourceLocation {
  return node.endLoc ?? node.loc;
}

/** IPv4 dotted quad. */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** A loose IPv6 literal check (hex groups, at most one `::`). */
export function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return false;
  const doubleColons = text.split('::').length - 1;
  if (doubleColons > 1) return false;
  const groups = text.split(':').filter((g) => g !== '');
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g) && !isIpv4(g))) return false;
  return doubleColons === 1 ? groups.length <= 7 : groups.length === 8;
}
