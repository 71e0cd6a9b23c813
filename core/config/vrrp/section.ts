import { applyKeywords, blockOf } from '../blocks.js';
import type { ParseContext, RootKeywordTable } from '../context.js';
import type { InterfaceRef, ScriptRef } from '../environment.js';
import type { ConfigNode } from '../syntax.js';
import { parseIpAddressLine } from './address.js';
import { completeInstance, type SyncMembership } from './complete.js';
import type { VrrpGlobalDefaults } from './defaults.js';
import { newInstanceDraft, type InstanceDraft, type SyncGroupDraft } from './draft.js';
import { instanceKeywords } from './instance-keywords.js';
import type { IpAddress, IpRoute, IpRule, SyncGroup, VrrpConfig, VrrpInstance } from './model.js';
import { parseRouteLine } from './route.js';
import { newRuleNumbering, parseRuleLine } from './rule.js';
import { syncGroupKeywords } from './sync-group.js';

/**
 * vrrp_instance, vrrp_sync_group, static_ipaddress, static_routes and
 * static_rules (keepalived vrrp_parser.c), then vrrp_complete_init's rules in finish().
 */
export function vrrpSection(): { keywords: RootKeywordTable; finish(ctx: ParseContext, defaults: VrrpGlobalDefaults): VrrpConfig } {
  const instances: InstanceDraft[] = [];
  const groups: SyncGroupDraft[] = [];
  const staticAddresses: IpAddress[] = [];
  const staticRoutes: IpRoute[] = [];
  const staticRules: IpRule[] = [];
  const numbering = newRuleNumbering();
  const instanceNames = new Set<string>();
  const groupNames = new Set<string>();
  // One keyword table for every instance of this parse (the context does not change).
  let instanceTable: ReturnType<typeof instanceKeywords> | undefined;

  const named = (node: ConfigNode, ctx: ParseContext, what: string): string | undefined => {
    if (node.args.length !== 1) {
      ctx.sink.error(what === 'instance' ? 'vrrp_instance must have a name' : 'vrrp_sync_group must have a name - skipping', node.loc);
      return undefined;
    }
    return node.args[0];
  };

  const keywords: RootKeywordTable = {
    vrrp_instance: (node, ctx) => {
      const name = named(node, ctx, 'instance');
      if (name === undefined) return;
      if (instanceNames.has(name)) {
        ctx.sink.error(`vrrp instance ${name} already defined`, node.loc);
        return;
      }
      instanceNames.add(name);
      const draft = newInstanceDraft(name, node.loc);
      instanceTable ??= instanceKeywords(ctx, numbering);
      applyKeywords(blockOf(node, ctx.sink), instanceTable, draft, ctx.sink);
      if (draft.unicastTtl !== undefined && draft.unicastPeers.length === 0) {
        // keepalived vrrp_end_handler (reported at the block's closing line)
        ctx.sink.error(`(${name}): Cannot use unicast_ttl without unicast peers - resetting`, node.loc);
        delete draft.unicastTtl;
      }
      instances.push(draft);
    },
    vrrp_sync_group: (node, ctx) => {
      const name = named(node, ctx, 'group');
      if (name === undefined) return;
      if (groupNames.has(name)) {
        ctx.sink.error(`vrrp sync group ${name} already defined`, node.loc);
        return;
      }
      groupNames.add(name);
      const draft: SyncGroupDraft = { name, loc: node.loc, trackers: [], notify: [], trackingWeight: false };
      applyKeywords(blockOf(node, ctx.sink), syncGroupKeywords(ctx), draft, ctx.sink);
      groups.push(draft);
    },
    static_ipaddress: (node, ctx) => {
      for (const line of blockOf(node, ctx.sink)) {
        const addr = parseIpAddressLine(line, ctx.sink);
        if (addr !== undefined) staticAddresses.push(addr);
      }
    },
    static_routes: (node, ctx) => {
      for (const line of blockOf(node, ctx.sink)) {
        const route = parseRouteLine(line, ctx.sink, { virtual: false });
        if (route !== undefined) staticRoutes.push(route);
      }
    },
    static_rules: (node, ctx) => {
      for (const line of blockOf(node, ctx.sink)) {
        const rule = parseRuleLine(line, ctx.sink, numbering);
        if (rule !== undefined) staticRules.push(rule);
      }
    },
  };

  function finish(ctx: ParseContext, defaults: VrrpGlobalDefaults): VrrpConfig {
    const sink = ctx.sink;
    // keepalived chk_min_cfg: no VRID, no instance
    const valid = instances.filter((d) => {
      if (d.vrid !== undefined) return true;
      sink.error(`(${d.name}) the virtual router id must be set`, d.loc);
      return false;
    });
    const validNames = new Set(valid.map((d) => d.name));
    const membership = new Map<string, SyncMembership>();
    const syncGroups: SyncGroup[] = [];
    for (const g of groups) {
      if (g.memberNames === undefined) {
        sink.error(`Sync group ${g.name} has no virtual router(s). removing`, g.loc);
        continue;
      }
      const members: string[] = [];
      for (const { name } of g.memberNames) {
        if (!validNames.has(name)) {
          sink.error(`Virtual router ${name} specified in sync group ${g.name} doesn't exist - ignoring`, g.loc);
        } else if (membership.has(name)) {
          sink.error(`Virtual router ${name} cannot exist in more than one sync group; ignoring ${g.name}`, g.loc);
        } else {
          members.push(name);
          membership.set(name, { group: g.name, trackingWeight: g.trackingWeight });
        }
      }
      if (members.length === 0) {
        sink.error(`Sync group ${g.name}, no matching virtual router found in group declaration - removing`, g.loc);
        continue;
      }
      if (members.length === 1) sink.error(`Sync group ${g.name} has only 1 virtual router(s) - this probably isn't what you want`, g.loc);
      syncGroups.push({
        name: g.name, loc: g.loc, members, trackers: g.trackers, notify: g.notify,
        smtpAlert: g.smtpAlert ?? defaults.smtpAlertVrrp ?? defaults.smtpAlert ?? false,
        ...(g.notifyPriorityChanges === undefined ? {} : { notifyPriorityChanges: g.notifyPriorityChanges }),
        trackingWeight: g.trackingWeight,
      });
    }
    const completed: VrrpInstance[] = [];
    const firstGroupNaming = firstGroupByMember(groups);
    for (const d of valid) {
      const draft = syncDefaults(d, firstGroupNaming.get(d.name));
      const instance = completeInstance(draft, defaults, membership.get(d.name), sink);
      if (instance !== undefined) completed.push(instance);
    }
    const completedByName = new Map(completed.map((i) => [i.name, i]));
    for (const group of syncGroups) {
      const owners = group.members.filter((m) => completedByName.get(m)?.priority === 255);
      if (owners.length > 0 && owners.length < group.members.length) {
        sink.error(`Sync group ${group.name} has some member(s) as address owner and some not as address owner. This won't work.`, group.loc);
      }
    }
    const completedNames = new Set(completed.map((i) => i.name));
    const droppedInstances = instances
      .filter((d) => !completedNames.has(d.name))
      .map((d) => ({ name: d.name, ...(d.interface === undefined ? {} : { interface: d.interface }) }));
    return { instances: completed, syncGroups, staticAddresses, staticRoutes, staticRules, droppedInstances };
  }

  return { keywords, finish };
}

/** For each instance name, the first sync group (in file order) that lists it, valid or not. */
function firstGroupByMember(groups: readonly SyncGroupDraft[]): Map<string, SyncGroupDraft> {
  const byMember = new Map<string, SyncGroupDraft>();
  for (const g of groups) {
    for (const { name } of g.memberNames ?? []) if (!byMember.has(name)) byMember.set(name, g);
  }
  return byMember;
}

/** An instance's notify_priority_changes falls back to its sync group's before the global one. */
function syncDefaults(d: InstanceDraft, group: SyncGroupDraft | undefined): InstanceDraft {
  if (d.notifyPriorityChanges !== undefined) return d;
  if (group?.notifyPriorityChanges === undefined) return d;
  return { ...d, notifyPriorityChanges: group.notifyPriorityChanges };
}

/** Interfaces the VRRP config names, with keepalived's message for a missing one. */
export function interfacesOf(model: VrrpConfig): InterfaceRef[] {
  const refs: InterfaceRef[] = [];
  const add = (name: string, loc: InterfaceRef['loc'], missingMessage: string): void => {
    refs.push({ name, loc, missingMessage, severity: 'error' });
  };
  const addresses = (list: readonly IpAddress[], explicitOnly: boolean, instanceIf: string | undefined): void => {
    for (const a of list) {
      if (a.dev === undefined || (explicitOnly && a.dev === instanceIf)) continue;
      add(a.dev, a.loc, `WARNING - interface ${a.dev} for ip address ${a.address} doesn't exist`);
    }
  };
  const routes = (list: readonly IpRoute[]): void => {
    for (const r of list) {
      for (const dev of [r.dev, ...r.nexthops.map((n) => n.dev)]) {
        if (dev !== undefined) add(dev, r.loc, `WARNING - interface ${dev} for VROUTE nexthop doesn't exist`);
      }
    }
  };
  addresses(model.staticAddresses, false, undefined);
  routes(model.staticRoutes);
  for (const d of model.droppedInstances) {
    if (d.interface !== undefined) add(d.interface.name, d.interface.loc, `WARNING - interface ${d.interface.name} for vrrp_instance ${d.name} doesn't exist`);
  }
  for (const i of model.instances) {
    if (i.interface !== undefined) add(i.interface, i.interfaceLoc ?? i.loc, `WARNING - interface ${i.interface} for vrrp_instance ${i.name} doesn't exist`);
    for (const t of i.trackers) {
      if (t.kind === 'interface') add(t.name, t.loc, `(${i.name}) tracked interface ${t.name} doesn't exist`);
    }
    addresses(i.vips, true, i.interface);
    addresses(i.excludedVips, true, i.interface);
    routes(i.routes);
  }
  for (const g of model.syncGroups) {
    for (const t of g.trackers) {
      if (t.kind === 'interface') add(t.name, t.loc, `(${g.name}) tracked interface ${t.name} doesn't exist`);
    }
  }
  return refs;
}

/** Notify scripts of instances and sync groups, for the script security checks. */
export function scriptsOf(model: VrrpConfig): ScriptRef[] {
  const refs: ScriptRef[] = [];
  const owners = [...model.instances, ...model.syncGroups];
  for (const owner of owners) {
    for (const n of owner.notify) {
      const role = n.kind === 'generic' ? 'notify script' : `notify_${n.kind === 'masterRxLowerPri' ? 'master_rx_lower_pri' : n.kind} script`;
      refs.push({
        argv: n.argv, loc: n.loc, role: `${role} of ${owner.name}`,
        ...(n.user === undefined ? {} : { user: n.user }),
        ...(n.group === undefined ? {} : { group: n.group }),
      });
    }
  }
  return refs;
}
