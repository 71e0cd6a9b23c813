// One line per effect, for golden files a reviewer can read.
import type { Effect } from '../../core/events/index.js';
import type { Recorded } from '../support/cluster.js';

function seconds(micros: number): string {
  return (micros / 1_000_000).toFixed(6).padStart(10);
}

function describe(e: Effect): string {
  switch (e.kind) {
    case 'SendAdvert':
      return `SendAdvert ${e.instance} prio=${e.message[2] ?? '?'} ${e.source ?? '-'} -> ${e.destination} ttl=${e.ttl} (${e.message.length} bytes)`;
    case 'AddAddress':
    case 'DeleteAddress':
      return `${e.kind} ${e.instance} ${e.address.address}/${e.address.prefixLength} dev ${e.address.interface}`;
    case 'AddRoute':
    case 'DeleteRoute':
      return `${e.kind} ${e.instance} ${e.route.destination}`;
    case 'AddRule':
    case 'DeleteRule':
      return `${e.kind} ${e.instance} pref ${e.rule.preference}`;
    case 'SendGratuitousArp':
    case 'SendUnsolicitedNa':
      return `${e.kind} ${e.instance} ${e.address} on ${e.interface}`;
    case 'RunScript':
      return `RunScript ${e.purpose} ${JSON.stringify(e.argv)}${e.user === undefined ? '' : ` as ${e.user}`}${e.timeoutMicros === undefined ? '' : ` timeout=${e.timeoutMicros}`}`;
    case 'WriteFifo':
      return `WriteFifo ${e.path} ${JSON.stringify(e.line)}`;
    case 'ScheduleTimer':
      return `ScheduleTimer ${e.timer} at ${seconds(e.atMicros).trim()}`;
    case 'CancelTimer':
      return `CancelTimer ${e.timer}`;
    case 'Log':
      return `Log ${e.level} ${JSON.stringify(e.message)}`;
    case 'LoadConfig':
      return 'LoadConfig';
    case 'Transition':
      return `Transition ${e.group ? 'group ' : ''}${e.instance} ${e.from} -> ${e.to} prio=${e.priority} reason=${JSON.stringify(e.reason)}`;
    case 'Exit':
      return `Exit ${e.code}`;
    default:
      // IPVS and checker effects: the VRRP golden timelines never hold them.
      return `${e.kind} ${JSON.stringify(e)}`;
  }
}

export function renderTimeline(about: string, recorded: readonly Recorded[]): string {
  const lines = [`# ${about}`, ...recorded.map((r) => `${seconds(r.at)} ${r.node} ${describe(r.effect)}`)];
  return `${lines.join('\n')}\n`;
}
