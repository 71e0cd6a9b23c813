import { readdirSync, readFileSync, statSync } from 'node:fs';
import { globToRegExp, type ConfigFiles } from '../../core/config/lexer/files.js';

/**
 * ConfigFiles over the real file system. glob(3) semantics for include
 * patterns: each path segment with a wildcard is matched against a directory
 * listing; hidden files match only a pattern that starts with a dot.
 */
export function filesFromDisk(): ConfigFiles {
  return {
    read(path) {
      try {
        if (!statSync(path).isFile()) return undefined;
        return readFileSync(path, 'latin1');
      } catch {
        return undefined;
      }
    },
    glob(pattern) {
      return globPath(pattern).filter(isFile).sort();
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function globPath(pattern: string): string[] {
  const segments = pattern.split('/');
  let bases = [pattern.startsWith('/') ? '/' : '.'];
  for (const segment of segments) {
    if (segment === '') continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!/[*?[]/.test(segment)) {
        next.push(join(base, segment));
        continue;
      }
      const re = globToRegExp(segment);
      for (const name of listDir(base)) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (re.test(name)) next.push(join(base, name));
      }
    }
    bases = next;
  }
  return bases;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function join(base: string, name: string): string {
  return base === '/' ? `/${name}` : `${base}/${name}`;
}
