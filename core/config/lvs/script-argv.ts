import type { ScriptRef } from '../environment.js';
import type { SourceLocation } from '../syntax.js';

/**
 * keepalived splits a script given as one quoted string again into argv
 * (notify_script_init / set_script_params_array): unquoted whitespace
 * separates words, single or double quotes group them. Several words on the
 * line are already the argv (the lexer has removed their quotes).
 */
export function scriptArgv(args: readonly string[]): string[] {
  if (args.length !== 1) return [...args];
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of args[0] ?? '') {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += ch;
    inWord = true;
  }
  if (inWord) words.push(current);
  return words;
}

export function scriptRef(args: readonly string[], loc: SourceLocation, role: string): ScriptRef {
  return { argv: scriptArgv(args), loc, role };
}

/** The script run as `user [group]` (MISC_CHECK `user`). */
export function withUser(script: ScriptRef, user: { readonly user: string; readonly group: string | undefined }): ScriptRef {
  const { argv, loc, role } = script;
  return user.group === undefined ? { argv, loc, role, user: user.user } : { argv, loc, role, user: user.user, group: user.group };
}

/** keepalived cmd_str(): each argument in single quotes, space separated. */
export function commandText(argv: readonly string[]): string {
  return argv.map((a) => `'${a}'`).join(' ');
}
