import { readdirSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { EnvironmentFacts, FileFacts, ScriptRef } from '../../core/config/environment.js';

/**
 * Gathers what the pure environment checks need to know about this machine:
 * interface names (from /sys/class/net, the kernel's own list), users and
 * groups, and stat() of every script path and its ancestor directories.
 */
export function gatherEnvironmentFacts(scripts: readonly ScriptRef[]): EnvironmentFacts {
  const searchPath = searchPathOf(process.env);
  const files = new Map<string, FileFacts>();
  for (const script of scripts) {
    const program = script.argv[0];
    if (program === undefined) continue;
    for (const path of pathsToStat(program, searchPath)) statInto(files, path);
  }
  return {
    interfaces: new Set(listInterfaces()),
    files,
    users: readIdFile('/etc/passwd'),
    groups: readIdFile('/etc/group'),
    searchPath,
  };
}

/**
 * What the script checks need to know about one program, without blocking the event loop: the
 * script executor asks before each run when enable_script_security is set. Users and groups are
 * not read (the executor knows whom the script runs as).
 */
export async function gatherScriptFacts(program: string, env: NodeJS.ProcessEnv = process.env): Promise<EnvironmentFacts> {
  const searchPath = searchPathOf(env);
  const paths = [...new Set(pathsToStat(program, searchPath))];
  const facts = await Promise.all(paths.map(statFacts));
  return {
    interfaces: new Set(),
    files: new Map(paths.map((path, i) => [path, facts[i] ?? MISSING])),
    users: new Map(),
    groups: new Map(),
    searchPath,
  };
}

function searchPathOf(env: NodeJS.ProcessEnv): string[] {
  return (env['PATH'] ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':').filter((d) => d.startsWith('/'));
}

/** The program (or each place a path search would look) and every ancestor directory. */
function pathsToStat(program: string, searchPath: readonly string[]): string[] {
  const candidates = program.includes('/') ? [program] : searchPath.map((dir) => `${dir}/${program}`);
  return candidates.flatMap(withAncestors);
}

const MISSING: FileFacts = { exists: false, isFile: false, mode: 0, uid: 0, gid: 0 };

async function statFacts(path: string): Promise<FileFacts> {
  try {
    const s = await stat(path);
    return { exists: true, isFile: s.isFile(), mode: s.mode, uid: s.uid, gid: s.gid };
  } catch {
    return MISSING;
  }
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
    files.set(path, MISSING);
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
