import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { gatherEnvironmentFacts } from '../../adapters/config/environment-facts.js';
import { filesFromDisk } from '../../adapters/config/files.js';
import { checkEnvironment, environmentRefs } from '../../core/config/check.js';
import { checkExitCode, formatDiagnostic, type Diagnostic } from '../../core/config/diagnostics.js';
import { parseKeepalivedConfig } from '../../core/config/parse.js';
import { sortDiagnostics } from '../../core/config/report.js';

export const DEFAULT_CONFIG_FILE = '/etc/keepalived/keepalived.conf';

/** `vigil check-config`: keepalived -t, with file:line on every message. */
export function runCheckConfig(args: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        'use-file': { type: 'string', short: 'f', default: DEFAULT_CONFIG_FILE },
        json: { type: 'boolean', default: false },
        dump: { type: 'boolean', default: false },
        'config-id': { type: 'string', short: 'i' },
        'no-env': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`vigil check-config: ${(e as Error).message}\n`);
    return 2;
  }
  const host = hostname();
  const file = values['use-file'];
  const result = parseKeepalivedConfig(file, {
    files: filesFromDisk(),
    configId: values['config-id'] ?? host.split('.')[0] ?? host,
    hostName: host,
    env: process.env,
  });
  const diagnostics: Diagnostic[] = [...result.diagnostics];
  if (!values['no-env']) {
    const refs = environmentRefs(result.config);
    diagnostics.push(...checkEnvironment(result.config, refs, gatherEnvironmentFacts(refs.scripts)));
  }
  const sorted = sortDiagnostics(diagnostics, [...result.filesRead.keys()]);
  const exit = checkExitCode(sorted);
  if (values.dump) process.stdout.write(`${JSON.stringify(result.config, null, 2)}\n`);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ file, exitCode: exit, diagnostics: sorted }, null, 2)}\n`);
  } else {
    for (const d of sorted) process.stderr.write(`${formatDiagnostic(d)}\n`);
  }
  return exit;
}
