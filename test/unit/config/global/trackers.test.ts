import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitScriptArgs } from '../../../../core/config/script-argv.js';
import { nth, parseGlobal, problems } from './harness.js';

// keepalived/vrrp/vrrp_parser.c vrrp_vscript_*_handler; reference §1.10.
test('vrrp_script defaults: interval 1 s, timeout = interval, rise/fall 1, weight 0; registered', () => {
  const { config, diagnostics, ctx } = parseGlobal('vrrp_script chk {\n script "/bin/true"\n interval 3\n}\n');
  assert.deepEqual(problems(diagnostics), []);
  const s = nth(config.vrrpScripts, 0);
  assert.equal(s.intervalMicros, 3_000_000);
  assert.equal(s.timeoutMicros, 3_000_000);
  assert.equal(s.rise, 1);
  assert.equal(s.fall, 1);
  assert.equal(s.weight, 0);
  assert.deepEqual(ctx.defined.vrrpScripts.get('chk'), { weight: 0, reverse: false });
});

test('vrrp_script without script is removed and not registered (conditional_conf sample)', () => {
  const { config, diagnostics, ctx } = parseGlobal('vrrp_script chk {\n interval 2\n}\n');
  assert.deepEqual(problems(diagnostics), ['error@3: No script set for vrrp_script chk - removing']);
  assert.equal(config.vrrpScripts.length, 0);
  assert.equal(ctx.defined.vrrpScripts.has('chk'), false);
});

test('vrrp_script value errors (observed 2.2.7)', () => {
  const text = 'vrrp_script s {\n script /bin/true\n interval 0\n timeout 0\n rise 0\n fall x\n weight 10 foo\n init_fail\n}\n';
  const { config, diagnostics } = parseGlobal(text);
  assert.deepEqual(problems(diagnostics), [
    'error@3: (s): vrrp script interval must be greater than 0, setting to 1',
    'error@4: (s): vrrp script timeout must be greater than 0, setting to 1',
    "error@5: number '0' outside range [1, 2147483647]",
    "error@5: (s): vrrp script rise value '0' invalid, defaulting to 1",
    "error@6: invalid number 'x'",
    "error@6: (s): vrrp script fall value 'x' invalid, defaulting to 1",
    'error@7: vrrp_script s unknown weight option foo',
  ]);
  assert.equal(nth(config.vrrpScripts, 0).intervalMicros, 1_000_000);
  assert.equal(nth(config.vrrpScripts, 0).initFail, true);
  assert.equal(nth(config.vrrpScripts, 0).weight, 10);
});

test('vrrp_script weight range -253..253, reverse registered', () => {
  const bad = parseGlobal('vrrp_script s {\n script /bin/true\n weight 300\n}\n');
  assert.deepEqual(problems(bad.diagnostics), ["error@3: number '300' outside range [-253, 253]", 'error@3: vrrp_script s weight 300 must be in [-253, 253]']);
  const ok = parseGlobal('vrrp_script s {\n script /bin/true\n weight -20 reverse\n}\n');
  assert.deepEqual(ok.ctx.defined.vrrpScripts.get('s'), { weight: -20, reverse: true });
});

test('vrrp_script decimal interval (keepalived HEAD) is accepted', () => {
  const { config, diagnostics } = parseGlobal('vrrp_script s {\n script /bin/true\n interval 1.5\n}\n');
  assert.deepEqual(problems(diagnostics), []);
  assert.equal(nth(config.vrrpScripts, 0).intervalMicros, 1_500_000);
});

test('vrrp_script script: quoted string split as keepalived does; unquoted extra words warned', () => {
  const quoted = parseGlobal('vrrp_script s {\n script "/x.sh q1 \'q 2\'"\n}\n');
  assert.deepEqual(nth(quoted.config.vrrpScripts, 0).script.argv, ['/x.sh', 'q1', 'q 2']);
  assert.equal(nth(quoted.config.vrrpScripts, 0).script.text, "/x.sh q1 'q 2'");
  const unquoted = parseGlobal('vrrp_script s {\n script /x.sh a b\n}\n');
  assert.deepEqual(nth(unquoted.config.vrrpScripts, 0).script.argv, ['/x.sh']);
  assert.equal(nth(problems(unquoted.diagnostics), 0).startsWith('warning@2: vrrp_script s: only'), true);
});

test('splitScriptArgs: spaces split, quotes group, backslash escapes', () => {
  const cases: readonly (readonly [string, readonly string[]])[] = [
    ['/bin/a b  c', ['/bin/a', 'b', 'c']],
    ["/bin/a 'b c' d", ['/bin/a', 'b c', 'd']],
    ['/bin/a "b c"', ['/bin/a', 'b c']],
    ['/bin/a b\\ c', ['/bin/a', 'b c']],
    ["/bin/a x'y z'", ['/bin/a', 'xy z']],
    ['', []],
  ];
  for (const [text, argv] of cases) assert.deepEqual(splitScriptArgs(text), argv, text);
});

// keepalived/trackers/track_file.c.
test('track_file: weight default 1, range -254..254, vrrp_track_file deprecated', () => {
  const { config, diagnostics, ctx } = parseGlobal('vrrp_track_file tf {\n file /tmp/x\n}\ntrack_file t2 {\n file /tmp/y\n weight 300\n}\n');
  assert.deepEqual(problems(diagnostics), [
    'warning@1: "vrrp_track_file" is deprecated, please use "track_file"',
    "error@6: number '300' outside range [-254, 254]",
    'error@6: Weight (300) for track_file t2 must be between [-254..254] inclusive. Ignoring...',
  ]);
  assert.deepEqual(ctx.defined.trackFiles.get('tf'), { weight: 1, reverse: false });
  assert.equal(nth(config.trackFiles, 1).weight, 1);
});

test('track_file without file is ignored and not registered; init_file checks', () => {
  const { diagnostics, ctx, config } = parseGlobal('track_file tf {\n weight 5\n}\ntrack_file t2 {\n file /x\n init_file 300 overwrite bogus\n}\n');
  assert.deepEqual(problems(diagnostics), [
    'error@3: No file set for track_file tf - ignoring',
    'error@6: Track file t2 init value 300 is outside sensible range [-254, 254]',
    'error@6: Unknown track file init option bogus',
  ]);
  assert.equal(ctx.defined.trackFiles.has('tf'), false);
  assert.deepEqual(nth(config.trackFiles, 0).initFile, { value: 300, overwrite: true });
});

// keepalived vrrp_parser.c vrrp_tprocess_*_handler.
test('vrrp_track_process checks (observed 2.2.7)', () => {
  const text = 'vrrp_track_process p {\n weight 10\n}\nvrrp_track_process p2 {\n process foo\n quorum 0\n param_match bad\n delay 0\n}\n';
  const { diagnostics, ctx, config } = parseGlobal(text);
  assert.deepEqual(problems(diagnostics), [
    "error@3: track process 'p' process name not specified",
    "error@6: number '0' outside range [1, 65535]",
    'error@6: Quorum (0) for vrrp_track_process p2 must be between [1..65535] inclusive. Ignoring...',
    'error@7: Invalid param_match type bad - ignoring',
    "error@8: number '0' outside range [0.000001, 3600.000000]",
    'error@8: delay (0) for vrrp_track_process p2 must be between [0.000001..3600] inclusive. Ignoring...',
  ]);
  assert.equal(ctx.defined.trackProcesses.has('p'), false);
  assert.equal(nth(config.trackProcesses, 0).quorum, 1);
});

// keepalived/bfd/bfd_parser.c.
test('bfd_instance: defaults, validation, registration', () => {
  const text = 'bfd_instance b1 {\n weight 10\n}\nbfd_instance b2 {\n neighbor_ip 10.0.0.1\n multiplier 300\n weight -5\n}\n';
  const { diagnostics, ctx, config } = parseGlobal(text);
  assert.deepEqual(problems(diagnostics), [
    'error@3: Configuration error: BFD instance b1 has no neighbor address set, disabling instance',
    "error@6: number '300' outside range [1, 255]",
    'error@6: Configuration error: BFD instance b2 multiplier value 300 not valid (must be in range [1-255]), ignoring',
  ]);
  assert.equal(ctx.defined.bfdInstances.has('b1'), false);
  assert.deepEqual(ctx.defined.bfdInstances.get('b2'), { weight: -5, reverse: false });
  const b2 = nth(config.bfdInstances, 0);
  assert.equal(b2.ttl, 255);
  assert.equal(b2.multiplier, 5);
  assert.equal(b2.minRxMicros, 10_000);
  assert.equal(b2.idleTxMicros, 1_000_000);
  assert.equal(diagnostics.some((d) => d.severity === 'notImplemented'), true);
});

test('bfd min_rx range printed with 3 decimals (observed 2.2.7)', () => {
  const { diagnostics } = parseGlobal('bfd_instance b {\n neighbor_ip 10.0.0.1\n min_rx 0\n}\n');
  assert.deepEqual(problems(diagnostics), [
    "error@3: number '0' outside range [1.000, 4294967.000]",
    'error@3: Configuration error: BFD instance b min_rx value 0 is not valid (must be in range [1-4294967]), ignoring',
  ]);
});
