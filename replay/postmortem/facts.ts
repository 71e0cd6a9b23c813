// One pass over a node's journal: the facts the postmortem reasons about, on the node's own clock.
// An input event is followed in the journal by the effects it produced (DESIGN.md "The journal"),
// so a Log line is read together with the event that caused it.
import type { KeepalivedConfig } from '../../core/config/model.js';
import { eventKinds, type Effect, type Event, type InstanceState, type Reason, type Record as JournalRecord } from '../../core/events/index.js';
import { IPPROTO_AH, IPSEC_AH_LENGTH, readVrrpHeader } from '../../core/vrrp/index.js';
import { classifyRejection, strongest, type Rejection } from './rejections.js';

/** One advert sent or received, as far as pairing and counting need it. */
export interface AdvertStamp {
  /** Node-local µs after the origin. */
  readonly at: number;
  /** Source, destination and the message bytes: equal for a send and its receptions. */
  readonly key: string;
  /** Virtual router (see routerKey). */
  readonly router: string;
  readonly source: string;
  readonly priority: number;
  /** The interval the advert announces, µs. */
  readonly intervalMicros: number;
}

export interface ReceivedAdvert extends AdvertStamp {
  /** What the receiver's log said about it, if anything. */
  readonly rejection: Rejection | undefined;
  /**
   * Read when the process ran again after a pause: the packet waited in the socket, so its time
   * is when the node looked, not when it arrived (useless for comparing clocks).
   */
  readonly queued: boolean;
}

export interface TransitionFact {
  readonly kind: 'transition';
  readonly at: number;
  readonly instance: string;
  /** undefined: the instance is in no config this node loaded. */
  readonly router: string | undefined;
  readonly from: InstanceState;
  readonly to: InstanceState;
  readonly reason: Reason;
  readonly priority: number;
}

/**
 * A DaemonStarted after the journal's first record. The previous run's last record is at
 * `previousEnd`; it was dead by `deadBy`, the first of its timers that never fired (a running
 * daemon would have journaled it), or the restart itself.
 */
export interface RestartFact {
  readonly kind: 'restart';
  readonly at: number;
  readonly previousEnd: number;
  readonly deadBy: number;
}

/** A timer that fired later than it was due: the process did not run meanwhile. */
export interface LateTimer {
  readonly timer: string;
  readonly dueAt: number;
  readonly firedAt: number;
}

/** "(VI_1) Changing effective priority from 150 to 90" and what caused it. */
export interface PriorityChange {
  readonly at: number;
  readonly instance: string;
  readonly router: string | undefined;
  readonly from: number;
  readonly to: number;
  readonly why: string;
  /** A reloaded config set it (not a tracker). */
  readonly byReload: boolean;
}

export interface RouterInfo {
  readonly key: string;
  readonly vrid: number;
  readonly family: 'inet' | 'inet6';
  readonly advertIntervalMicros: number;
}

export interface NodeFacts {
  readonly node: string;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Addresses of the node itself: its interfaces' addresses that are no VIP of its configs. */
  readonly ownAddresses: readonly string[];
  readonly sent: readonly AdvertStamp[];
  readonly received: readonly ReceivedAdvert[];
  /** Transitions and restarts, in journal order. */
  readonly lifecycle: readonly (TransitionFact | RestartFact)[];
  readonly lateTimers: readonly LateTimer[];
  readonly priorityChanges: readonly PriorityChange[];
  /** Times of ConfigLoaded records other than the first of a run (SIGHUP reloads). */
  readonly reloads: readonly number[];
  /** The virtual routers this node's configs define. */
  readonly routers: ReadonlyMap<string, RouterInfo>;
}

/** A virtual router on the LAN: VRID and family (the simulator's spelling). */
export function routerKey(family: 'inet' | 'inet6', vrid: number): string {
  return `${family === 'inet' ? '' : 'v6 '}vrid ${vrid}`;
}

const EVENT_KINDS: ReadonlySet<string> = new Set(eventKinds);
/** Below this a late timer is scheduling noise, not a pause (the analysis applies its own bound). */
const LATE_TIMER_FLOOR_MICROS = 50_000;
/** A timer this late means the process was stopped; what it reads in the next this-many µs had queued. */
const QUEUED_AFTER_LATENESS = 100_000;
const QUEUED_WINDOW_MICROS = 50_000;
const PRIORITY_LINE = /^\((.+)\) Changing effective priority from (\d+) to (\d+)$/;

function isEvent(body: Event | Effect): body is Event {
  return EVENT_KINDS.has(body.kind);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function advertHeader(message: Uint8Array): { priority: number; vrid: number; intervalMicros: number } | undefined {
  const h = readVrrpHeader(message);
  if (h === undefined) return undefined;
  const intervalMicros = h.versionNibble === 3 ? h.maxAdvertIntervalCentis * 10_000 : h.advertIntervalSeconds * 1_000_000;
  return { priority: h.priority, vrid: h.vrid, intervalMicros };
}

/** What made a priority change, in words: the tracker's own log line, or the input event. */
function describeCause(event: Event | undefined, logs: readonly string[]): string {
  const line = logs.find((l) => l.startsWith('VRRP_Script(')) ?? logs.find((l) => l.startsWith('Script `'));
  if (line !== undefined) return line;
  if (event === undefined) return 'unknown';
  switch (event.kind) {
    case 'ScriptResult':
      return `vrrp_script ${event.script} ${event.outcome} ${event.status}`;
    case 'TrackFileChanged':
      return `track_file ${event.file} = ${event.value}`;
    case 'LinkChanged':
      return `interface ${event.interface} ${event.up && event.running ? 'up' : 'down'}`;
    case 'ProcessCountChanged':
      return `track_process ${event.process}: ${event.count} running`;
    default:
      return event.kind;
  }
}

function vipsOf(config: KeepalivedConfig): string[] {
  return config.vrrp.instances.flatMap((i) => [...i.vips, ...i.excludedVips].map((v) => v.address));
}

export function readFacts(node: string, records: readonly JournalRecord[], times: readonly number[]): NodeFacts {
  const sent: AdvertStamp[] = [];
  const received: ReceivedAdvert[] = [];
  const lifecycle: (TransitionFact | RestartFact)[] = [];
  const lateTimers: LateTimer[] = [];
  const priorityChanges: PriorityChange[] = [];
  const reloads: number[] = [];
  const routers = new Map<string, RouterInfo>();
  const instanceRouter = new Map<string, string>();
  const interfaceAddresses: { interface: string; family: string; address: string }[] = [];
  const vips = new Set<string>();
  const senderAddresses = new Set<string>();
  const armed = new Map<string, number>();
  let configsThisRun = 0;
  let event: Event | undefined;
  let eventAt = 0;
  let batchLogs: string[] = [];
  let pendingReceive: { stamp: AdvertStamp; rejection: Rejection | undefined } | undefined;
  let pendingPriority: Omit<PriorityChange, 'why' | 'byReload'>[] = [];

  const closeBatch = (): void => {
    if (pendingReceive !== undefined) received.push({ ...pendingReceive.stamp, rejection: pendingReceive.rejection, queued: false });
    const byReload = event?.kind === 'ConfigLoaded';
    for (const p of pendingPriority) priorityChanges.push({ ...p, why: byReload ? 'config reloaded' : describeCause(event, batchLogs), byReload });
    pendingReceive = undefined;
    pendingPriority = [];
    batchLogs = [];
  };
  const primaryAddress = (iface: string, family: string): string =>
    interfaceAddresses.find((a) => a.interface === iface && a.family === family && !vips.has(a.address))?.address ?? '';

  records.forEach((record, i) => {
    const at = times[i] ?? 0;
    const body = record.body;
    if (body.kind === 'StateSnapshot') return; // a checkpoint: nothing happened
    if (isEvent(body)) {
      closeBatch();
      event = body;
      eventAt = at;
      onEvent(body, at, record.monotonicNs, i);
    } else {
      onEffect(body, eventAt);
    }
  });
  closeBatch();

  function onEvent(e: Event, at: number, monotonicNs: bigint, index: number): void {
    switch (e.kind) {
      case 'DaemonStarted':
        if (index > 0) {
          const previousEnd = times[index - 1] ?? at;
          const previousMicros = Number((records[index - 1]?.monotonicNs ?? 0n) / 1000n);
          const firstDue = Math.min(...armed.values());
          const deadBy = Number.isFinite(firstDue) ? Math.min(at, Math.max(previousEnd, previousEnd + firstDue - previousMicros)) : previousEnd;
          lifecycle.push({ kind: 'restart', at, previousEnd, deadBy });
        }
        configsThisRun = 0;
        armed.clear();
        return;
      case 'ConfigLoaded':
        if (configsThisRun++ > 0) reloads.push(at);
        for (const v of vipsOf(e.config)) vips.add(v);
        for (const inst of e.config.vrrp.instances) {
          const key = routerKey(inst.family, inst.vrid);
          instanceRouter.set(inst.name, key);
          const known = routers.get(key);
          const advertIntervalMicros = Math.max(known?.advertIntervalMicros ?? 0, inst.advertIntervalMicros);
          routers.set(key, { key, vrid: inst.vrid, family: inst.family, advertIntervalMicros });
        }
        return;
      case 'AddressChanged':
        if (e.present && !interfaceAddresses.some((a) => a.address === e.address)) {
          interfaceAddresses.push({ interface: e.interface, family: e.family, address: e.address });
        }
        return;
      case 'AdvertReceived': {
        const message = e.family === 'inet' && e.ipProtocol === IPPROTO_AH ? e.payload.subarray(IPSEC_AH_LENGTH) : e.payload;
        const h = advertHeader(message);
        if (h === undefined) return;
        const stamp = { at, key: `${e.source}|${e.destination}|${hex(e.payload)}`, router: routerKey(e.family, h.vrid), source: e.source, priority: h.priority, intervalMicros: h.intervalMicros };
        pendingReceive = { stamp, rejection: undefined };
        return;
      }
      case 'TimerFired': {
        const due = armed.get(e.timer);
        armed.delete(e.timer);
        if (due === undefined) return;
        const lateMicros = Number(monotonicNs / 1000n) - due;
        if (lateMicros >= LATE_TIMER_FLOOR_MICROS) lateTimers.push({ timer: e.timer, dueAt: at - lateMicros, firedAt: at });
        return;
      }
      default:
        return;
    }
  }

  function onEffect(e: Effect, at: number): void {
    switch (e.kind) {
      case 'SendAdvert': {
        const h = advertHeader(e.message);
        if (h === undefined) return;
        const source = e.source ?? primaryAddress(e.interface, e.family);
        senderAddresses.add(source);
        sent.push({ at, key: `${source}|${e.destination}|${hex(e.message)}`, router: routerKey(e.family, h.vrid), source, priority: h.priority, intervalMicros: h.intervalMicros });
        return;
      }
      case 'Transition':
        if (e.group) return;
        lifecycle.push({ kind: 'transition', at, instance: e.instance, router: instanceRouter.get(e.instance), from: e.from, to: e.to, reason: e.reason, priority: e.priority });
        return;
      case 'ScheduleTimer':
        armed.set(e.timer, e.atMicros);
        return;
      case 'CancelTimer':
        armed.delete(e.timer);
        return;
      case 'Log': {
        batchLogs.push(e.message);
        if (pendingReceive !== undefined) pendingReceive.rejection = strongest(pendingReceive.rejection, classifyRejection(e.message));
        const m = PRIORITY_LINE.exec(e.message);
        if (m !== null) {
          const instance = m[1] ?? '';
          pendingPriority.push({ at, instance, router: instanceRouter.get(instance), from: Number(m[2]), to: Number(m[3]) });
        }
        return;
      }
      default:
        return;
    }
  }

  const pauses = lateTimers.filter((t) => t.firedAt - t.dueAt >= QUEUED_AFTER_LATENESS);
  const marked = received.map((r) => (pauses.some((p) => r.at >= p.dueAt && r.at <= p.firedAt + QUEUED_WINDOW_MICROS) ? { ...r, queued: true } : r));
  const own = interfaceAddresses.map((a) => a.address).filter((a) => !vips.has(a));
  for (const a of senderAddresses) if (a !== '' && !own.includes(a)) own.push(a);
  const lastAt = times[times.length - 1] ?? 0;
  return {
    node,
    firstAt: times[0] ?? 0,
    lastAt,
    ownAddresses: own,
    sent,
    received: marked,
    lifecycle,
    lateTimers,
    priorityChanges,
    reloads,
    routers,
  };
}
