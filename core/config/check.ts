import type { InterfaceRef, ScriptRef, EnvironmentFacts } from './environment.js';
import { DiagnosticSink, type Diagnostic } from './diagnostics.js';
import * as globalSection from './global/section.js';
import * as lvsSection from './lvs/section.js';
import type { KeepalivedConfig } from './model.js';
import * as vrrpSection from './vrrp/section.js';

export interface EnvironmentRefs {
  readonly interfaces: readonly InterfaceRef[];
  readonly scripts: readonly ScriptRef[];
}

/**
 * Every interface and script the config names, in file order per section.
 * (concat and plain loops rather than spreads and flatMap: a big config names
 * thousands, and this runs once, in code V8 has not optimised yet.)
 */
export function environmentRefs(config: KeepalivedConfig): EnvironmentRefs {
  return {
    interfaces: globalSection.interfacesOf(config.global).concat(
      vrrpSection.interfacesOf(config.vrrp),
      lvsSection.interfacesOf(config.lvs),
    ),
    scripts: globalSection.scriptsOf(config.global, trackedScriptNames(config)).concat(
      vrrpSection.scriptsOf(config.vrrp),
      lvsSection.scriptsOf(config.lvs),
    ),
  };
}

/** keepalived only checks (and runs) the vrrp_scripts that some instance or sync group tracks. */
function trackedScriptNames(config: KeepalivedConfig): Set<string> {
  const names = new Set<string>();
  for (const owners of [config.vrrp.instances, config.vrrp.syncGroups]) {
    for (const owner of owners) {
      for (const t of owner.trackers) if (t.kind === 'script') names.add(t.name);
    }
  }
  return names;
}

/**
 * The checks keepalived makes against the machine, as a pure function of the
 * facts an adapter gathered: missing interfaces (keepalived -t exits 5 with
 * "Non-existent interface specified in configuration") and script security.
 */
export function checkEnvironment(config: KeepalivedConfig, refs: EnvironmentRefs, facts: EnvironmentFacts): Diagnostic[] {
  const sink = new DiagnosticSink();
  let missing = false;
  for (const ref of refs.interfaces) {
    if (facts.interfaces.has(ref.name)) continue;
    sink.report(ref.severity, ref.missingMessage, ref.loc);
    missing = true;
  }
  if (missing) {
    // keepalived -t stops here: scripts are never checked (observed 2.2.7: a
    // missing interface with an insecure tracked script exits 5, not 6).
    sink.error('Non-existent interface specified in configuration');
    return sink.items;
  }
  globalSection.checkScriptSecurity(refs.scripts, config.global, facts, sink);
  return sink.items;
}

/**
 * The script half of checkEnvironment, for the daemon: what keepalived logs about its scripts
 * each time it reads its config, whatever the interfaces (unsafe permissions, a missing default
 * user, and "SECURITY VIOLATION - scripts are being executed but script_security not enabled.").
 */
export function checkScripts(config: KeepalivedConfig, scripts: readonly ScriptRef[], facts: EnvironmentFacts): Diagnostic[] {
  const sink = new DiagnosticSink();
  globalSection.checkScriptSecurity(scripts, config.global, facts, sink);
  return sink.items;
}
