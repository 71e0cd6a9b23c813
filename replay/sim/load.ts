// A scenario file from disk; `config_file` paths are relative to it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseScenario, type Scenario } from './scenario.js';

export function loadScenarioFile(path: string): Scenario {
  const base = dirname(resolve(path));
  return parseScenario(readFileSync(path, 'utf8'), (file) => readFileSync(resolve(base, file), 'utf8'));
}
