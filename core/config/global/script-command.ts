import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { splitScriptArgs, splitUserGroup } from '../script-argv.js';
import type { ScriptCommand } from './model.js';

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
