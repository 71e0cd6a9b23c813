import type { DiagnosticSink } from './diagnostics.js';
import type { ConfigNode } from './syntax.js';

/**
 * What every section parser receives. Sections register the names they define
 * as they go, because keepalived resolves tracker references at parse time in
 * file order ("track script chk not found, ignoring...").
 */
export interface ParseContext {
  readonly sink: DiagnosticSink;
  /** `-i` or the first component of the host name: selects `@id` lines and `${_INSTANCE}`. */
  readonly configId: string;
  /** Tracker definitions seen so far, by kind, in definition order. */
  readonly defined: DefinedTrackers;
}

export interface DefinedTrackers {
  readonly vrrpScripts: Map<string, TrackerDefaults>;
  readonly trackFiles: Map<string, TrackerDefaults>;
  readonly trackProcesses: Map<string, TrackerDefaults>;
  readonly bfdInstances: Map<string, TrackerDefaults>;
}

/** What an instance inherits from a tracker it names without its own weight. */
export interface TrackerDefaults {
  readonly weight: number;
  readonly reverse: boolean;
}

/** A parser for one top-level block or keyword (`vrrp_instance NAME { ... }`). */
export type RootKeywordHandler = (node: ConfigNode, ctx: ParseContext) => void;

export type RootKeywordTable = Readonly<Record<string, RootKeywordHandler>>;

export function newDefinedTrackers(): DefinedTrackers {
  return { vrrpScripts: new Map(), trackFiles: new Map(), trackProcesses: new Map(), bfdInstances: new Map() };
}
