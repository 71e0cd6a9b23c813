// One simulated host: the real reducer, its own clock, timers, interfaces and addresses.
import type { KeepalivedConfig } from '../../core/config/model.js';
import type { Record as JournalRecord } from '../../core/events/index.js';
import { initialState } from '../../core/reducer/reduce.js';
import type { VigilState } from '../../core/reducer/state.js';
import type { NodeSpec } from './scenario.js';

export interface JournalEntry {
  /** Local monotonic time, µs. */
  readonly at: number;
  readonly body: JournalRecord['body'];
}

export class SimNode {
  readonly spec: NodeSpec;
  state: VigilState = initialState;
  /** keepalived.conf text in force (a reload changes it) and its parsed model. */
  configText: string;
  config: KeepalivedConfig | undefined;
  /** Armed timers: id → global deadline. */
  readonly timers = new Map<string, number>();
  /** Addresses effects have put on the host's interfaces. */
  readonly held = new Set<string>();
  /** Interfaces that are down (link fault). */
  readonly linksDown = new Set<string>();
  /** Host down (crash) or daemon exited (shutdown): no events, no packets. */
  down = false;
  stopped = false;
  /** Deliveries before this global time wait (a paused process). */
  pausedUntil = 0;
  /** Generation of this boot: events queued for an earlier boot are dropped. */
  boot = 0;
  readonly journal: JournalEntry[] = [];
  /** Local time of the last state snapshot written to the journal. */
  lastSnapshotAt = 0;

  constructor(spec: NodeSpec) {
    this.spec = spec;
    this.configText = spec.config;
  }

  /** The node's monotonic clock at global time `at` (offset and drift). */
  localTime(at: number): number {
    return Math.round(at * (1 + this.spec.clockDrift)) + this.spec.clockOffset;
  }

  /** The earliest global time at which the local clock reads `local`. */
  globalTime(local: number): number {
    return Math.ceil((local - this.spec.clockOffset) / (1 + this.spec.clockDrift));
  }

  /** A host crash: the daemon's state and the kernel's addresses are gone. */
  crash(): void {
    this.down = true;
    this.state = initialState;
    this.timers.clear();
    this.held.clear();
    this.boot++;
  }
}
