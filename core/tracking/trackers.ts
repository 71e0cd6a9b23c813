// Every tracked object's state, and whether each counts as up (keepalived vrrp_track.c).
import type { GlobalConfig, TrackProcess } from '../config/global/model.js';
import type { TrackerRef } from '../config/vrrp/model.js';
import { newScriptTracker, scriptVerdict, type ScriptTracker } from './script.js';
import { linkUp, type World } from './world.js';

export interface Trackers {
  /** vrrp_scripts some instance or group tracks, by name, in config order. */
  readonly scripts: ReadonlyMap<string, ScriptTracker>;
  /** track_file values as last read; absent until the first TrackFileChanged. */
  readonly files: ReadonlyMap<string, number>;
  /** Matching process counts; absent until the first ProcessCountChanged. */
  readonly processes: ReadonlyMap<string, number>;
}

export const noTrackers: Trackers = { scripts: new Map(), files: new Map(), processes: new Map() };

/**
 * Trackers for a config: only scripts something tracks are run (keepalived removes the others at
 * config time). `previous` keeps the counters of unchanged scripts across a reload
 * ("VRRP_Script(S) considered successful on reload").
 */
export function trackersFor(
  global: GlobalConfig,
  tracked: ReadonlySet<string>,
  now: number,
  previous: Trackers = noTrackers,
): Trackers {
  const scripts = new Map<string, ScriptTracker>();
  for (const s of global.vrrpScripts) {
    if (!tracked.has(s.name)) continue;
    const old = previous.scripts.get(s.name);
    const same = old !== undefined && sameScript(old.config, s);
    scripts.set(s.name, same ? { ...old, config: s } : newScriptTracker(s, now));
  }
  return { scripts, files: previous.files, processes: previous.processes };
}

/** Same command, interval, rise and fall: a reload keeps its counter. */
export function sameScript(a: ScriptTracker['config'], b: ScriptTracker['config']): boolean {
  return (
    a.script.text === b.script.text &&
    a.intervalMicros === b.intervalMicros &&
    a.rise === b.rise &&
    a.fall === b.fall
  );
}

/** pending: no result yet; up/down: keepalived's "up" for the tracker kind (§2.5 table). */
export type Verdict = 'pending' | 'up' | 'down';

export function trackerVerdict(
  ref: TrackerRef,
  trackers: Trackers,
  world: World,
  processes: readonly TrackProcess[],
): Verdict {
  switch (ref.kind) {
    case 'interface':
      return linkUp(world, ref.name) ? 'up' : 'down';
    case 'script': {
      const t = trackers.scripts.get(ref.name);
      return t === undefined ? 'pending' : scriptVerdict(t);
    }
    case 'process': {
      const count = trackers.processes.get(ref.name);
      const config = processes.find((p) => p.name === ref.name);
      if (count === undefined || config === undefined) return 'pending';
      return count >= config.quorum && count <= config.quorumMax ? 'up' : 'down';
    }
    case 'file':
      return trackers.files.has(ref.name) ? 'up' : 'pending';
    case 'bfd':
      // BFD is reported as not implemented at config time; a session never comes up.
      return 'down';
  }
}
