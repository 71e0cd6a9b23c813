// What must always hold, and what must hold once the world has been quiet long enough
// (VOPR's safety and liveness phases, reference peers.md §3.1).
import type { InstanceRuntime } from '../../core/instance/runtime.js';
import type { SimNode } from './node.js';

export type InvariantName = 'vipOnlyWhileMaster' | 'oneMaster' | 'preemption' | 'stability' | 'syncGroup' | 'handover' | 'expectation';

export interface Violation {
  readonly at: number;
  readonly invariant: InvariantName;
  readonly detail: string;
}

/** A virtual router on the shared LAN: VRID and family. */
export function routerKey(inst: InstanceRuntime): string {
  return `${inst.config.family === 'inet' ? '' : 'v6 '}vrid ${inst.config.vrid}`;
}

export function liveNodes(nodes: readonly SimNode[]): SimNode[] {
  return nodes.filter((n) => !n.down && !n.stopped);
}

/** Safety, after every event on `node`: an address is held only by an instance that is MASTER. */
export function checkVipOwnership(node: SimNode, at: number): Violation[] {
  const out: Violation[] = [];
  for (const address of node.held) {
    const owners = node.state.instances.filter((i) => [...i.config.vips, ...i.config.excludedVips].some((v) => v.address === address));
    if (owners.length === 0) continue; // static or foreign addresses are not VIPs
    if (!owners.some((i) => i.state === 'master')) {
      const states = owners.map((i) => `${i.config.name}=${i.state}`).join(', ');
      out.push({ at, invariant: 'vipOnlyWhileMaster', detail: `${node.spec.name} holds ${address} while ${states}` });
    }
  }
  return out;
}

export interface RouterView {
  readonly node: SimNode;
  readonly inst: InstanceRuntime;
}

/** Every running node's instances, grouped by virtual router. */
export function routers(nodes: readonly SimNode[]): Map<string, RouterView[]> {
  const out = new Map<string, RouterView[]>();
  for (const node of liveNodes(nodes)) {
    for (const inst of node.state.instances) {
      const key = routerKey(inst);
      const list = out.get(key) ?? [];
      list.push({ node, inst });
      out.set(key, list);
    }
  }
  return out;
}

/**
 * Liveness, once quiet and settled: exactly one MASTER per virtual router that has a candidate
 * (an instance in BACKUP or MASTER); it is not beaten by a higher priority unless nopreempt lets it
 * stay; sync-group members on one node agree.
 */
export function checkSettled(nodes: readonly SimNode[], at: number): Violation[] {
  const out: Violation[] = [];
  for (const [key, views] of routers(nodes)) {
    const candidates = views.filter((v) => v.inst.state === 'master' || v.inst.state === 'backup');
    const masters = candidates.filter((v) => v.inst.state === 'master');
    if (candidates.length > 0 && masters.length !== 1) {
      const who = masters.map((m) => m.node.spec.name).join(', ') || 'none';
      out.push({ at, invariant: 'oneMaster', detail: `${key}: ${masters.length} masters (${who}) after the network was quiet` });
      continue;
    }
    const master = masters[0];
    if (master === undefined || candidates.some((v) => v.inst.config.nopreempt)) continue;
    // RFC 5798 §6.4.2: a BACKUP with a higher priority preempts; equal priority does not.
    const better = candidates.find((v) => v.inst.effectivePriority > master.inst.effectivePriority);
    if (better !== undefined) {
      out.push({
        at,
        invariant: 'preemption',
        detail: `${key}: ${master.node.spec.name} (priority ${master.inst.effectivePriority}) is MASTER over ${better.node.spec.name} (priority ${better.inst.effectivePriority})`,
      });
    }
  }
  for (const node of liveNodes(nodes)) {
    for (const group of node.state.groups) {
      const members = node.state.instances.filter((i) => i.config.syncGroup === group.config.name);
      const states = new Set(members.map((m) => m.state));
      if (states.size > 1) {
        const detail = members.map((m) => `${m.config.name}=${m.state}`).join(', ');
        out.push({ at, invariant: 'syncGroup', detail: `${node.spec.name} group ${group.config.name}: ${detail}` });
      }
    }
  }
  return out;
}
