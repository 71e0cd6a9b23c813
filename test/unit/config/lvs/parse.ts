import { newDefinedTrackers, type ParseContext } from '../../../../core/config/context.js';
import { DiagnosticSink, type Diagnostic } from '../../../../core/config/diagnostics.js';
import { lexConfigText } from '../../../../core/config/lexer.js';
import { defaultLvsGlobalDefaults, lvsSection, type LvsConfig, type LvsGlobalDefaults } from '../../../../core/config/lvs/section.js';

export interface ParseOptions {
  readonly globals?: Partial<LvsGlobalDefaults>;
  readonly trackFiles?: Record<string, { weight: number; reverse: boolean }>;
  readonly bfdInstances?: readonly string[];
}

/** Lexes `text`, feeds the LVS section's top-level blocks in file order, then finish(). */
export function parseLvs(text: string, options: ParseOptions = {}): { model: LvsConfig; diagnostics: Diagnostic[] } {
  const { nodes, diagnostics: lexDiagnostics } = lexConfigText(text, 'keepalived.conf');
  if (lexDiagnostics.length > 0) throw new Error(`lexer: ${JSON.stringify(lexDiagnostics)}`);
  const sink = new DiagnosticSink();
  const defined = newDefinedTrackers();
  for (const [name, defaults] of Object.entries(options.trackFiles ?? {})) defined.trackFiles.set(name, defaults);
  for (const name of options.bfdInstances ?? []) defined.bfdInstances.set(name, { weight: 0, reverse: false });
  const ctx: ParseContext = { sink, configId: 'test', defined };
  const section = lvsSection();
  for (const node of nodes) {
    const handler = Object.hasOwn(section.keywords, node.keyword) ? section.keywords[node.keyword] : undefined;
    handler?.(node, ctx);
  }
  const model = section.finish(ctx, { ...defaultLvsGlobalDefaults, ...options.globals });
  return { model, diagnostics: sink.items };
}

/** [severity, message, line | undefined] triples, for compact assertions. */
export function summary(diagnostics: readonly Diagnostic[]): [string, string, number | undefined][] {
  return diagnostics.map((d) => [d.severity, d.message, d.loc?.line]);
}

/**
 * A virtual server with protocol, scheduler and method set and one real
 * server after `lines`, so only the lines under test report. `lines` start at
 * line 5; `rsLines` (inside the real server) start at line 6 + lines.
 */
export function vsWith(lines: string, rsLines = '', head = '10.0.0.1 80'): string {
  const body = lines === '' ? '' : `${lines}\n`;
  return `virtual_server ${head} {\n protocol TCP\n lvs_sched rr\n lvs_method NAT\n${body} real_server 10.0.0.2 80 {\n${rsLines === '' ? '' : `${rsLines}\n`} }\n}\n`;
}
