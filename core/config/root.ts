import type { ParseContext, RootKeywordTable } from './context.js';
import type { ConfigNode } from './syntax.js';

/** Dispatches top-level statements to their sections; anything else is keepalived's "Unknown keyword". */
export function applyRootKeywords(nodes: readonly ConfigNode[], keywords: RootKeywordTable, ctx: ParseContext): void {
  for (const node of nodes) {
    const handler = Object.hasOwn(keywords, node.keyword) ? keywords[node.keyword] : undefined;
    if (handler === undefined) ctx.sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
    else handler(node, ctx);
  }
}
