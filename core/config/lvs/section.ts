import type { ParseContext, RootKeywordTable } from '../context.js';
import type { InterfaceRef, ScriptRef } from '../environment.js';
import type { LvsGlobalDefaults } from './defaults.js';
import type { LvsDraft } from './drafts.js';
import { finishLvs } from './finish.js';
import { parseVirtualServerGroup } from './group.js';
import type { LvsConfig } from './model.js';
import { parseSsl } from './ssl.js';
import { parseVirtualServer } from './virtual-server.js';

export type { LvsGlobalDefaults } from './defaults.js';
export { defaultLvsGlobalDefaults } from './defaults.js';
export type * from './model.js';

/**
 * The LVS section of keepalived.conf: `SSL`, `virtual_server_group` and
 * `virtual_server` (keepalived check_parser.c), then keepalived's post-parse
 * validation and the VS → RS → checker cascade (check_data.c) in finish().
 */
export function lvsSection(): {
  keywords: RootKeywordTable;
  finish(ctx: ParseContext, defaults: LvsGlobalDefaults): LvsConfig;
} {
  const draft: LvsDraft = { ssl: undefined, groups: [], virtualServers: [] };
  return {
    keywords: {
      SSL: (node, ctx) => {
        draft.ssl = parseSsl(node, draft.ssl, ctx.sink);
      },
      virtual_server_group: (node, ctx) => {
        const group = parseVirtualServerGroup(node, ctx.sink);
        if (group !== undefined) draft.groups.push(group);
      },
      virtual_server: (node, ctx) => {
        const vs = parseVirtualServer(node, ctx);
        if (vs !== undefined) draft.virtualServers.push(vs);
      },
    },
    finish: (ctx, defaults) => finishLvs(draft, defaults, ctx.sink),
  };
}

/**
 * Interfaces the LVS config names: checker `bind_if`. keepalived does not
 * check them at load time (a probe bound to a missing interface just fails),
 * so a missing one is a warning.
 */
export function interfacesOf(model: LvsConfig): InterfaceRef[] {
  const refs: InterfaceRef[] = [];
  for (const vs of model.virtualServers) {
    for (const rs of vs.realServers) {
      for (const checker of rs.checkers) {
        if (!('connection' in checker) || checker.connection.bindInterface === undefined) continue;
        const name = checker.connection.bindInterface;
        refs.push({
          name,
          loc: checker.loc,
          missingMessage: `WARNING - interface ${name} for ${checker.kind} of real server ${rs.label} doesn't exist`,
          severity: 'warning',
        });
      }
    }
  }
  return refs;
}

/** Scripts the LVS config would run: quorum_up/down, notify_up/down, MISC_CHECK misc_path. */
export function scriptsOf(model: LvsConfig): ScriptRef[] {
  const scripts: ScriptRef[] = [];
  for (const vs of model.virtualServers) {
    if (vs.quorumUp !== undefined) scripts.push(vs.quorumUp);
    if (vs.quorumDown !== undefined) scripts.push(vs.quorumDown);
    for (const rs of vs.realServers) {
      if (rs.notifyUp !== undefined) scripts.push(rs.notifyUp);
      if (rs.notifyDown !== undefined) scripts.push(rs.notifyDown);
      for (const checker of rs.checkers) if (checker.kind === 'MISC_CHECK') scripts.push(checker.script);
    }
  }
  return scripts;
}
