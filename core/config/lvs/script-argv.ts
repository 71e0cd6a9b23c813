import type { ScriptRef } from '../environment.js';
import { splitScriptArgs } from '../script-argv.js';
import type { SourceLocation } from '../syntax.js';

/**
 * Several words on the line are already the argv (the lexer removed their
 * quotes); one word is a quoted script string that keepalived splits again.
 */
export function scriptArgv(args: readonly string[]): string[] {
  return args.length === 1 ? splitScriptArgs(args[0] ?? '') : [...args];
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
