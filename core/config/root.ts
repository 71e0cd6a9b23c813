import type { ParseContext, RootKeywordTable } from './context.js';
import type { ConfigNode } from './syntax.js';

/** Dispatches a top-level statement to its section; anything else is keepalived's "Unknown keyword". */
export function applyRootKeyword(node: ConfigNode, keywords: RootKeywordTable, ctx: ParseContext): void {
  const handler = Object.hasOwn(keywords, node.keyword) ? keywords[node.keyword] : undefined;
  if (handler === undefined) ctx.sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
  else handler(node, ctx);
}
