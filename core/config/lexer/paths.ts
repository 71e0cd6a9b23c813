/** POSIX path helpers for core/, which may not import node:path. */

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  if (slash === 0) return '/';
  return path.slice(0, slash);
}

export function resolveRelative(fromDir: string, path: string): string {
  return normalize(path.startsWith('/') ? path : `${fromDir}/${path}`);
}

/** Removes `.` and `..` segments and doubled slashes, as the kernel would resolve them. */
export function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (segment !== '..' || !absolute) out.push(segment);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

/** csh-style `{a,b}` expansion, as glob(3) with GLOB_BRACE does it. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        const bounds = [open, ...commas, i];
        const prefix = pattern.slice(0, open);
        const suffix = pattern.slice(i + 1);
        const out: string[] = [];
        for (let k = 0; k + 1 < bounds.length; k++) {
          const alt = pattern.slice((bounds[k] ?? 0) + 1, bounds[k + 1]);
          out.push(...expandBraces(prefix + alt + suffix));
        }
        return out;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return [pattern];
}

export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}
