import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExitCode, type Severity } from '../../../core/config/diagnostics.js';

// reference keepalived.md §1.6 (-t exit codes); ranking observed on 2.2.7 (test/oracle/fixtures/exit-*.conf)
test('§1.6 -t exit code: security beats errors, errors beat cannot-run, warnings alone are 0', () => {
  const exit = (...severities: Severity[]): number => checkExitCode(severities.map((severity) => ({ severity, message: 'm' })));
  assert.equal(exit(), 0);
  assert.equal(exit('warning', 'notImplemented'), 0);
  assert.equal(exit('fatal'), 4);
  assert.equal(exit('fatal', 'error'), 5);
  assert.equal(exit('error', 'fatal'), 5);
  assert.equal(exit('error', 'security'), 6);
  assert.equal(exit('security', 'fatal', 'error'), 6);
});
