import type { DiagnosticSink } from '../diagnostics.js';
import type { SourceLocation } from '../syntax.js';

/**
 * `$NAME=value` definitions and their substitution (keepalived lib/parser.c:
 * check_definition, replace_param). Substitution is lazy and recursive: a
 * definition is expanded when it is used, so a later redefinition affects
 * later uses. A multi-line definition expands to several config lines.
 */

const DEFINITION = /^\s*\$([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const MAX_DEPTH = 32;
/** Bounds `$A=$A $A`-style doubling: no expansion may produce more than this. */
const MAX_EXPANSION = 1 << 20;

export interface PredefinedContext {
  /** Directory of the file being read: `${_PWD}`. */
  readonly pwd: string;
  /** `-i` config id or host name: `${_INSTANCE}`. */
  readonly instance: string;
  /** `${_ENV NAME}`: a snapshot of the environment, so parsing stays pure. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `${_RANDOM [MIN [MAX]]}`: a seeded generator, so a replay draws the same numbers. */
  readonly random: () => number;
}

export interface DefinitionStart {
  readonly name: string;
  readonly value: string;
  /** The value ended with `\`: the following lines continue it. */
  readonly continues: boolean;
}

export function matchDefinition(line: string): DefinitionStart | undefined {
  const m = DEFINITION.exec(line);
  if (m === null) return undefined;
  const name = m[1] ?? '';
  const raw = (m[2] ?? '').trimEnd();
  const continues = raw.endsWith('\\');
  return { name, value: continues ? raw.slice(0, -1).trimEnd() : raw, continues };
}

interface Budget {
  left: number;
  reported: boolean;
}

export class Definitions {
  private readonly values = new Map<string, string>();
  private readonly sink: DiagnosticSink;

  constructor(sink: DiagnosticSink) {
    this.sink = sink;
  }

  define(name: string, value: string, loc: SourceLocation): void {
    if (name.startsWith('_')) {
      this.sink.error(`Definition names starting with '_' are reserved - ignoring '$${name}'`, loc);
      return;
    }
    this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Replaces `$NAME` (followed by white space or the end) and `${NAME ...}` anywhere. */
  expand(text: string, ctx: PredefinedContext, loc: SourceLocation): string {
    const budget = { left: MAX_EXPANSION, reported: false };
    const out = this.expandWithin(text, ctx, loc, 0, budget);
    return budget.reported ? text : out;
  }

  private expandWithin(text: string, ctx: PredefinedContext, loc: SourceLocation, depth: number, budget: Budget): string {
    if (!text.includes('$') || budget.reported) return text;
    if (depth > MAX_DEPTH || budget.left < text.length) {
      this.sink.error(`Definition recursion too deep expanding '${text.slice(0, 60)}' - not expanded`, loc);
      budget.reported = true;
      return text;
    }
    let out = '';
    let i = 0;
    while (i < text.length) {
      const dollar = text.indexOf('$', i);
      if (dollar < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, dollar);
      const replaced = this.replaceAt(text, dollar, ctx, loc, depth, budget);
      if (replaced === undefined) {
        out += '$';
        i = dollar + 1;
      } else {
        out += replaced.value;
        budget.left -= replaced.value.length;
        i = replaced.end;
      }
    }
    return out;
  }

  private replaceAt(
    text: string,
    at: number,
    ctx: PredefinedContext,
    loc: SourceLocation,
    depth: number,
    budget: Budget,
  ): { value: string; end: number } | undefined {
    if (text[at + 1] === '{') {
      const close = text.indexOf('}', at + 2);
      if (close < 0) return undefined;
      const [name = '', ...params] = text.slice(at + 2, close).trim().split(/\s+/);
      const value = this.lookup(name, params, ctx, loc, depth, budget);
      return value === undefined ? undefined : { value, end: close + 1 };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at + 1));
    if (m === null) return undefined;
    const end = at + 1 + m[0].length;
    const next = text[end];
    if (next !== undefined && !/\s/.test(next)) return undefined;
    const value = this.lookup(m[0], [], ctx, loc, depth, budget);
    return value === undefined ? undefined : { value, end };
  }

  private lookup(
    name: string,
    params: readonly string[],
    ctx: PredefinedContext,
    loc: SourceLocation,
    depth: number,
    budget: Budget,
  ): string | undefined {
    const user = this.values.get(name);
    if (user !== undefined) return this.expandWithin(user, ctx, loc, depth + 1, budget);
    return predefined(name, params, ctx);
  }
}

function predefined(name: string, params: readonly string[], ctx: PredefinedContext): string | undefined {
  switch (name) {
    case '_PWD':
      return ctx.pwd;
    case '_INSTANCE':
      return ctx.instance;
    case '_HASH':
      return '#';
    case '_BANG':
      return '!';
    case '_ENV':
      return params[0] === undefined ? undefined : (ctx.env[params[0]] ?? '');
    case '_RANDOM': {
      const min = params[0] === undefined ? 0 : Number(params[0]);
      const max = params[1] === undefined ? 32767 : Number(params[1]);
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) return undefined;
      return String(min + Math.floor(ctx.random() * (max - min + 1)));
    }
    default:
      return undefined;
  }
}
