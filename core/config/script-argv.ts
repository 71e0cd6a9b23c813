/**
 * How keepalived turns a script string into argv and reads the `user [:][group]`
 * words after it. One module for every script keyword: vrrp_script, notify_*,
 * MISC_CHECK, quorum_up/down, notify_up/down, startup/shutdown scripts.
 */

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
 * `user USER [GROUP]` / `USER:GROUP` / `USER :GROUP` as keepalived's
 * set_script_uid_gid reads them.
 */
export function splitUserGroup(words: readonly string[]): { user?: string; group?: string } {
  const [first, second] = words;
  if (first === undefined) return {};
  const colon = first.indexOf(':');
  const user = colon >= 0 ? first.slice(0, colon) : first;
  let group = colon >= 0 ? first.slice(colon + 1) || second : second;
  if (group?.startsWith(':') === true) group = group.slice(1);
  return { ...(user === '' ? {} : { user }), ...(group === undefined || group === '' ? {} : { group }) };
}
