// keepalived.conf text → typed config, for tests of what comes after the parser.
import { filesFromMap } from '../../core/config/lexer/files.js';
import type { KeepalivedConfig } from '../../core/config/model.js';
import { parseKeepalivedConfig } from '../../core/config/parse.js';

export const TEST_CONFIG_PATH = '/etc/keepalived/keepalived.conf';

/**
 * Parses `text`; throws with the diagnostics when it has errors, so a bad fixture is loud, unless
 * `allowErrors` (keepalived runs with a config it reports errors in, and so does Vigil).
 */
export function configFrom(text: string, allowErrors = false): KeepalivedConfig {
  const result = parseKeepalivedConfig(TEST_CONFIG_PATH, {
    files: filesFromMap(new Map([[TEST_CONFIG_PATH, text]])),
    configId: 'test',
    hostName: 'test',
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'fatal');
  if (errors.length > 0 && !allowErrors) throw new Error(`test config has errors:\n${errors.map((d) => d.message).join('\n')}`);
  return result.config;
}
