// What a run says: one line per transition, the invariant verdicts, split-brain windows, and the
// command that reproduces it.
import type { Reason } from '../../core/events/index.js';
import { formatSeconds } from './duration.js';
import type { SimulationResult, TransitionLine } from './simulation.js';

export function describeReason(r: Reason): string {
  const parts: string[] = [r.kind];
  if (r.peer !== undefined) parts.push(`from ${r.peer}`);
  if (r.priority !== undefined) parts.push(`priority ${r.priority}`);
  if (r.subject !== undefined) parts.push(r.subject);
  return parts.join(' ');
}

export function transitionLine(t: TransitionLine): string {
  const what = t.group ? `group ${t.instance}` : t.instance;
  return `${formatSeconds(t.at).padStart(12)} ${t.node} ${what} ${t.from.toUpperCase()} -> ${t.to.toUpperCase()} (prio ${t.priority}; ${describeReason(t.reason)})`;
}

/** The command that reruns exactly this run. */
export function reproduceCommand(scenarioPath: string, seed: bigint, swarm: boolean): string {
  return `vigil simulate ${scenarioPath} --seed ${seed}${swarm ? ' --swarm' : ''}`;
}

export function textReport(result: SimulationResult, scenarioPath: string, swarm: boolean): string {
  const lines = [`scenario ${result.scenario}, seed ${result.seed}, ${formatSeconds(result.duration)} s simulated`];
  if (result.faults.length > 0) lines.push(`faults: ${result.faults.length}`);
  // One timeline: transitions and ARP ownership changes, in time order (stable: a transition
  // comes before the GARPs it causes).
  const timeline = [
    ...result.transitions.map((t) => ({ at: t.at, line: transitionLine(t) })),
    ...result.arp.map((a) => ({ at: a.at, line: `${formatSeconds(a.at).padStart(12)} ARP ${a.address} is now answered by ${a.node}` })),
  ].sort((x, y) => x.at - y.at);
  lines.push(...timeline.map((t) => t.line));
  for (const s of result.splitBrains) {
    lines.push(`split brain ${s.router}: ${s.nodes.join(' + ')} MASTER from ${formatSeconds(s.from)} to ${formatSeconds(s.until)} (${formatSeconds(s.until - s.from)} s)`);
  }
  if (result.violations.length === 0) {
    lines.push(`invariants: all held (${result.eventsReduced} events)`);
  } else {
    for (const v of result.violations.slice(0, 20)) lines.push(`VIOLATION ${v.invariant} at ${formatSeconds(v.at)}: ${v.detail}`);
    if (result.violations.length > 20) lines.push(`... ${result.violations.length - 20} more`);
    lines.push(`reproduce: ${reproduceCommand(scenarioPath, result.seed, swarm)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function jsonReport(result: SimulationResult, scenarioPath: string, swarm: boolean): unknown {
  return {
    scenario: result.scenario,
    seed: result.seed.toString(),
    durationMicros: result.duration,
    eventsReduced: result.eventsReduced,
    faults: result.faults,
    transitions: result.transitions,
    arp: result.arp,
    splitBrains: result.splitBrains,
    violations: result.violations,
    ok: result.violations.length === 0,
    ...(result.violations.length === 0 ? {} : { reproduce: reproduceCommand(scenarioPath, result.seed, swarm) }),
  };
}
