// The observer of a simulation: invariant verdicts, split-brain windows, expectations and the
// priority-0 handover check, from the nodes' states after each step.
import { formatSeconds } from './duration.js';
import { checkSettled, checkVipOwnership, routers, type Violation } from './invariants.js';
import type { SimNode } from './node.js';
import type { Expectation } from './scenario.js';

export interface SplitBrain {
  readonly router: string;
  readonly from: number;
  readonly until: number;
  readonly nodes: readonly string[];
}

export class Monitor {
  readonly violations: Violation[] = [];
  readonly splitBrains: SplitBrain[] = [];
  private readonly open = new Map<string, { from: number; nodes: string[] }>();
  private readonly nodes: readonly SimNode[];

  constructor(nodes: readonly SimNode[]) {
    this.nodes = nodes;
  }

  /**
   * After `node` reduced an event: VIP ownership (safety) and split-brain bookkeeping.
   * `releaseBlocked`: the environment makes removing addresses fail on this node just now.
   */
  afterEvent(node: SimNode, at: number, releaseBlocked = false): void {
    if (!releaseBlocked) this.violations.push(...checkVipOwnership(node, at));
    this.trackMasters(at);
  }

  /** Who is MASTER changed without an event (a host crashed): close or open windows now. */
  trackMasters(at: number): void {
    for (const [router, views] of routers(this.nodes)) {
      const masters = views.filter((v) => v.inst.state === 'master').map((v) => v.node.spec.name);
      const open = this.open.get(router);
      if (masters.length > 1 && open === undefined) this.open.set(router, { from: at, nodes: masters });
      if (masters.length <= 1 && open !== undefined) {
        if (at > open.from) this.splitBrains.push({ router, from: open.from, until: at, nodes: open.nodes });
        this.open.delete(router);
      }
    }
    // A router no live node has any more (every instance's host crashed) closes too.
    for (const [router, open] of this.open) {
      if (routers(this.nodes).has(router)) continue;
      if (at > open.from) this.splitBrains.push({ router, from: open.from, until: at, nodes: open.nodes });
      this.open.delete(router);
    }
  }

  /** Liveness, called only once the world has been quiet for the settle time. */
  settled(at: number): void {
    this.violations.push(...checkSettled(this.nodes, at));
  }

  /** A transition where none should happen any more. */
  unsettled(at: number, detail: string): void {
    this.violations.push({ at, invariant: 'stability', detail });
  }

  expectation(e: Expectation, at: number): void {
    const views = routers(this.nodes).get(`vrid ${e.vrid}`) ?? [];
    const masters = views.filter((v) => v.inst.state === 'master').map((v) => v.node.spec.name);
    const ok = e.master === 'none' ? masters.length === 0 : masters.length === 1 && masters[0] === e.master;
    if (ok) return;
    this.violations.push({
      at,
      invariant: 'expectation',
      detail: `at ${formatSeconds(e.at)}s vrid ${e.vrid}: expected master ${e.master}, found ${masters.join(', ') || 'none'}`,
    });
  }

  /** RFC 5798 §6.4.2: after a master's priority-0 advert some backup must have taken over. */
  handover(router: string, from: string, since: number, at: number): void {
    const views = routers(this.nodes).get(router) ?? [];
    const candidates = views.filter((v) => v.node.spec.name !== from && (v.inst.state === 'master' || v.inst.state === 'backup'));
    if (candidates.length === 0 || candidates.some((v) => v.inst.state === 'master')) return;
    this.violations.push({
      at,
      invariant: 'handover',
      detail: `${router}: ${from} stopped at ${formatSeconds(since)} with priority 0, no backup took over within skew time`,
    });
  }

  /** Split-brain windows still open when the run ends. */
  close(at: number): void {
    for (const [router, open] of this.open) if (at > open.from) this.splitBrains.push({ router, from: open.from, until: at, nodes: open.nodes });
    this.open.clear();
  }
}
