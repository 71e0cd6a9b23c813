import { DiagnosticSink, type Diagnostic } from './diagnostics.js';
import { filesFromMap, type ConfigFiles } from './lexer/files.js';
import { ConfigReader } from './lexer/reader.js';
import { TreeBuilder } from './lexer/tree.js';
import type { ConfigNode } from './syntax.js';

export type { ConfigFiles } from './lexer/files.js';
export { filesFromMap } from './lexer/files.js';

export interface LexOptions {
  readonly files: ConfigFiles;
  /** `-i` or the host name's first component. */
  readonly configId: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seed for `${_RANDOM}` (keepalived's random_seed); a fixed default keeps parsing pure. */
  readonly randomSeed?: number;
}

export interface LexResult {
  /** The top-level statements with their blocks; empty when they went to an `onRootNode` callback. */
  readonly nodes: ConfigNode[];
  /** Every file read, in order, with its text. */
  readonly filesRead: ReadonlyMap<string, string>;
  readonly mainFileFound: boolean;
}

/**
 * Reads `mainFile` and its includes into a block tree, reporting into `sink`.
 * With `onRootNode`, each top-level statement is handed over, in order, as
 * soon as it is complete, and not kept.
 */
export function lexConfig(
  mainFile: string,
  options: LexOptions,
  sink: DiagnosticSink,
  onRootNode?: (node: ConfigNode) => void,
): LexResult {
  // The tree is built while the files are read, but its messages come after the
  // reader's, as when the tree was built from the finished list of lines.
  const treeSink = new DiagnosticSink();
  const tree = new TreeBuilder(treeSink, onRootNode);
  const reader = new ConfigReader(
    { files: options.files, configId: options.configId, env: options.env ?? {}, random: seededRandom(options.randomSeed ?? 0) },
    sink,
    tree,
  );
  const mainFileFound = reader.readMain(mainFile);
  const nodes = tree.finish();
  for (const d of treeSink.items) sink.items.push(d);
  return { nodes, filesRead: reader.filesRead, mainFileFound };
}

/** Lexes one config text held in memory (tests, `vigil check-config -`). */
export function lexConfigText(
  text: string,
  file = 'keepalived.conf',
  configId = 'vigil',
): { nodes: ConfigNode[]; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink();
  const { nodes } = lexConfig(file, { files: filesFromMap(new Map([[file, text]])), configId }, sink);
  return { nodes, diagnostics: sink.items };
}

/** mulberry32: a small deterministic generator for `${_RANDOM}`. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
