import { applyKeywords, blockOf, type KeywordTable } from '../blocks.js';
import type { ParseContext } from '../context.js';
import type { ConfigNode } from '../syntax.js';
import type { GlobalDraft } from './draft.js';
import { lvsKeywords } from './global-defs-lvs.js';
import { notifyKeywords } from './global-defs-notify.js';
import { processKeywords } from './global-defs-process.js';
import type { GlobalDefsTarget, GlobalHandler } from './global-defs-target.js';
import { vrrpKeywords } from './global-defs-vrrp.js';
import { notImplemented, readIntegerOr } from './readers.js';

/** Every keyword `global_defs { }` accepts (keepalived/core/global_parser.c init_global_keywords). */
export const globalDefsKeywords: KeywordTable<GlobalDefsTarget> = {
  ...processKeywords,
  ...notifyKeywords,
  ...vrrpKeywords,
  ...lvsKeywords,
};

/** `global_defs { ... }`; several blocks merge, as in keepalived. */
export function parseGlobalDefs(node: ConfigNode, ctx: ParseContext, draft: GlobalDraft): void {
  applyKeywords(blockOf(node, ctx.sink), globalDefsKeywords, { draft, sink: ctx.sink }, ctx.sink);
}

/**
 * Keywords keepalived accepts outside any block (install_keyword_root with a
 * handler in global_parser.c), with its messages.
 */
export const rootSettingKeywords: KeywordTable<GlobalDefsTarget> = {
  net_namespace: (node, { draft, sink }) => {
    const name = node.args[0];
    if (name === undefined) sink.error('net_namespace name missing - ignoring', node.loc);
    else if (draft.netNamespace !== undefined) sink.error(`Duplicate net_namespace definition ${name} - ignoring`, node.loc);
    else {
      draft.netNamespace = name;
      draft.usePidDir = true;
    }
    // `vigil run` enters it (adapters/netns); IPVS in another namespace is not implemented.
  },
  net_namespace_ipvs: (node, { draft, sink }) => {
    if (draft.netNamespaceIpvs !== undefined) sink.error(`Duplicate net_namespace_ipvs definition ${node.args[0] ?? ''} - ignoring`, node.loc);
    // No name means the default namespace.
    else draft.netNamespaceIpvs = node.args[0] ?? '';
    notImplemented(node, sink, 'network namespaces');
  },
  namespace_with_ipsets: (node, { draft, sink }) => {
    draft.namespaceWithIpsets = true;
    notImplemented(node, sink, 'network namespaces');
  },
  use_pid_dir: (_node, { draft }) => {
    draft.usePidDir = true;
  },
  instance: (node, { draft, sink }) => {
    const name = node.args[0];
    if (name === undefined) sink.error('instance name missing - ignoring', node.loc);
    else if (draft.instanceName !== undefined) sink.error(`Duplicate instance definition ${name} - ignoring`, node.loc);
    else {
      draft.instanceName = name;
      draft.usePidDir = true;
    }
  },
  child_wait_time: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, 4294967295, sink, (t) => `Invalid child_wait_time ${t}`);
    if (value !== undefined) draft.childWaitTimeSeconds = value;
  },
  linkbeat_use_polling: ((_node, { draft }) => {
    draft.linkbeatUsePolling = true;
  }) satisfies GlobalHandler,
};
