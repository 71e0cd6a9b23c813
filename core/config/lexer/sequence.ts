import type { DiagnosticSink } from '../diagnostics.js';
import type { SourceLocation } from '../syntax.js';

/**
 * `~SEQ(var, [start, [step,]] end) rest` and `~LST(var, v1, v2, ...)` /
 * `~LST({a,b}, {1,2}, {3,4}) rest` (keepalived lib/parser.c). Each repeats
 * `rest` with the variables replaced; several on one line nest, leftmost
 * outermost. `~SEQx` prints the numbers in hex.
 */

const HEAD = /^\s*~(SEQx?|LST)\(/;
const MAX_LINES = 100_000;

export function expandSequences(line: string, loc: SourceLocation, sink: DiagnosticSink): string[] {
  const out: string[] = [];
  expandInto(line, loc, sink, out);
  return out;
}

function expandInto(line: string, loc: SourceLocation, sink: DiagnosticSink, out: string[]): void {
  const head = HEAD.exec(line);
  if (head === null) {
    out.push(line);
    return;
  }
  const kind = head[1] ?? '';
  const open = head[0].length;
  const close = findClose(line, open);
  if (close < 0) {
    sink.error(`Missing ')' in ~${kind} - ignoring line`, loc);
    return;
  }
  const params = splitTopLevel(line.slice(open, close));
  const rest = line.slice(close + 1);
  const rows = kind === 'LST' ? listRows(params, loc, sink) : sequenceRows(kind === 'SEQx', params, loc, sink);
  if (rows === undefined) return;
  for (const bindings of rows) {
    if (out.length >= MAX_LINES) {
      sink.error(`~${kind} expands to more than ${MAX_LINES} lines - truncated`, loc);
      return;
    }
    expandInto(bind(rest, bindings), loc, sink, out);
  }
}

type Bindings = readonly (readonly [string, string])[];

function bind(text: string, bindings: Bindings): string {
  let result = text;
  for (const [name, value] of bindings) {
    result = result
      .replaceAll(`\${${name}}`, value)
      .replace(new RegExp(`\\$${name}(?![A-Za-z0-9_])`, 'g'), () => value);
  }
  return result;
}

function findClose(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || (c === ')' && depth > 0)) depth--;
    else if (c === ')') return i;
  }
  return -1;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
}

function sequenceRows(hex: boolean, params: readonly string[], loc: SourceLocation, sink: DiagnosticSink): Bindings[] | undefined {
  const [name, ...numbers] = params;
  const values = numbers.map(Number);
  if (name === undefined || !/^[A-Za-z_]\w*$/.test(name) || values.length < 1 || values.length > 3 || values.some((v) => !Number.isInteger(v))) {
    sink.error(`Invalid ~SEQ parameters '${params.join(', ')}' - ignoring line`, loc);
    return undefined;
  }
  const end = values[values.length - 1] ?? 0;
  const start = values.length >= 2 ? (values[0] ?? 0) : end >= 0 ? 1 : -1;
  const step = values.length === 3 ? (values[1] ?? 0) : end >= start ? 1 : -1;
  if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end) || (hex && (start < 0 || end < 0))) {
    sink.error(`Invalid ~SEQ range start ${start} step ${step} end ${end} - ignoring line`, loc);
    return undefined;
  }
  const rows: Bindings[] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
    rows.push([[name, hex ? v.toString(16) : String(v)]]);
    if (rows.length > MAX_LINES) break;
  }
  return rows;
}

function listRows(params: readonly string[], loc: SourceLocation, sink: DiagnosticSink): Bindings[] | undefined {
  const [names = '', ...values] = params;
  const tuple = (text: string): string[] =>
    text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1).split(',').map((s) => s.trim()) : [text];
  const varNames = tuple(names);
  if (varNames.some((n) => !/^[A-Za-z_]\w*$/.test(n)) || values.length === 0) {
    sink.error(`Invalid ~LST parameters '${params.join(', ')}' - ignoring line`, loc);
    return undefined;
  }
  return values.map((v) => {
    const items = tuple(v);
    return varNames.map((n, i) => [n, items[i] ?? ''] as const);
  });
}
