import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { EnvironmentFacts, FileFacts, ScriptRef } from '../../core/config/environment.js';

/**
 * Gathers what the pure environment checks need to know about this machine:
 * interface names (from /sys/class/net, the kernel's own list), users and
 * groups, and stat() of every script path and its ancestor directories.
 */
export function gatherEnvironmentFacts(scripts: readonly ScriptRef[]): EnvironmentFacts {
  const searchPath = (process.env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
    .split(':')
    .filter((d) => d.startsWith('/'));
  const files = new Map<string, FileFacts>();
  for (const script of scripts) {
    const program = script.argv[0];
    if (program === undefined) continue;
    const candidates = program.includes('/') ? [program] : searchPath.map((dir) => `${dir}/${program}`);
    for (const candidate of candidates) for (const path of withAncestors(candidate)) statInto(files, path);
  }
  return {
    interfaces: new Set(listInterfaces()),
    files,
    users: readIdFile('/etc/passwd'),
    groups: readIdFile('/etc/group'),
    searchPath,
  };
}

function listInterfaces(): string[] {
  try {
    return readdirSync('/sys/class/net');
  } catch {
    return [];
  }
}

function withAncestors(path: string): string[] {
  const out: string[] = [];
  let current = path;
  while (current !== '' && current !== '/') {
    out.push(current);
    current = current.slice(0, Math.max(current.lastIndexOf('/'), 0));
  }
  out.push('/');
  return out;
}

function statInto(files: Map<string, FileFacts>, path: string): void {
  if (files.has(path)) return;
  try {
    const s = statSync(path);
    files.set(path, { exists: true, isFile: s.isFile(), mode: s.mode, uid: s.uid, gid: s.gid });
  } catch {
    files.set(path, { exists: false, isFile: false, mode: 0, uid: 0, gid: 0 });
  }
}

/** name → id from /etc/passwd or /etc/group (third field). */
function readIdFile(path: string): Map<string, number> {
  const ids = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return ids;
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name !== undefined && name !== '' && id !== undefined) ids.set(name, Number(id));
  }
  return ids;
}
