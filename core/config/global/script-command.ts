import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { ScriptCommand } from './model.js';

/**
 * keepalived re-tokenises a script string (lib/parser.c alloc_strvec_quoted_escaped,
 * core/notify.c set_script_params_array): unquoted white space separates
 * arguments, single or double quotes group, a backslash escapes the next
 * character outside single quotes, and adjacent pieces join. Observed 2.2.7:
 * `script "/x.sh q1 'q 2' \"q3 x\""` runs with argv [/x.sh, q1, q 2, q3 x].
 */
export function splitScriptArgs(text: string): string[] {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text.charAt(++i);
      else current += c;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < text.length) current += text.charAt(++i);
    else current += c;
  }
  if (inWord) argv.push(current);
  return argv;
}

/**
 * A notify-style script line: `KEYWORD SCRIPT [USER [GROUP]]` (notify.c
 * notify_script_init: the script is the first word, as quoted; the next two
 * words are the user and group). Returns undefined after reporting when the
 * script is missing.
 */
export function readNotifyScript(node: ConfigNode, missingMessage: string, sink: DiagnosticSink): ScriptCommand | undefined {
  const text = node.args[0];
  if (text === undefined || splitScriptArgs(text).length === 0) {
    sink.error(missingMessage, node.loc);
    return undefined;
  }
  return { text, argv: splitScriptArgs(text), ...splitUserGroup(node.args.slice(1)), loc: node.loc };
}

/** `user USER [GROUP]` as keepalived's set_script_uid_gid reads it; `USER:GROUP` is split too. */
export function splitUserGroup(words: readonly string[]): { user?: string; group?: string } {
  const [first, second] = words;
  if (first === undefined) return {};
  const colon = first.indexOf(':');
  if (colon >= 0) {
    const user = first.slice(0, colon);
    const group = first.slice(colon + 1) || second;
    return { ...(user === '' ? {} : { user }), ...(group === undefined || group === '' ? {} : { group }) };
  }
  return { user: first, ...(second === undefined ? {} : { group: second }) };
}
