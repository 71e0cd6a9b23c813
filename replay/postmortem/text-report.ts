// The postmortem as text for a person: clocks, then one section per virtual router.
import type { Reason } from '../../core/events/index.js';
import type { ClockEstimate } from './clocks.js';
import type { DirectionalDelay } from './directions.js';
import { duration, seconds, signedDuration } from './format.js';
import type { IntervalEnd } from './masters.js';
import type { Postmortem, RouterReport, SplitBrainWindow } from './postmortem.js';

type NameOf = (address: string) => string;

/** keepalived's reasons in words; a peer address is named by its node when known. */
export function reasonWords(r: Reason, nameOf: NameOf): string {
  const peer = r.peer === undefined ? '' : nameOf(r.peer);
  const priority = r.priority === undefined ? '' : ` (priority ${r.priority})`;
  switch (r.kind) {
    case 'startup':
      return 'startup';
    case 'masterDownTimer':
      return `master down timer expired${peer === '' ? '' : ` (last master ${peer}${priority})`}`;
    case 'higherPriorityAdvert':
      return `higher priority advert from ${peer}${priority}`;
    case 'equalPriorityHigherAddress':
      return `equal priority advert from higher address ${peer}`;
    case 'priorityZeroAdvert':
      return `priority 0 advert from ${peer} (it stopped)`;
    case 'trackerFailed':
      return `tracker ${r.subject ?? ''} failed`;
    case 'trackerRecovered':
      return `tracker ${r.subject ?? ''} recovered`;
    case 'interfaceDown':
      return `interface ${r.subject ?? ''} down`;
    case 'interfaceUp':
      return `interface ${r.subject ?? ''} up`;
    case 'syncGroup':
      return `sync group ${r.subject ?? ''}`;
    case 'priorityChanged':
      return `priority changed${r.subject === undefined ? '' : ` by ${r.subject}`}`;
    default:
      return [r.kind, peer, r.subject ?? ''].filter((s) => s !== '').join(' ');
  }
}

/** `until`: the interval's end (for a restart, when the daemon was dead at the latest). */
function endWords(e: IntervalEnd, until: number, nameOf: NameOf): string {
  if (e.kind === 'journalEnd') return 'still MASTER at the end of its journal';
  if (e.kind === 'restart') return `its daemon died between ${seconds(e.lastSeen)} (last record) and ${seconds(until)} (first timer that never fired); the journal shows a restart next`;
  return `→ ${e.to.toUpperCase()}: ${reasonWords(e.reason, nameOf)}`;
}

function clockLine(e: ClockEstimate, directions: readonly DirectionalDelay[]): string {
  if (e.method === 'reference') return `  ${e.node}  reference`;
  if (e.method === 'none') return `  ${e.node}  unknown: no advert matched with another node (wall clock taken as it is)`;
  const hops = new Set(e.path.slice(1).flatMap((node, i) => [`${e.path[i] ?? ''}→${node}`, `${node}→${e.path[i] ?? ''}`]));
  const counts = directions
    .filter((d) => hops.has(`${d.from}→${d.to}`))
    .map((d) => `${d.from}→${d.to} ${d.pairs} advert${d.pairs === 1 ? '' : 's'}`)
    .join(', ');
  const via = e.path.length > 2 ? `, via ${e.path.slice(1, -1).join(', ')}` : '';
  if (e.method === 'one-way') {
    const ambiguous = e.ambiguous ? '; ambiguous by whole advert intervals' : '';
    return `  ${e.node}  ${signedDuration(e.offsetMicros)}, one direction only (${counts}${via}): includes the one-way network delay${ambiguous}`;
  }
  const warning = `${e.inconsistent ? '; round trip came out negative, treat with care' : ''}${e.ambiguous ? '; ambiguous by whole advert intervals' : ''}`;
  return `  ${e.node}  ${signedDuration(e.offsetMicros)} ± ${duration(e.uncertaintyMicros ?? 0)}  (${counts}${via}${warning})`;
}

function windowLines(w: SplitBrainWindow, nameOf: NameOf): string[] {
  const label = w.handover ? '  handover' : '';
  const lines = [`    ${seconds(w.from)} – ${seconds(w.until)}  (${duration(w.durationMicros)})  ${w.nodes.join(' + ')}${label}`];
  lines.push(`      cause [${w.cause.kind}]: ${w.cause.text}`);
  for (const c of w.causes.slice(1)) lines.push(`      also  [${c.kind}]: ${c.text}`);
  if (w.opened !== undefined) lines.push(`      began: ${w.opened.node} became MASTER: ${reasonWords(w.opened.entered, nameOf)}`);
  if (w.closed !== undefined) lines.push(`      ended: ${w.closed.node} ${endWords(w.closed.ended, w.until, nameOf)}`);
  if (w.adverts.length > 0) {
    lines.push(`      adverts: ${w.adverts.map((f) => `${f.from}→${f.to} ${f.sent} sent, ${f.received} arrived`).join('; ')}`);
  }
  return lines;
}

function routerSection(r: RouterReport, nameOf: NameOf): string[] {
  const family = r.family === 'inet' ? 'IPv4' : 'IPv6';
  const lines = [`Virtual router ${r.key} (${family}, advert interval ${duration(r.advertIntervalMicros)})`, '  MASTER'];
  if (r.masters.length === 0) lines.push('    nobody');
  for (const m of r.masters) {
    lines.push(`    ${seconds(m.from).padStart(9)} – ${seconds(m.until).padEnd(9)} ${m.node} ${m.instance}: ${reasonWords(m.entered, nameOf)}; ${endWords(m.ended, m.until, nameOf)}`);
  }
  const long = r.splitBrains.filter((w) => !w.handover);
  const total = long.reduce((sum, w) => sum + w.durationMicros, 0);
  const handovers = r.splitBrains.length - long.length;
  const handoverNote = handovers === 0 ? '' : ` (+ ${handovers} handover overlap${handovers === 1 ? '' : 's'} under one advert interval)`;
  lines.push(`  Split brain: ${long.length} window${long.length === 1 ? '' : 's'}${long.length > 0 ? `, ${duration(total)} in all` : ''}${handoverNote}`);
  for (const w of r.splitBrains) lines.push(...windowLines(w, nameOf));
  return lines;
}

export function postmortemText(p: Postmortem): string {
  const owner = new Map<string, string>();
  for (const [node, addresses] of p.addresses) for (const a of addresses) owner.set(a, node);
  const nameOf: NameOf = (address) => owner.get(address) ?? address;
  const origin = new Date(Number(p.originWallNs / 1_000_000n)).toISOString();
  const lines = [
    `Postmortem of ${p.nodes.join(', ')}: ${duration(p.endMicros)} from ${origin} (times: seconds on ${p.reference}'s clock)`,
    '',
    `Clocks (offset from ${p.reference}'s)`,
    ...p.clocks.estimates.map((e) => clockLine(e, p.clocks.directions)),
    `Addresses: ${[...p.addresses].map(([n, a]) => `${n} ${a.join(' ') || '?'}`).join('; ')}`,
  ];
  for (const r of p.routers) lines.push('', ...routerSection(r, nameOf));
  if (p.notes.length > 0) lines.push('', 'Notes', ...p.notes.map((n) => `  ${n}`));
  return `${lines.join('\n')}\n`;
}
