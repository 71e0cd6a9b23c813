import { newDefinedTrackers, type ParseContext } from '../../../../core/config/context.js';
import { DiagnosticSink, type Diagnostic } from '../../../../core/config/diagnostics.js';
import { globalSection, type GlobalConfig } from '../../../../core/config/global/section.js';
import { lexConfigText } from '../../../../core/config/lexer.js';

/** Parses `text` with the global section only, as the root parser would. */
export function parseGlobal(text: string, hostName = 'node1'): { config: GlobalConfig; diagnostics: Diagnostic[]; ctx: ParseContext } {
  const { nodes, diagnostics: lexed } = lexConfigText(text, 'k.conf');
  const sink = new DiagnosticSink();
  sink.items.push(...lexed);
  const ctx: ParseContext = { sink, configId: 'node1', defined: newDefinedTrackers() };
  const section = globalSection();
  for (const node of nodes) {
    const handler = section.keywords[node.keyword];
    if (handler === undefined) sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
    else handler(node, ctx);
  }
  const config = section.finish(ctx, { hostName });
  return { config, diagnostics: sink.items, ctx };
}

/** "severity@line: message" for compact assertions. */
export function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.severity}@${d.loc?.line ?? '-'}: ${d.message}`);
}

/** Diagnostics other than the not-implemented notes. */
export function problems(diagnostics: readonly Diagnostic[]): string[] {
  return summary(diagnostics.filter((d) => d.severity !== 'notImplemented'));
}

/** The i-th element, failing the test when it is absent. */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no element ${index} in ${JSON.stringify(items)}`);
  return item;
}
