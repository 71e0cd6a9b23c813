import { applyRootKeyword } from './root.js';
import { newDefinedTrackers, type ParseContext, type RootKeywordTable } from './context.js';
import { DiagnosticSink, type Diagnostic } from './diagnostics.js';
import { globalSection } from './global/section.js';
import { lexConfig, type ConfigFiles } from './lexer.js';
import { lvsSection } from './lvs/section.js';
import type { KeepalivedConfig } from './model.js';
import { vrrpSection } from './vrrp/section.js';

export interface ParseOptions {
  readonly files: ConfigFiles;
  /** `-i` or the first component of the host name. */
  readonly configId: string;
  /** The host name: keepalived's default router_id and SMTP HELO name. */
  readonly hostName: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ParseResult {
  readonly config: KeepalivedConfig;
  readonly diagnostics: readonly Diagnostic[];
  /** Every file read with its text: what a ConfigLoaded event records. */
  readonly filesRead: ReadonlyMap<string, string>;
}

/**
 * keepalived.conf → typed config, pure. The lexer builds the block tree; each
 * top-level statement goes to the section that owns its keyword, in file
 * order; then each section completes its model (keepalived's
 * vrrp_complete_instance and friends), global first because the others take
 * their defaults from global_defs.
 *
 * Each top-level statement goes to its section as soon as the lexer has it, so
 * a big config's tree is never held whole (its garbage dies young, which the
 * garbage collector does cheaply); the sections report into their own sink so
 * that every lexer message still comes before every section message.
 */
export function parseKeepalivedConfig(mainFile: string, options: ParseOptions): ParseResult {
  const sink = new DiagnosticSink();
  const sectionSink = new DiagnosticSink();
  const ctx: ParseContext = { sink: sectionSink, configId: options.configId, defined: newDefinedTrackers() };
  const global = globalSection();
  const vrrp = vrrpSection();
  const lvs = lvsSection();
  const keywords: RootKeywordTable = { ...global.keywords, ...vrrp.keywords, ...lvs.keywords };

  const lexOptions = options.env === undefined
    ? { files: options.files, configId: options.configId }
    : { files: options.files, configId: options.configId, env: options.env };
  const { filesRead } = lexConfig(mainFile, lexOptions, sink, (node) => {
    applyRootKeyword(node, keywords, ctx);
  });

  const globalConfig = global.finish(ctx, { hostName: options.hostName });
  const config: KeepalivedConfig = {
    global: globalConfig,
    vrrp: vrrp.finish(ctx, globalConfig),
    lvs: lvs.finish(ctx, globalConfig),
  };
  for (const d of sectionSink.items) sink.items.push(d);
  return { config, diagnostics: sink.items, filesRead };
}
