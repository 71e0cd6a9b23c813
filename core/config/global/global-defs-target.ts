import type { KeywordHandler } from '../blocks.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { GlobalDraft } from './draft.js';
import { notImplemented, readBoolWith } from './readers.js';

/** What every global_defs keyword handler works on. */
export interface GlobalDefsTarget {
  readonly draft: GlobalDraft;
  readonly sink: DiagnosticSink;
}

export type GlobalHandler = KeywordHandler<GlobalDefsTarget>;

type BoolField = { [K in keyof GlobalDraft]-?: GlobalDraft[K] extends boolean ? K : never }[keyof GlobalDraft];
type OptionalBoolField = { [K in keyof GlobalDraft]-?: GlobalDraft[K] extends boolean | undefined ? K : never }[keyof GlobalDraft];

/** A bare switch: keepalived sets the flag and ignores any argument (e.g. vrrp_strict). */
export function flag(field: BoolField, unimplemented = false): GlobalHandler {
  return (node, { draft, sink }) => {
    draft[field] = true;
    if (unimplemented) notImplemented(node, sink);
  };
}

/**
 * `keyword [BOOL]` through check_true_false; keepalived's message for a bad
 * word differs per keyword, so it is given.
 */
export function boolSetting(field: OptionalBoolField, badMessage: (word: string) => string, unimplemented = false): GlobalHandler {
  return (node, { draft, sink }) => {
    const value = readBoolWith(node, sink, badMessage);
    if (value !== undefined) draft[field] = value;
    if (unimplemented) notImplemented(node, sink);
  };
}

/** keepalived's most common wording for a bad boolean in global_defs. */
export function globalBoolMessage(keyword: string): (word: string) => string {
  return (word) => `Invalid value '${word}' for global ${keyword} specified`;
}

/** Parsed for compatibility, not acted on by Vigil: only the not-implemented note. */
export function accepted(what?: string): GlobalHandler {
  return (node: ConfigNode, { sink }) => {
    notImplemented(node, sink, what);
  };
}
