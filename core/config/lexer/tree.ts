import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode, SourceLocation } from '../syntax.js';
import { tokenize } from './tokenize.js';

/**
 * Builds the block tree from logical lines, as the reader produces them. A
 * statement is the tokens of a line up to a brace; `{` opens a block for the
 * statement before it (on the same line, or the previous line when the brace
 * starts a line); `}` closes it. Lines are not kept: a big config's lines then
 * die young instead of surviving, at a cost, every garbage collection until the
 * whole file is read.
 */

interface OpenBlock {
  readonly keyword: string;
  readonly args: readonly string[];
  readonly loc: SourceLocation;
  readonly children: ConfigNode[];
}

export class TreeBuilder {
  private readonly root: ConfigNode[] = [];
  private readonly open: OpenBlock[] = [];
  /** The children of the innermost open block: where the next statement goes. */
  private siblings: ConfigNode[] = this.root;
  private readonly sink: DiagnosticSink;
  private readonly onRootNode: ((node: ConfigNode) => void) | undefined;

  /**
   * With `onRootNode`, each top-level statement goes there as soon as it is
   * final instead of staying in the tree, so the tree of a big config never
   * exists whole.
   */
  constructor(sink: DiagnosticSink, onRootNode?: (node: ConfigNode) => void) {
    this.sink = sink;
    this.onRootNode = onRootNode;
  }

  addLine(text: string, loc: SourceLocation): void {
    const { sink } = this;
    const { tokens, braces, unmatchedQuote } = tokenize(text);
    if (unmatchedQuote) sink.error(`Unmatched quote: '${text.trim()}'`, loc);
    // The statement under way is tokens[statementStart, i).
    let statementStart = 0;
    let blocksOpenedOnLine = 0;

    for (const i of braces) {
      if (tokens[i] === '{') {
        const opened = openBlock(tokens, statementStart, i, this.siblings, loc, sink);
        statementStart = i + 1;
        if (opened === undefined) continue;
        this.open.push(opened);
        this.siblings = opened.children;
        blocksOpenedOnLine++;
        if (blocksOpenedOnLine === 2) {
          sink.warning('Several blocks opened on one line: keepalived 2.2 does not parse this reliably', loc);
        }
        continue;
      }
      if (i > statementStart) this.siblings.push(statement(tokens, statementStart, i, loc));
      statementStart = i + 1;
      const closed = this.closeBlock();
      if (closed === undefined) {
        // keepalived reports the brace twice: as extra, then as a keyword it does not know.
        sink.error(`Extra '}' found`, loc);
        sink.error(`Unknown keyword '}'`, loc);
        continue;
      }
      this.siblings.push({ keyword: closed.keyword, args: closed.args, loc: closed.loc, children: closed.children, endLoc: loc });
    }
    if (tokens.length > statementStart) this.siblings.push(statement(tokens, statementStart, tokens.length, loc));
    // Every top-level statement but the last is final: a `{` alone on the next line
    // can still make the last one a block.
    if (this.root.length > 1) this.emitRoot(this.root.length - 1);
  }

  /** The tree, after closing (and reporting) the blocks still open at the end of the input. */
  finish(): ConfigNode[] {
    if (this.open.length > 0) {
      this.sink.error(`There are ${this.open.length} missing '}'s or extra '{'s`);
      for (let closed = this.closeBlock(); closed !== undefined; closed = this.closeBlock()) {
        this.siblings.push({ keyword: closed.keyword, args: closed.args, loc: closed.loc, children: closed.children });
      }
    }
    this.emitRoot(this.root.length);
    return this.root;
  }

  /** Hands the first `count` top-level statements to onRootNode, if there is one. */
  private emitRoot(count: number): void {
    if (this.onRootNode === undefined) return;
    const final = this.root.splice(0, count);
    for (const node of final) this.onRootNode(node);
  }

  private closeBlock(): OpenBlock | undefined {
    const closed = this.open.pop();
    this.siblings = this.open[this.open.length - 1]?.children ?? this.root;
    return closed;
  }
}

/** The statement made of tokens[start, end): its first token is the keyword. */
function statement(tokens: readonly string[], start: number, end: number, loc: SourceLocation): ConfigNode {
  return { keyword: tokens[start] ?? '', args: tokens.slice(start + 1, end), loc };
}

/** The block `{` at tokens[end] opens: for the statement before it on its line, or else the previous plain statement. */
function openBlock(
  tokens: readonly string[],
  start: number,
  end: number,
  siblings: ConfigNode[],
  loc: SourceLocation,
  sink: DiagnosticSink,
): OpenBlock | undefined {
  if (end > start) {
    const { keyword, args } = statement(tokens, start, end, loc);
    return { keyword, args, loc, children: [] };
  }
  const previous = siblings[siblings.length - 1];
  if (previous === undefined || previous.children !== undefined) {
    sink.error(`Unexpected '{' - ignoring`, loc);
    return undefined;
  }
  siblings.pop();
  return { keyword: previous.keyword, args: previous.args, loc: previous.loc, children: [] };
}
