// Naming why a split brain happened, from the evidence around it: the strongest explanation first.
//
// A backup takes over when it has not used an advert of the master for Master_Down_Interval
// (RFC 5798 §6.4.2), and two masters stay so while neither uses the other's adverts or the lower
// one does not hear the higher. So the questions, in order: did a node refuse the other's adverts
// (its log says why), did a node not run at all (a pause), were adverts lost (both ways: a partition,
// one way), did a tracker move a priority, did a daemon restart or reload.
import type { AdvertFlow, Evidence, NodeEvent, Pause, RejectionCount, Span } from './evidence.js';
import { duration, seconds } from './format.js';
import type { RejectionKind } from './rejections.js';

export type CauseKind =
  | RejectionKind
  | 'pausedNode'
  | 'partition'
  | 'oneWayLoss'
  | 'priorityChange'
  | 'restart'
  | 'reload'
  | 'handoverOverlap'
  | 'unknown';

export interface Cause {
  readonly kind: CauseKind;
  /** In words, with the counts and times that show it. */
  readonly text: string;
  /** The nodes it concerns. */
  readonly nodes: readonly string[];
}

const REJECTION_WORDS: Readonly<Record<RejectionKind, string>> = {
  authMismatch: 'authentication mismatch',
  advertIntervalMismatch: 'advert interval mismatch (VRRPv2 requires equal advert_int)',
  addressListMismatch: 'virtual address list mismatch',
  ttl: 'TTL / hop limit not accepted',
  checksum: 'bad checksum',
  versionMismatch: 'VRRP version mismatch',
  invalidAdvert: 'invalid advert',
};

/** More than half of at least two adverts lost. */
function lossy(f: AdvertFlow): boolean {
  return f.sent >= 2 && f.lost * 2 > f.sent;
}

function flowText(f: AdvertFlow): string {
  return `${f.from}→${f.to} ${f.lost} of ${f.sent} lost`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

type RejectionStrength = 'most' | 'some' | 'warning';

/** 'most': most of what arrived was refused (it explains a takeover); 'some': a few strays. */
function strength(f: AdvertFlow, r: RejectionCount): RejectionStrength {
  if (!r.rejects) return 'warning';
  return r.count * 2 >= f.received ? 'most' : 'some';
}

function rejectionCauses(flows: readonly AdvertFlow[], wanted: RejectionStrength): Cause[] {
  const found = flows.flatMap((f) => f.rejections.filter((r) => strength(f, r) === wanted).map((r) => ({ f, r })));
  return unique(found.map((x) => x.r.kind)).map((kind) => {
    const these = found.filter((x) => x.r.kind === kind);
    const verb = wanted === 'warning' ? 'warned about' : 'rejected';
    const parts = these.map(({ f, r }) => `${f.to} ${verb} ${r.count} of ${f.sent} adverts from ${f.from} ("${r.message}")`);
    const suffix = wanted === 'warning' ? ' (logged; the reducer still uses such adverts, RFC 9568 §7.1)' : '';
    return { kind: kind as RejectionKind, text: `${REJECTION_WORDS[kind as RejectionKind]}${suffix}: ${parts.join('; ')}`, nodes: unique(these.flatMap(({ f }) => [f.to, f.from])) };
  });
}

/**
 * Lost one way, or both (a partition). A direction with a single advert, unanswered, counts as
 * lost when the other direction is lossy: one advert cannot be more than half lost.
 */
function lossCauses(flows: readonly AdvertFlow[]): Cause[] {
  const lost = flows.filter(lossy);
  if (lost.length === 0) return [];
  const reverse = (f: AdvertFlow): AdvertFlow | undefined => flows.find((g) => g.from === f.to && g.to === f.from);
  const silentBack = (f: AdvertFlow): boolean => {
    const back = reverse(f);
    return back !== undefined && back.sent > 0 && (lossy(back) || back.received === 0);
  };
  const twoWay = lost.filter(silentBack);
  if (twoWay.length > 0) {
    const shown = unique([...twoWay, ...twoWay.flatMap((f) => reverse(f) ?? [])].map((f) => `${f.from}|${f.to}`));
    const text = shown.map((k) => flows.find((f) => `${f.from}|${f.to}` === k)).flatMap((f) => (f === undefined ? [] : [flowText(f)]));
    return [{ kind: 'partition', text: `adverts lost both ways (a partition): ${text.join(', ')}`, nodes: unique(twoWay.flatMap((f) => [f.from, f.to])) }];
  }
  const back = lost.map((f) => {
    const r = reverse(f);
    return r === undefined || r.sent === 0 ? `${f.to} sent nothing back to judge the other way by` : `${r.from}→${r.to} ${r.received} of ${r.sent} arrived`;
  });
  return [{ kind: 'oneWayLoss', text: `adverts lost one way: ${lost.map(flowText).join(', ')}, while ${unique(back).join(', ')}`, nodes: unique(lost.flatMap((f) => [f.from, f.to])) }];
}

function eventCauses(kind: CauseKind, events: readonly NodeEvent[]): Cause[] {
  if (events.length === 0) return [];
  const shown = events.slice(0, 4).map((e) => e.text);
  if (events.length > shown.length) shown.push(`and ${events.length - shown.length} more`);
  return [{ kind, text: shown.join('; '), nodes: unique(events.map((e) => e.node)) }];
}

function pauseCause(p: Pause): Cause {
  return { kind: 'pausedNode', text: `${p.node} did not run for ${duration(p.until - p.from)} (${seconds(p.from)} to ${seconds(p.until)} s): its timers fired that late`, nodes: [p.node] };
}

/**
 * Every cause the evidence supports for the window, strongest first; never empty. A pause explains
 * a window it began before and that ended soon after it (the node ran again and settled it); one
 * in the middle of a longer window only contributed.
 */
export function nameCauses(evidence: Evidence, window: Span, advertIntervalMicros: number): Cause[] {
  const explains = (p: Pause): boolean => p.from <= window.from && window.until <= p.until + 2 * advertIntervalMicros;
  const durationMicros = window.until - window.from;
  const causes: Cause[] = [
    ...rejectionCauses(evidence.flows, 'most'),
    ...evidence.pauses.filter(explains).map(pauseCause),
    ...lossCauses(evidence.flows),
    ...eventCauses('priorityChange', evidence.priorityChanges),
    ...eventCauses('restart', evidence.restarts),
    ...eventCauses('reload', evidence.reloads),
    ...evidence.pauses.filter((p) => !explains(p)).map(pauseCause),
    ...rejectionCauses(evidence.flows, 'some'),
    ...rejectionCauses(evidence.flows, 'warning'),
  ];
  if (durationMicros < advertIntervalMicros) {
    causes.push({ kind: 'handoverOverlap', text: `both MASTER for ${duration(durationMicros)}, less than one advert interval (${duration(advertIntervalMicros)}): a handover`, nodes: [] });
  }
  if (causes.length === 0) causes.push({ kind: 'unknown', text: 'the journals show no lost, rejected or late adverts, pause, priority change, restart or reload around it', nodes: [] });
  return causes;
}
