// The snapshot's canonical text, written field by field (see snapshotText).
import type { InstanceRuntime, InstanceStats } from '../instance/runtime.js';
import type { GroupRuntime } from '../sync/group.js';
import type { LvsState } from '../lvs/index.js';
import type { VigilState } from '../reducer/state.js';
import type { Trackers } from '../tracking/trackers.js';
import { canonicalJson, jsonString } from './canonical-json.js';
import { lvsData } from './lvs-snapshot.js';
import { scriptsData, SNAPSHOT_VERSION } from './snapshot-data.js';

/**
 * The text of parts of a state, by the object each was written from. The reducer never changes an
 * object it has made (a step makes new ones), so a part's text holds as long as the object is in
 * use; replay checks a snapshot every few dozen events, and most parts (the world, the trackers,
 * an instance's reasons) are the same objects each time. One per replay: nothing outlives it.
 */
export class SnapshotMemo {
  // The writer is kept with the text: one object could be written two ways (an empty Map shared
  // by two parts, say), and a text is only reused for the writer that made it.
  private readonly texts = new WeakMap<object, { readonly write: unknown; readonly text: string }>();

  /** `write(part)`, remembered. */
  text<T extends object>(part: T, write: (part: T) => string): string {
    const known = this.texts.get(part);
    if (known?.write === write) return known.text;
    const text = write(part);
    this.texts.set(part, { write, text });
    return text;
  }
}

/** `write(part)`, from `memo` when there is one. */
function memoized<T extends object>(memo: SnapshotMemo | undefined, part: T, write: (part: T) => string): string {
  return memo === undefined ? write(part) : memo.text(part, write);
}

const entriesText = (map: ReadonlyMap<string, unknown>): string => canonicalJson([...map]);
/** Both keys the groups fill: each group's state, then each group's lastMailedState. */
const groupsText = (groups: readonly GroupRuntime[]): string =>
  `"groups":${canonicalJson(groups.map((g) => [g.config.name, g.state]))},"groupsMailed":${canonicalJson(groups.map((g) => g.lastMailedState))}`;
// lvsData is null only for an undefined LvsState.
const lvsText = (lvs: LvsState): string => canonicalJson(lvsData(lvs) ?? {});
const scriptsText = (scripts: Trackers['scripts']): string => canonicalJson(scriptsData(scripts));

/**
 * canonicalJson(snapshotData(state)), written field by field: replay checks a snapshot every few
 * dozen events, and the generic writer spent most of its time on the instances and their counters,
 * whose keys are known. What is not known here goes through canonicalJson. test/unit/snapshot
 * holds the two to the same text for every state the simulations and the LVS tests go through.
 * (Following a recorded text piece by piece instead of writing one was tried: slower, as V8
 * compares a whole string far faster than many pieces of one.)
 */
export function snapshotText(state: VigilState, memo?: SnapshotMemo): string {
  let instances = '';
  for (const i of state.instances) instances += `${instances === '' ? '' : ','}${instanceText(i, memo)}`;
  const { world, trackers } = state;
  return `{"addresses":${memoized(memo, world.addresses, entriesText)}`
    + `,"delayedStartUntil":${numberText(state.delayedStartUntil)}`
    + `,"digest":${jsonString(state.digest)}`
    + `,"dropped":${memoized(memo, state.dropped, canonicalJson)}`
    + `,"files":${memoized(memo, trackers.files, entriesText)}`
    + `,${memoized(memo, state.groups, groupsText)}`
    + `,"instances":[${instances}]`
    + `,"links":${memoized(memo, world.links, entriesText)}`
    + `,"lvs":${state.lvs === undefined ? 'null' : memoized(memo, state.lvs, lvsText)}`
    + `,"phase":${jsonString(state.phase)}`
    + `,"processes":${memoized(memo, trackers.processes, entriesText)}`
    + `,"scripts":${memoized(memo, trackers.scripts, scriptsText)}`
    + `,"version":${SNAPSHOT_VERSION}}`;
}

/** A number as JSON writes it (a number that JSON cannot carry becomes null). */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

function orNullText(n: number | undefined): string {
  return n === undefined ? 'null' : numberText(n);
}

function objectOrNullText(o: object | undefined, memo: SnapshotMemo | undefined): string {
  return o === undefined ? 'null' : memoized(memo, o, canonicalJson);
}

/** canonicalJson(instanceData(i)). */
function instanceText(i: InstanceRuntime, memo: SnapshotMemo | undefined): string {
  return `{"armedAt":${orNullText(i.armedAt)}`
    + `,"basePriority":${numberText(i.basePriority)}`
    + `,"deadline":${orNullText(i.deadline)}`
    + `,"downTimerMicros":${numberText(i.downTimerMicros)}`
    + `,"effectivePriority":${numberText(i.effectivePriority)}`
    + `,"fault":${objectOrNullText(i.fault, memo)}`
    + `,"garpRefreshAt":${orNullText(i.garpRefreshAt)}`
    + `,"intervalMismatchLogged":${i.intervalMismatchLogged ? 'true' : 'false'}`
    + `,"lastMailedState":${jsonString(i.lastMailedState)}`
    + `,"master":${objectOrNullText(i.master, memo)}`
    + `,"masterAdverIntervalMicros":${numberText(i.masterAdverIntervalMicros)}`
    + `,"name":${jsonString(i.config.name)}`
    + `,"nextMasterReason":${memoized(memo, i.nextMasterReason, canonicalJson)}`
    + `,"notifiesSent":${i.notifiesSent ? 'true' : 'false'}`
    + `,"ownerAdvertSeenAt":${orNullText(i.ownerAdvertSeenAt)}`
    + `,"pending":${i.pending ? 'true' : 'false'}`
    + `,"preemptUntil":${orNullText(i.preemptUntil)}`
    + `,"reason":${memoized(memo, i.reason, canonicalJson)}`
    + `,"since":${numberText(i.since)}`
    + `,"state":${jsonString(i.state)}`
    + `,"stats":${statsText(i.stats)}`
    + `,"vipsSet":${i.vipsSet ? 'true' : 'false'}`
    + `,"wantState":${jsonString(i.wantState)}}`;
}

/** canonicalJson(stats): every counter, in sorted order. */
function statsText(s: InstanceStats): string {
  return `{"addr_list_err":${numberText(s.addr_list_err)}`
    + `,"advert_interval_err":${numberText(s.advert_interval_err)}`
    + `,"advert_rcvd":${numberText(s.advert_rcvd)}`
    + `,"advert_sent":${numberText(s.advert_sent)}`
    + `,"auth_failure":${numberText(s.auth_failure)}`
    + `,"authtype_mismatch":${numberText(s.authtype_mismatch)}`
    + `,"become_master":${numberText(s.become_master)}`
    + `,"invalid_authtype":${numberText(s.invalid_authtype)}`
    + `,"invalid_type_rcvd":${numberText(s.invalid_type_rcvd)}`
    + `,"ip_ttl_err":${numberText(s.ip_ttl_err)}`
    + `,"packet_len_err":${numberText(s.packet_len_err)}`
    + `,"pri_zero_rcvd":${numberText(s.pri_zero_rcvd)}`
    + `,"pri_zero_sent":${numberText(s.pri_zero_sent)}`
    + `,"release_master":${numberText(s.release_master)}}`;
}
