/**
 * How the pure lexer reaches the files a config includes. The daemon passes a
 * reader backed by the file system (adapters/config-files.ts) and records what
 * it returned; a replay passes the recorded snapshot instead.
 */
export interface ConfigFiles {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  read(path: string): string | undefined;
  /** Absolute paths of the files matching a glob pattern (no braces), sorted. */
  glob(pattern: string): readonly string[];
}

/** A ConfigFiles over an in-memory map: for tests, replays and ConfigLoaded events. */
export function filesFromMap(files: ReadonlyMap<string, string>): ConfigFiles {
  return {
    read: (path) => files.get(path),
    glob: (pattern) => {
      const re = globToRegExp(pattern);
      return [...files.keys()].filter((p) => re.test(p)).sort();
    },
  };
}

/** glob(3) wildcards for one path: `*` and `?` do not cross `/`; `[...]` classes. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
