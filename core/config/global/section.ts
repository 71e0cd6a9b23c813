import type { ParseContext, RootKeywordTable } from '../context.js';
import type { InterfaceRef, ScriptRef } from '../environment.js';
import type { ConfigNode } from '../syntax.js';
import { parseBfdInstance } from './bfd-instance.js';
import { parseGlobalDefs, rootSettingKeywords } from './global-defs.js';
import type { GlobalConfig, GlobalSettings, NotifyFifo, ScriptCommand } from './model.js';
import { newGlobalSectionState, type GlobalSectionState } from './state.js';
import { parseGarpGroup, parseInterfaceUpDownDelays, parseLinkbeatInterfaces, parseTrackGroup } from './static-blocks.js';
import { parseTrackFile } from './track-file.js';
import { parseTrackProcess } from './track-process.js';
import { parseVrrpScript } from './vrrp-script.js';

export type { GlobalConfig } from './model.js';
export { checkScriptSecurity } from './script-security.js';

/** The machine facts finish() needs: keepalived defaults router_id and e-mail names from the host name. */
export interface HostFacts {
  readonly hostName: string;
}

/**
 * The global section: root-level settings, global_defs, trackers and the
 * interface/static blocks. Trackers register in ctx.defined as they are parsed,
 * because keepalived resolves track_* references in file order.
 */
export function globalSection(): {
  keywords: RootKeywordTable;
  finish(ctx: ParseContext, host: HostFacts): GlobalConfig;
} {
  const state = newGlobalSectionState();
  const on = (parse: (node: ConfigNode, ctx: ParseContext, state: GlobalSectionState) => void) =>
    (node: ConfigNode, ctx: ParseContext): void => {
      parse(node, ctx, state);
    };
  const rootSetting = (node: ConfigNode, ctx: ParseContext): void => {
    const handler = rootSettingKeywords[node.keyword];
    handler?.(node, { draft: state.draft, sink: ctx.sink });
  };
  const keywords: RootKeywordTable = {
    ...Object.fromEntries(Object.keys(rootSettingKeywords).map((k) => [k, rootSetting])),
    global_defs: (node, ctx) => {
      parseGlobalDefs(node, ctx, state.draft);
    },
    linkbeat_interfaces: on(parseLinkbeatInterfaces),
    interface_up_down_delays: on(parseInterfaceUpDownDelays),
    track_group: on(parseTrackGroup),
    vrrp_script: on(parseVrrpScript),
    track_file: on(parseTrackFile),
    vrrp_track_file: on(parseTrackFile),
    vrrp_track_process: on(parseTrackProcess),
    bfd_instance: on(parseBfdInstance),
    garp_group: on(parseGarpGroup),
  };
  return {
    keywords,
    finish: (ctx, host) => finishGlobal(state, ctx, host),
  };
}

function finishFifo(fifo: NotifyFifo | undefined, ctx: ParseContext): NotifyFifo | undefined {
  if (fifo?.path !== '') return fifo;
  ctx.sink.warning('notify_fifo_script given without its notify_fifo - ignoring', fifo.loc);
  return undefined;
}

// keepalived global_data.c init_global_data: defaults that depend on the host or on other settings.
function finishGlobal(state: GlobalSectionState, ctx: ParseContext, host: HostFacts): GlobalConfig {
  const { draft } = state;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `specified` is parse-time bookkeeping only
  const { specified, notifyFifo: rawFifo, vrrpNotifyFifo: rawVrrpFifo, lvsNotifyFifo: rawLvsFifo, ...plain } = draft;
  const notifyFifo = finishFifo(rawFifo, ctx);
  const vrrpNotifyFifo = finishFifo(rawVrrpFifo, ctx);
  const lvsNotifyFifo = finishFifo(rawLvsFifo, ctx);
  const settings: GlobalSettings = {
    ...plain,
    routerId: draft.routerId ?? host.hostName,
    notificationEmailFrom: draft.notificationEmailFrom ?? `keepalived@${host.hostName}`,
    smtpHeloName: draft.smtpHeloName ?? host.hostName,
    // keepalived: vrrp_strict implies lower_prio_no_advert unless configured.
    lowerPrioNoAdvert: draft.lowerPrioNoAdvert ?? draft.strict,
    garpLowerPrioDelayMicros: draft.garpLowerPrioDelayMicros ?? draft.garpMasterDelayMicros,
    garpLowerPrioRepeat: draft.garpLowerPrioRepeat ?? draft.garpMasterRepeat,
    ...(notifyFifo === undefined ? {} : { notifyFifo }),
    ...(vrrpNotifyFifo === undefined ? {} : { vrrpNotifyFifo }),
    ...(lvsNotifyFifo === undefined ? {} : { lvsNotifyFifo }),
  };
  return {
    ...settings,
    vrrpScripts: state.vrrpScripts,
    trackFiles: state.trackFiles,
    trackProcesses: state.trackProcesses,
    bfdInstances: state.bfdInstances,
    linkbeatInterfaces: state.linkbeatInterfaces,
    interfaceUpDownDelays: state.interfaceUpDownDelays,
    trackGroups: state.trackGroups,
    garpGroups: state.garpGroups,
  };
}

/**
 * Interfaces this section names, with keepalived's message when one is
 * missing. linkbeat_interfaces and interface_up_down_delays are CONFIG_FATAL in
 * keepalived (observed 2.2.7: -t exits 4) unless dynamic_interfaces is set;
 * garp_group's are errors (exit 5). keepalived 2.2.7 -t says nothing about a
 * missing lvs_sync_daemon interface; Vigil warns.
 */
export function interfacesOf(global: GlobalConfig): InterfaceRef[] {
  const refs: InterfaceRef[] = [];
  const dynamic = global.dynamicInterfaces;
  for (const lb of global.linkbeatInterfaces) {
    if (!dynamic) refs.push({ name: lb.name, loc: lb.loc, missingMessage: `unknown interface ${lb.name} specified for linkbeat interface`, severity: 'fatal' });
  }
  for (const delay of global.interfaceUpDownDelays) {
    if (!dynamic) refs.push({ name: delay.interface, loc: delay.loc, missingMessage: `unknown interface ${delay.interface} specified for up/down delay`, severity: 'fatal' });
  }
  for (const group of global.garpGroups) {
    for (const ifc of group.interfaces) {
      // keepalived: only a log line for an `interfaces { }` member when dynamic_interfaces is set.
      const severity = dynamic && group.aggregationGroup > 0 ? 'warning' : 'error';
      refs.push({ name: ifc.name, loc: ifc.loc, missingMessage: `WARNING - interface ${ifc.name} specified for garp_group doesn't exist`, severity });
    }
  }
  const syncd = global.lvsSyncDaemon;
  if (syncd !== undefined) {
    refs.push({ name: syncd.interface, loc: syncd.loc, missingMessage: `WARNING - interface ${syncd.interface} for lvs_sync_daemon doesn't exist`, severity: 'warning' });
  }
  return refs;
}

function scriptRef(script: ScriptCommand, role: string): ScriptRef {
  return {
    argv: script.argv,
    loc: script.loc,
    role,
    ...(script.user === undefined ? {} : { user: script.user }),
    ...(script.group === undefined ? {} : { group: script.group }),
  };
}

/**
 * Scripts this section would run. keepalived only runs (and so only checks)
 * vrrp_scripts that some instance or sync group tracks ("Warning - script X is
 * not used"): pass `trackedVrrpScripts` to keep only those.
 */
export function scriptsOf(global: GlobalConfig, trackedVrrpScripts?: ReadonlySet<string>): ScriptRef[] {
  const refs: ScriptRef[] = [];
  if (global.startupScript !== undefined) refs.push(scriptRef(global.startupScript, 'startup_script'));
  if (global.shutdownScript !== undefined) refs.push(scriptRef(global.shutdownScript, 'shutdown_script'));
  const fifos: [NotifyFifo | undefined, string][] = [
    [global.notifyFifo, 'notify_fifo_script'],
    [global.vrrpNotifyFifo, 'vrrp_notify_fifo_script'],
    [global.lvsNotifyFifo, 'lvs_notify_fifo_script'],
  ];
  for (const [fifo, role] of fifos) {
    if (fifo?.script !== undefined) refs.push(scriptRef(fifo.script, role));
  }
  for (const vs of global.vrrpScripts) {
    if (trackedVrrpScripts === undefined || trackedVrrpScripts.has(vs.name)) refs.push(scriptRef(vs.script, `vrrp_script ${vs.name}`));
  }
  return refs;
}
