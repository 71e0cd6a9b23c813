import type { DiagnosticSink } from './diagnostics.js';
import type { ConfigNode } from './syntax.js';

/**
 * Keyword dispatch for one block: each block of keepalived.conf has a table of
 * the keywords it accepts, and anything else is reported the way keepalived
 * reports it ("Unknown keyword 'X'") while parsing goes on.
 */
export type KeywordHandler<T> = (node: ConfigNode, target: T) => void;

export type KeywordTable<T> = Readonly<Record<string, KeywordHandler<T>>>;

export function applyKeywords<T>(
  nodes: readonly ConfigNode[],
  table: KeywordTable<T>,
  target: T,
  sink: DiagnosticSink,
): void {
  for (const node of nodes) {
    const handler = Object.hasOwn(table, node.keyword) ? table[node.keyword] : undefined;
    if (handler === undefined) {
      sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
      continue;
    }
    handler(node, target);
  }
}

/** The statements inside `node`'s block, or an error when it has none. */
export function blockOf(node: ConfigNode, sink: DiagnosticSink): readonly ConfigNode[] {
  if (node.children === undefined) {
    sink.error(`Missing '{' at start of ${node.keyword} block`, node.loc);
    return [];
  }
  return node.children;
}
