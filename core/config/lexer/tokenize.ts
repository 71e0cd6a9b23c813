/**
 * Line-level lexing of keepalived.conf (keepalived lib/parser.c: decomment,
 * alloc_strvec): comments, quotes, escapes and the `{` `}` tokens.
 */

/**
 * Strips a `#` or `!` comment. Only double quotes protect comment characters
 * (keepalived decomment(): single quotes do not); `\#` and `\!` are kept for
 * the tokenizer to turn into literal characters.
 */
export function decomment(line: string): string {
  if (!line.includes('#') && !line.includes('!')) return line;
  let inDoubleQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && !inDoubleQuotes && (line[i + 1] === '#' || line[i + 1] === '!')) {
      i++;
      continue;
    }
    if (c === '"') inDoubleQuotes = !inDoubleQuotes;
    else if ((c === '#' || c === '!') && !inDoubleQuotes) return line.slice(0, i);
  }
  return line;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Decodes the escape starting after the backslash at `text[i]`; returns [chars, consumed]. */
function decodeEscape(text: string, i: number): [string, number] {
  const c = text[i];
  if (c === undefined) return ['\\', 0];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 1];
  if (c >= '0' && c <= '7') {
    const digits = /^[0-7]{1,3}/.exec(text.slice(i))?.[0] ?? c;
    return [String.fromCharCode(parseInt(digits, 8) & 0xff), digits.length];
  }
  if (c === 'x') {
    const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))?.[0];
    if (hex !== undefined) return [String.fromCharCode(parseInt(hex, 16)), 1 + hex.length];
    return ['x', 1];
  }
  if (c === 'c' && i + 1 < text.length) {
    return [String.fromCharCode(text.charCodeAt(i + 1) & 0x1f), 2];
  }
  return [c, 1];
}

/** keepalived's WHITE_SPACE_STR: space, \t, \n, \v, \f, \r. */
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || (code >= 0x0a && code <= 0x0d);
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const BANG = 0x21;

const NO_BRACES: readonly number[] = [];

export interface TokenizeResult {
  /** The tokens' texts, quotes removed. */
  readonly tokens: readonly string[];
  /**
   * Indices (ascending) of the tokens that are an unquoted `{` or `}`: the only
   * braces that open or close a block (a quoted "{" is text).
   */
  readonly braces: readonly number[];
  readonly unmatchedQuote: boolean;
}

/**
 * Splits a decommented line into tokens. Quotes (`"` or `'`) group text and are
 * removed; adjacent pieces join (`ab"c d"e` is one token `abc de`). Braces
 * outside quotes are tokens of their own.
 *
 * Config files are large (a bench config has 80,000 lines), so a plain token
 * is one slice of the line; only a token with quotes or `\#` takes the
 * character-by-character path.
 */
export function tokenize(line: string): TokenizeResult {
  const tokens: string[] = [];
  let braces: number[] | undefined;
  const length = line.length;
  let i = 0;
  while (i < length) {
    const code = line.charCodeAt(i);
    if (isWhitespace(code)) {
      i++;
      continue;
    }
    if (code === OPEN_BRACE || code === CLOSE_BRACE) {
      (braces ??= []).push(tokens.length);
      tokens.push(code === OPEN_BRACE ? '{' : '}');
      i++;
      continue;
    }
    const start = i;
    i = plainRunEnd(line, i);
    const stop = i < length ? line.charCodeAt(i) : -1;
    if (stop !== DOUBLE_QUOTE && stop !== SINGLE_QUOTE && stop !== BACKSLASH) {
      tokens.push(line.slice(start, i));
      continue;
    }
    const special = specialToken(line, start, i);
    tokens.push(special.text);
    if (special.unmatchedQuote) return { tokens, braces: braces ?? NO_BRACES, unmatchedQuote: true };
    i = special.end;
  }
  return { tokens, braces: braces ?? NO_BRACES, unmatchedQuote: false };
}

/** Where the run of ordinary characters from `i` ends: white space, a brace, a quote, or `\#` / `\!`. */
function plainRunEnd(line: string, i: number): number {
  const length = line.length;
  for (; i < length; i++) {
    const code = line.charCodeAt(i);
    if (isWhitespace(code) || code === OPEN_BRACE || code === CLOSE_BRACE || code === DOUBLE_QUOTE || code === SINGLE_QUOTE) return i;
    if (code === BACKSLASH) {
      const next = line.charCodeAt(i + 1);
      if (next === HASH || next === BANG) return i;
    }
  }
  return i;
}

/**
 * A token with quotes or escaped comment characters, from `start`; the text
 * before `from` is plain. An unmatched quote takes the rest of the line.
 */
function specialToken(line: string, start: number, from: number): { text: string; end: number; unmatchedQuote: boolean } {
  let text = line.slice(start, from);
  let quote: string | undefined;
  let i = from;
  for (; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\') {
        const [chars, consumed] = decodeEscape(line, i + 1);
        text += chars;
        i += consumed;
      } else text += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
    } else if (isWhitespace(line.charCodeAt(i)) || c === '{' || c === '}') {
      break;
    } else if (c === '\\' && (line[i + 1] === '#' || line[i + 1] === '!')) {
      text += line.charAt(i + 1);
      i++;
    } else {
      text += c;
    }
  }
  return { text, end: i, unmatchedQuote: quote !== undefined };
}
