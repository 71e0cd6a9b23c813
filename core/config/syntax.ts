/**
 * The syntax tree of a keepalived.conf after lexing and preprocessing: every
 * statement is a keyword with its arguments, and a statement followed by `{`
 * owns the statements up to the matching `}`.
 */

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface ConfigNode {
  readonly keyword: string;
  readonly args: readonly string[];
  readonly loc: SourceLocation;
  /** Present only when the statement opened a block (`keyword args {`). */
  readonly children?: readonly ConfigNode[];
  /** Where the block closed: keepalived reports end-of-block checks at the `}` line. */
  readonly endLoc?: SourceLocation;
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}`;
}
