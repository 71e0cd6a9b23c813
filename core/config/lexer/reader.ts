import type { DiagnosticSink } from '../diagnostics.js';
import type { SourceLocation } from '../syntax.js';
import { Definitions, matchDefinition, type PredefinedContext } from './definitions.js';
import type { ConfigFiles } from './files.js';
import { dirname, expandBraces, hasWildcard, resolveRelative } from './paths.js';
import { expandSequences } from './sequence.js';
import { decomment } from './tokenize.js';

/**
 * Turns the main file and everything it includes into the logical lines the
 * tokenizer sees, in keepalived's order of processing (lib/parser.c read_line):
 * comments, then `include` (before conditionals and definitions, as keepalived
 * does, so `@id include` and `include $F` do not work there either), then
 * `@id` lines, `$NAME=` definitions, substitution, and `~SEQ`/`~LST`.
 */

/** Where the reader sends each logical line, in order. */
export interface LineConsumer {
  addLine(text: string, loc: SourceLocation): void;
}

export interface ReaderOptions {
  readonly files: ConfigFiles;
  readonly configId: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly random: () => number;
}

/** keepalived's MAXBUF-sized line buffer; longer lines are reported and skipped. */
export const MAX_LINE_LENGTH = 1024 * 64;
const MAX_INCLUDE_DEPTH = 32;

/** Characters that only comments (`#` `!`), definitions (`$`), `~SEQ`, `@id` lines or a stray `\r` bring. */
const NEEDS_PREPROCESSING = /[#!$~@\r]/;

const INCLUDE_KEYWORDS = new Set(['include', 'includer', 'includem', 'includew', 'includeb', 'includea']);

export class ConfigReader {
  /** Every file read, in order: the snapshot a ConfigLoaded event records. */
  readonly filesRead = new Map<string, string>();
  private readonly definitions: Definitions;
  private readonly stack: string[] = [];
  private readonly sink: DiagnosticSink;
  private readonly options: ReaderOptions;
  private readonly lines: LineConsumer;

  constructor(options: ReaderOptions, sink: DiagnosticSink, lines: LineConsumer) {
    this.options = options;
    this.sink = sink;
    this.lines = lines;
    this.definitions = new Definitions(sink);
  }

  readMain(path: string): boolean {
    const text = this.options.files.read(path);
    if (text === undefined) {
      this.sink.report('fatal', `Configuration file '${path}' does not exist or cannot be read`);
      return false;
    }
    this.readText(path, text);
    return true;
  }

  readText(path: string, text: string): void {
    this.filesRead.set(path, text);
    this.stack.push(path);
    const lines = new LineCursor(text);
    for (let rawLine = lines.next(); rawLine !== undefined; rawLine = lines.next()) {
      const loc = { file: path, line: lines.number };
      let line = withoutCarriageReturn(rawLine);
      if (line.length > MAX_LINE_LENGTH) {
        this.sink.error(`line too long - ignoring`, loc);
        continue;
      }
      if (!NEEDS_PREPROCESSING.test(line)) {
        // Most lines: no comment, definition, condition or sequence, so the line
        // is its own logical line (one regex test instead of a dozen checks).
        const trimmed = line.trim();
        if (trimmed === '') continue;
        if (!trimmed.startsWith('include')) {
          this.lines.addLine(trimmed, loc);
          continue;
        }
      }
      line = decomment(line);
      const definition = line.includes('$') ? matchDefinition(line) : undefined;
      if (definition !== undefined) {
        let value = definition.value;
        let continues = definition.continues;
        while (continues) {
          const nextLine = lines.next();
          if (nextLine === undefined) break;
          const next = decomment(withoutCarriageReturn(nextLine)).trim();
          continues = next.endsWith('\\');
          value += `\n${continues ? next.slice(0, -1).trimEnd() : next}`;
        }
        this.definitions.define(definition.name, value, loc);
        continue;
      }
      this.readLine(line, loc, path);
    }
    this.stack.pop();
  }

  private readLine(line: string, loc: SourceLocation, path: string): void {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('include')) {
      const [first, pattern] = trimmed.split(/\s+/);
      if (first !== undefined && INCLUDE_KEYWORDS.has(first)) {
        this.include(first, pattern, loc, path);
        return;
      }
    }
    const selected = this.selectConditional(trimmed);
    if (selected === undefined) return;
    if (!selected.includes('$')) {
      // Most lines: nothing to substitute, so the only piece is the line itself.
      this.keepPiece(selected, loc);
      return;
    }
    const predefined: PredefinedContext = {
      pwd: dirname(path),
      instance: this.options.configId,
      env: this.options.env,
      random: this.options.random,
    };
    for (const piece of this.definitions.expand(selected, predefined, loc).split('\n')) this.keepPiece(piece, loc);
  }

  /** One line of a (possibly expanded) line: its `@id` condition, then `~SEQ`/`~LST`. */
  private keepPiece(piece: string, loc: SourceLocation): void {
    // A definition can expand to a conditional line (`$X=@main`).
    const kept = this.selectConditional(piece.trim());
    if (kept === undefined || kept === '') return;
    if (!kept.includes('~')) {
      this.lines.addLine(kept, loc);
      return;
    }
    for (const text of expandSequences(kept, loc, this.sink)) {
      this.lines.addLine(text, loc);
    }
  }

  /** `@ID rest` is kept only when ID is the config id; `@^ID rest` only when it is not. */
  private selectConditional(line: string): string | undefined {
    if (!line.startsWith('@')) return line;
    const m = /^@(\^?)(\S*)\s*(.*)$/.exec(line);
    if (m === null) return undefined;
    const negate = m[1] === '^';
    const matches = m[2] === this.options.configId;
    return matches !== negate ? (m[3] ?? '') : undefined;
  }

  private include(keyword: string, pattern: string | undefined, loc: SourceLocation, path: string): void {
    if (pattern === undefined) {
      this.sink.error(`No file specified for ${keyword}`, loc);
      return;
    }
    const absolute = resolveRelative(dirname(path), pattern);
    const matches: string[] = [];
    for (const alternative of expandBraces(absolute)) {
      if (hasWildcard(alternative)) matches.push(...this.options.files.glob(alternative));
      else if (this.options.files.read(alternative) !== undefined) matches.push(alternative);
    }
    if (matches.length === 0) {
      // keepalived: a plain `include` never fails on missing files (backward compatibility).
      const severity = keyword === 'include' ? 'warning' : 'error';
      this.sink.report(severity, `Config files missing '${pattern}'.`, loc);
      return;
    }
    for (const file of matches) {
      if (this.stack.includes(file)) {
        this.sink.error(`include loop: '${file}' is already being read - ignoring`, loc);
        continue;
      }
      if (this.stack.length >= MAX_INCLUDE_DEPTH) {
        this.sink.error(`includes nested more than ${MAX_INCLUDE_DEPTH} deep - ignoring '${file}'`, loc);
        continue;
      }
      const text = this.options.files.read(file);
      if (text === undefined) {
        this.sink.report(keyword === 'include' ? 'warning' : 'error', `Unable to read config file '${file}'`, loc);
        continue;
      }
      this.readText(file, text);
    }
  }
}

/**
 * The lines of a text, as `text.split('\n')` has them, one at a time: a big
 * config's lines then die young instead of all staying alive (and being
 * copied by every garbage collection) until the whole file is read.
 */
class LineCursor {
  /** 1-based number of the line next() returned last. */
  number = 0;
  private position = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  next(): string | undefined {
    if (this.position > this.text.length) return undefined;
    const newline = this.text.indexOf('\n', this.position);
    const end = newline < 0 ? this.text.length : newline;
    const line = this.text.slice(this.position, end);
    this.position = end + 1;
    this.number++;
    return line;
  }
}

/** A line of a file written on Windows ends in `\r` once split on `\n`. */
function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
