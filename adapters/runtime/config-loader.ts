// Reading keepalived.conf for the daemon: at start and for every LoadConfig effect (SIGHUP).
// The result is a ConfigLoaded event carrying the files read, their digest and the parsed model;
// a config that cannot run is a failed LoadConfig (the reducer keeps the running configuration).
// As keepalived does on every read, the scripts are checked against the machine (script user,
// unsafe permissions, "SECURITY VIOLATION ..."): those lines come back as diagnostics.
import { createHash } from 'node:crypto';
import { gatherEnvironmentFacts } from '../config/environment-facts.js';
import { filesFromDisk } from '../config/files.js';
import { checkScripts, environmentRefs } from '../../core/config/check.js';
import { formatDiagnostic, type Diagnostic } from '../../core/config/diagnostics.js';
import { parseKeepalivedConfig } from '../../core/config/parse.js';
import type { ConfigLoaded } from '../../core/events/index.js';

export interface LoadOptions {
  readonly mainFile: string;
  readonly configId: string;
  readonly hostName: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type LoadResult =
  | { readonly ok: true; readonly event: ConfigLoaded; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly error: string; readonly diagnostics: readonly Diagnostic[] };

/** SHA-256 over each file's path and text, in the order they were read. */
export function configDigest(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [path, text] of files) hash.update(`${path}\0${text.length}\0${text}`);
  return hash.digest('hex');
}

export function loadConfig(options: LoadOptions): LoadResult {
  const result = parseKeepalivedConfig(options.mainFile, {
    files: filesFromDisk(),
    configId: options.configId,
    hostName: options.hostName,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const fatal = result.diagnostics.filter((d) => d.severity === 'fatal');
  if (fatal.length > 0) {
    return { ok: false, error: fatal.map(formatDiagnostic).join('; '), diagnostics: result.diagnostics };
  }
  const files = [...result.filesRead].map(([path, text]) => ({ path, text }));
  const { scripts } = environmentRefs(result.config);
  const scriptDiagnostics = scripts.length === 0 ? [] : checkScripts(result.config, scripts, gatherEnvironmentFacts(scripts));
  return {
    ok: true,
    event: { kind: 'ConfigLoaded', mainFile: options.mainFile, files, digest: configDigest(result.filesRead), config: result.config },
    diagnostics: [...result.diagnostics, ...scriptDiagnostics],
  };
}
