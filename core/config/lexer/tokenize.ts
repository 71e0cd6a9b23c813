/**
 * Line-level lexing of keepalived.conf (keepalived lib/parser.c: decomment,
 * alloc_strvec): comments, quotes, escapes and the `{` `}` tokens.
 */

export interface Token {
  readonly text: string;
  /** True when any part of the token was quoted: a quoted "{" is not a brace. */
  readonly quoted: boolean;
}

/**
 * Strips a `#` or `!` comment. Only double quotes protect comment characters
 * (keepalived decomment(): single quotes do not); `\#` and `\!` are kept for
 * the tokenizer to turn into literal characters.
 */
export function decomment(line: string): string {
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
function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || (c >= '\n' && c <= '\r');
}

export interface TokenizeResult {
  readonly tokens: readonly Token[];
  readonly unmatchedQuote: boolean;
}

/**
 * Splits a decommented line into tokens. Quotes (`"` or `'`) group text and are
 * removed; adjacent pieces join (`ab"c d"e` is one token `abc de`). Braces
 * outside quotes are tokens of their own.
 */
export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let text = '';
  let quoted = false;
  let inToken = false;
  let quote: string | undefined;

  const flush = (): void => {
    if (inToken) tokens.push({ text, quoted });
    text = '';
    quoted = false;
    inToken = false;
  };

  for (let i = 0; i < line.length; i++) {
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
      quoted = true;
      inToken = true;
    } else if (isWhitespace(c)) {
      flush();
    } else if (c === '{' || c === '}') {
      flush();
      tokens.push({ text: c, quoted: false });
    } else if (c === '\\' && (line[i + 1] === '#' || line[i + 1] === '!')) {
      text += line.charAt(i + 1);
      inToken = true;
      i++;
    } else {
      text += c;
      inToken = true;
    }
  }
  const unmatchedQuote = quote !== undefined;
  flush();
  return { tokens, unmatchedQuote };
}
