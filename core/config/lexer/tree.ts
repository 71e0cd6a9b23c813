import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode, SourceLocation } from '../syntax.js';
import type { LogicalLine } from './reader.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * Builds the block tree from logical lines. A statement is the tokens of a line
 * up to a brace; `{` opens a block for the statement before it (on the same
 * line, or the previous line when the brace starts a line); `}` closes it.
 */

interface OpenBlock {
  readonly keyword: string;
  readonly args: readonly string[];
  readonly loc: SourceLocation;
  readonly children: ConfigNode[];
}

export function buildTree(lines: readonly LogicalLine[], sink: DiagnosticSink): ConfigNode[] {
  const root: ConfigNode[] = [];
  const open: OpenBlock[] = [];
  const current = (): ConfigNode[] => open[open.length - 1]?.children ?? root;

  for (const { text, loc } of lines) {
    const { tokens, unmatchedQuote } = tokenize(text);
    if (unmatchedQuote) sink.error(`Unmatched quote: '${text.trim()}'`, loc);
    let statement: Token[] = [];
    let blocksOpenedOnLine = 0;

    const flush = (): void => {
      if (statement.length > 0) {
        const [keyword, ...args] = statement.map((t) => t.text);
        current().push({ keyword: keyword ?? '', args, loc });
      }
      statement = [];
    };

    for (const token of tokens) {
      if (token.quoted || (token.text !== '{' && token.text !== '}')) {
        statement.push(token);
      } else if (token.text === '{') {
        const opened = openBlock(statement, current(), loc, sink);
        statement = [];
        if (opened === undefined) continue;
        open.push(opened);
        blocksOpenedOnLine++;
        if (blocksOpenedOnLine === 2) {
          sink.warning('Several blocks opened on one line: keepalived 2.2 does not parse this reliably', loc);
        }
      } else {
        flush();
        const closed = open.pop();
        if (closed === undefined) {
          // keepalived reports the brace twice: as extra, then as a keyword it does not know.
          sink.error(`Extra '}' found`, loc);
          sink.error(`Unknown keyword '}'`, loc);
          continue;
        }
        current().push({ keyword: closed.keyword, args: closed.args, loc: closed.loc, children: closed.children, endLoc: loc });
      }
    }
    flush();
  }
  if (open.length > 0) {
    sink.error(`There are ${open.length} missing '}'s or extra '{'s`);
    while (open.length > 0) {
      const closed = open.pop();
      if (closed !== undefined) {
        current().push({ keyword: closed.keyword, args: closed.args, loc: closed.loc, children: closed.children });
      }
    }
  }
  return root;
}

/** The block `{` opens: for the statement on its line, or else the previous plain statement. */
function openBlock(
  statement: readonly Token[],
  siblings: ConfigNode[],
  loc: SourceLocation,
  sink: DiagnosticSink,
): OpenBlock | undefined {
  if (statement.length > 0) {
    const [keyword, ...args] = statement.map((t) => t.text);
    return { keyword: keyword ?? '', args, loc, children: [] };
  }
  const previous = siblings[siblings.length - 1];
  if (previous === undefined || previous.children !== undefined) {
    sink.error(`Unexpected '{' - ignoring`, loc);
    return undefined;
  }
  siblings.pop();
  return { keyword: previous.keyword, args: previous.args, loc: previous.loc, children: [] };
}
