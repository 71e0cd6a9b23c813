import type { KeywordTable } from '../blocks.js';
import { blockOf } from '../blocks.js';
import type { ParseContext } from '../context.js';
import type { SyncGroupDraft } from './draft.js';
import { boolArg } from './instance-options.js';
import { NOTIFY_KEYWORDS, alreadySpecified, parseNotify } from './notify.js';
import { TRACK_KEYWORDS, parseTrackBlock } from './trackers.js';

/**
 * Keywords of `vrrp_sync_group NAME { ... }` (keepalived vrrp_parser.c). `group {}`
 * (read_value_block) takes every word up to its `}`, over as many lines as needed;
 * member names are resolved after parsing. A member name written directly in the
 * sync group block, without `group {`, is an unknown keyword — which is why
 * keepalived.conf.vrrp.lvs_syncd reports 'VI_2' (line 4) and 'VI_3' (line 5).
 */
export function syncGroupKeywords(ctx: ParseContext): KeywordTable<SyncGroupDraft> {
  const sink = ctx.sink;
  const table: Record<string, (node: Parameters<KeywordTable<SyncGroupDraft>[string]>[0], g: SyncGroupDraft) => void> = {
    group: (node, g) => {
      if (g.memberNames !== undefined) {
        sink.error(`Group list already specified for sync group ${g.name}`, node.loc);
        return;
      }
      const names = blockOf(node, sink).flatMap((line) => [line.keyword, ...line.args].map((name) => ({ name, loc: line.loc })));
      if (names.length === 0) {
        sink.error(`Warning - sync group ${g.name} has empty group block`, node.loc);
        return;
      }
      g.memberNames = names;
    },
    smtp_alert: (node, g) => {
      const v = boolArg(node, sink, (w) => `Invalid vrrp_group smtp_alert parameter ${w}`);
      if (v !== undefined) g.smtpAlert = v;
    },
    notify_priority_changes: (node, g) => {
      const v = boolArg(node, sink, (w) => `(${g.name}) Invalid value '${w}' for sync group notify_priority_changes specified`);
      if (v !== undefined) g.notifyPriorityChanges = v;
    },
    global_tracking: (node, g) => {
      sink.error(`(${g.name}) global_tracking is deprecated. Use track_interface/script/file on the sync group`, node.loc);
      g.trackingWeight = true;
    },
    sync_group_tracking_weight: (_node, g) => { g.trackingWeight = true; },
  };
  for (const [keyword, kind] of Object.entries(TRACK_KEYWORDS)) {
    table[keyword] = (node, g) => {
      if (kind === 'bfd') sink.report('notImplemented', `(${g.name}) track_bfd`, node.loc);
      parseTrackBlock(kind, blockOf(node, sink), g.name, ctx, g.trackers);
    };
  }
  for (const [keyword, kind] of Object.entries(NOTIFY_KEYWORDS)) {
    // keepalived installs no notify_deleted / notify_master_rx_lower_pri for sync groups
    if (kind === 'deleted' || kind === 'masterRxLowerPri') continue;
    table[keyword] = (node, g) => {
      if (g.notify.some((n) => n.kind === kind)) {
        sink.error(alreadySpecified(g.name, keyword, node.args[0] ?? '', true), node.loc);
        return;
      }
      const script = parseNotify(node, kind, sink);
      if (script !== undefined) g.notify.push(script);
    };
  }
  return table;
}
