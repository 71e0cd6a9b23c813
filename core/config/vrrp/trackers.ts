import type { ParseContext, TrackerDefaults } from '../context.js';
import type { ConfigNode } from '../syntax.js';
import { lineWords } from './address.js';
import type { TrackerKind, TrackerRef } from './model.js';

/**
 * track_interface / track_script / track_file / track_process / track_bfd blocks of
 * an instance or sync group (keepalived vrrp_track.c alloc_track_*, track_file.c
 * vrrp_alloc_track_file). Names resolve against what was defined earlier in the
 * file, as keepalived resolves them while parsing.
 */

interface TrackerSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly clamp254: boolean;
  readonly noreverse: boolean;
  readonly notFound: string;
  readonly duplicate: string;
  readonly unknownOption: (owner: string, name: string, option: string) => string;
  readonly noValue: string;
  readonly badWeight: (owner: string, name: string, weight: string) => string;
  readonly badReverse: string;
  readonly defined: (ctx: ParseContext) => ReadonlyMap<string, TrackerDefaults> | undefined;
}

const SPECS: Readonly<Record<TrackerKind, TrackerSpec>> = {
  interface: {
    label: 'track_interface', min: -254, max: 254, clamp254: true, noreverse: false,
    notFound: '', duplicate: 'track_interface',
    unknownOption: (o, n, x) => `(${o}) unknown track_interface ${n} option ${x} - ignoring`,
    noValue: 'track_interface',
    badWeight: (o, n, w) => `(${o}) weight ${w} for ${n} must be between [-253..253] inclusive. Ignoring...`,
    badReverse: 'track_interace', // sic, keepalived vrrp_track.c
    defined: () => undefined,
  },
  script: {
    label: 'track_script', min: -254, max: 254, clamp254: true, noreverse: true,
    notFound: 'track script', duplicate: 'track_script',
    unknownOption: (o, _n, x) => `(${o}) unknown track script option ${x} - ignoring`,
    noValue: 'track script',
    badWeight: (o, n) => `(${o}) track script ${n}: weight must be between [-253..253] inclusive, ignoring...`,
    badReverse: 'track_script',
    defined: (ctx) => ctx.defined.vrrpScripts,
  },
  file: {
    label: 'track_file', min: -254, max: 254, clamp254: false, noreverse: true,
    notFound: 'track file', duplicate: 'track_file',
    unknownOption: (o, _n, x) => `(${o}) unknown track file option ${x} - ignoring`,
    noValue: 'track file',
    badWeight: (o, n) => `(${o}) weight for track file ${n} must be in [-254..254] inclusive. Ignoring...`,
    badReverse: 'track_file',
    defined: (ctx) => ctx.defined.trackFiles,
  },
  process: {
    label: 'track_process', min: -254, max: 254, clamp254: false, noreverse: true,
    notFound: 'track process', duplicate: 'track_process',
    unknownOption: (o, _n, x) => `(${o}) unknown track process option ${x} - ignoring`,
    noValue: 'track process',
    badWeight: (o, n) => `(${o}) weight for track process ${n} must be in [-254..254] inclusive. Ignoring...`,
    badReverse: 'track_process',
    defined: (ctx) => ctx.defined.trackProcesses,
  },
  bfd: {
    label: 'track_bfd', min: -253, max: 253, clamp254: false, noreverse: true,
    notFound: 'track bfd', duplicate: 'track_bfd',
    unknownOption: (o, n, x) => `(${o}) unknown track bfd ${n} option ${x} - ignoring`,
    noValue: 'track bfd',
    badWeight: (o, n) => `(${o}) weight for track bfd ${n} must be in [-253..253] inclusive. Ignoring...`,
    badReverse: 'track bfd',
    defined: (ctx) => ctx.defined.bfdInstances,
  },
};

export const TRACK_KEYWORDS: Readonly<Record<string, TrackerKind>> = {
  track_interface: 'interface',
  track_script: 'script',
  track_file: 'file',
  track_process: 'process',
  track_bfd: 'bfd',
};

/** Appends the trackers of one `track_X { ... }` block owned by `owner` to `out`. */
export function parseTrackBlock(kind: TrackerKind, block: readonly ConfigNode[], owner: string, ctx: ParseContext, out: TrackerRef[]): void {
  const spec = SPECS[kind];
  const sink = ctx.sink;
  for (const line of block) {
    const words = lineWords(line);
    const name = words[0] ?? '';
    const defs = spec.defined(ctx);
    const found = defs?.get(name);
    if (defs !== undefined && found === undefined) {
      sink.error(`(${owner}) ${spec.notFound} ${name} not found, ignoring...`, line.loc);
      continue;
    }
    if (out.some((t) => t.kind === kind && t.name === name)) {
      sink.error(`(${owner}) duplicate ${spec.duplicate} ${name} - ignoring`, line.loc);
      continue;
    }
    let weight = found?.weight ?? 0;
    let reverse = found?.reverse ?? false;
    if (words.length >= 2) {
      if (words[1] !== 'weight') {
        sink.error(spec.unknownOption(owner, name, words[1] ?? ''), line.loc);
        continue;
      }
      const text = words[2];
      if (text === undefined) {
        sink.error(`(${owner}) weight without value specified for ${spec.noValue} ${name} - ignoring`, line.loc);
        continue;
      }
      const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!(value >= spec.min && value <= spec.max)) {
        sink.error(spec.badWeight(owner, name, text), line.loc);
        weight = kind === 'interface' ? 0 : (found?.weight ?? 0);
      } else if (spec.clamp254 && Math.abs(value) === 254) {
        // keepalived: "This check can be removed once users have migrated away from +/-254"
        sink.error(`(${owner}) weight for ${name} cannot be +/-254. Setting to +/-253`, line.loc);
        weight = value < 0 ? -253 : 253;
      } else {
        weight = value;
      }
      const option = words[3];
      if (option === 'reverse') reverse = true;
      else if (option === 'noreverse' && spec.noreverse) reverse = false;
      else if (option !== undefined) {
        sink.error(`(${owner}) unknown ${spec.badReverse} ${name} weight option ${option} - ignoring`, line.loc);
        if (kind === 'bfd') continue;
      }
    }
    out.push({ kind, name, weight, reverse, loc: line.loc });
  }
}
