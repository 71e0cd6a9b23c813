import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExitCode, DiagnosticSink } from '../../../../core/config/diagnostics.js';
import type { EnvironmentFacts, FileFacts } from '../../../../core/config/environment.js';
import { checkScriptSecurity, scriptsOf } from '../../../../core/config/global/section.js';
import { parseGlobal, summary } from './harness.js';

// keepalived/core/notify.c check_script_secure / set_default_script_user; reference §3.3.
const dir = (mode = 0o755, uid = 0): FileFacts => ({ exists: true, isFile: false, mode, uid, gid: 0 });
const file = (mode = 0o755, uid = 0): FileFacts => ({ exists: true, isFile: true, mode, uid, gid: 0 });

function facts(files: Record<string, FileFacts>, users: Record<string, number> = { root: 0 }): EnvironmentFacts {
  return {
    interfaces: new Set(['eth0']),
    files: new Map(Object.entries({ '/': dir(), '/bin': dir(), '/usr': dir(), '/usr/bin': dir(), '/bin/true': file(), '/usr/bin/true': file(), ...files })),
    users: new Map(Object.entries(users)),
    groups: new Map([['root', 0]]),
    searchPath: ['/usr/bin', '/bin'],
  };
}

function check(conf: string, env: EnvironmentFacts): string[] {
  const { config } = parseGlobal(conf);
  const sink = new DiagnosticSink();
  checkScriptSecurity(scriptsOf(config), config, env, sink);
  return summary(sink.items);
}

// The script line is always line 2.
const script = (s: string, globals = ''): string => `vrrp_script chk {\n script "${s}"\n}\nglobal_defs {\n${globals}}\n`;

test('scripts without enable_script_security: SECURITY VIOLATION once, exit 6 (observed 2.2.7)', () => {
  const result = check(script('/bin/true'), facts({}));
  assert.deepEqual(result, [
    "warning@2: WARNING - default user 'keepalived_script' for script execution does not exist - please create.",
    'security@-: SECURITY VIOLATION - scripts are being executed but script_security not enabled.',
  ]);
  const { config } = parseGlobal(script('/bin/true'));
  const sink = new DiagnosticSink();
  checkScriptSecurity(scriptsOf(config), config, facts({}), sink);
  assert.equal(checkExitCode(sink.items), 6);
});

test('no violation when security is enabled and the script is safe', () => {
  assert.deepEqual(check(script('/bin/true', ' enable_script_security\n script_user root\n'), facts({})), []);
});

test('keepalived_script user is the default when it exists', () => {
  assert.deepEqual(check(script('/bin/true', ' enable_script_security\n'), facts({}, { root: 0, keepalived_script: 998 })), []);
});

test('enable_script_security without keepalived_script or script_user: scripts removed (issue #2184)', () => {
  assert.deepEqual(check(script('/bin/true', ' enable_script_security\n'), facts({})), [
    'error@2: Unable to set default user keepalived_script for script',
    'error@2: Unable to set default user for vrrp script chk - removing',
  ]);
});

test('script_user that does not exist', () => {
  assert.deepEqual(check(script('/bin/true', ' script_user nosuch\n'), facts({})), [
    'error@5: Error setting global script uid/gid',
    "warning@5: Default script user 'nosuch' does not exist",
    'error@2: Unable to set default user for vrrp script chk - removing',
  ]);
});

test('world-writable directory: unsafe, disabled only with security', () => {
  const env = facts({ '/tmp': dir(0o777), '/tmp/ww': dir(0o777), '/tmp/ww/rec.sh': file() });
  assert.deepEqual(check(script('/tmp/ww/rec.sh', ' enable_script_security\n script_user root\n'), env), [
    "warning@2: Unsafe permissions found for script '/tmp/ww/rec.sh' - disabling.",
    'error@2: Disabling track script chk due to insecure',
  ]);
  assert.deepEqual(check(script('/tmp/ww/rec.sh'), env).slice(1), [
    "warning@2: Unsafe permissions found for script '/tmp/ww/rec.sh'.",
    'security@-: SECURITY VIOLATION - scripts are being executed but script_security not enabled. There are insecure scripts.',
  ]);
});

test('sticky world-writable directory (/tmp) is acceptable', () => {
  const env = facts({ '/tmp': dir(0o1777), '/tmp/ok.sh': file() });
  assert.deepEqual(check(script('/tmp/ok.sh', ' enable_script_security\n script_user root\n'), env), []);
});

test('missing script and path search', () => {
  const secure = ' enable_script_security\n script_user root\n';
  assert.deepEqual(check(script('/tmp/nonexist', secure), facts({})), [
    'warning@2: Script /tmp/nonexist cannot be accessed - No such file or directory',
    'error@2: Disabling track script chk since not found/accessible',
  ]);
  assert.deepEqual(check(script('true x', secure), facts({})), [
    'warning@2: WARNING - script `true` resolved by path search to `/usr/bin/true`. Please specify full path.',
  ]);
  assert.deepEqual(check(script('rec.sh x', secure), facts({})), [
    'warning@2: Cannot find script rec.sh in path - disabling',
    'error@2: Disabling track script chk since not found/accessible',
  ]);
});

test('non-executable script is disabled', () => {
  assert.deepEqual(check(script('/etc/passwd', ' enable_script_security\n script_user root\n'), facts({ '/etc': dir(), '/etc/passwd': file(0o644) })), [
    "warning@2: WARNING - script '/etc/passwd' is not executable for uid:gid 0:0 - disabling.",
    'error@2: Disabling track script chk since not found/accessible',
  ]);
});

test('startup scripts are reported with the parent process wording', () => {
  const result = check('global_defs {\n script_user root\n startup_script /bin/true\n}\n', facts({}));
  assert.deepEqual(result, ['security@-: SECURITY VIOLATION - start/shutdown scripts are being executed but script_security not enabled.']);
});

test('only tracked vrrp_scripts are checked when the tracked set is given', () => {
  const { config } = parseGlobal(script('/bin/true'));
  assert.equal(scriptsOf(config, new Set()).length, 0);
  assert.equal(scriptsOf(config, new Set(['chk'])).length, 1);
});
