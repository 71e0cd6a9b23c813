import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { splitScriptArgs, splitUserGroup } from '../script-argv.js';
import type { NotifyKind, NotifyScript } from './model.js';

/**
 * `notify_X SCRIPT [user [:][group]]` (keepalived notify.c notify_script_init):
 * the script string is re-split into argv as keepalived splits it (quote an
 * argument that contains spaces); the words after it name the user and group to run it as.
 */

export const NOTIFY_KEYWORDS: Readonly<Record<string, NotifyKind>> = {
  notify_master: 'master',
  notify_backup: 'backup',
  notify_fault: 'fault',
  notify_stop: 'stop',
  notify_deleted: 'deleted',
  notify: 'generic',
  notify_master_rx_lower_pri: 'masterRxLowerPri',
};

export function parseNotify(node: ConfigNode, kind: NotifyKind, sink: DiagnosticSink): NotifyScript | undefined {
  const script = node.args[0];
  if (script === undefined) {
    sink.error(`${node.keyword} requires a parameter`, node.loc);
    return undefined;
  }
  const argv = splitScriptArgs(script);
  const { user, group } = splitUserGroup(node.args.slice(1));
  return { kind, argv, loc: node.loc, ...(user === undefined ? {} : { user }), ...(group === undefined ? {} : { group }) };
}

/** keepalived's "notify_X script already specified - ignoring S" wording per kind. */
export function alreadySpecified(owner: string, keyword: string, script: string, group: boolean): string {
  if (group) return `vrrp group ${owner}: ${keyword} script already specified - ignoring ${script}`;
  if (keyword === 'notify_deleted') return `(${owner}) notify_deleted already specified - ignoring ${script}`;
  return `(${owner}) ${keyword} script already specified - ignoring ${script}`;
}
