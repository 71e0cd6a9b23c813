import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interfacesOf } from '../../../../core/config/global/section.js';
import { nth, parseGlobal, problems } from './harness.js';

// keepalived/vrrp/vrrp_parser.c; messages observed on 2.2.7.
test('linkbeat_interfaces: methods, extra characters, fatal when missing', () => {
  const { config, diagnostics } = parseGlobal('linkbeat_interfaces {\n eth7\n eth0 FOO\n eth1 MII\n}\n');
  assert.deepEqual(problems(diagnostics), ['error@3: extra characters FOO in linkbeat interface']);
  assert.equal(nth(config.linkbeatInterfaces, 2).method, 'MII');
  const refs = interfacesOf(config);
  assert.deepEqual(refs[0], { name: 'eth7', loc: { file: 'k.conf', line: 2 }, missingMessage: 'unknown interface eth7 specified for linkbeat interface', severity: 'fatal' });
});

test('interface_up_down_delays: range [0, 255] s, log-only messages', () => {
  const { config, diagnostics } = parseGlobal('interface_up_down_delays {\n eth0\n eth0 300\n eth1 1 2 3\n eth2 0.5\n}\n');
  assert.deepEqual(problems(diagnostics), [
    'warning@2: No timeouts specified for eth0 up/down delays',
    "error@3: number '300' outside range [0.000000, 255.000000]",
    'warning@3: Invalid down delay 300 for eth0',
    'warning@4: Too many parameters for eth1 up/down delays',
  ]);
  assert.deepEqual(config.interfaceUpDownDelays.map((d) => [d.interface, d.downDelayMicros, d.upDelayMicros]), [['eth1', 1_000_000, 2_000_000], ['eth2', 500_000, 0]]);
  assert.equal(nth(interfacesOf(config), 0).missingMessage, 'unknown interface eth1 specified for up/down delay');
});

test('track_group: name required, empty group warned', () => {
  const { config, diagnostics } = parseGlobal('track_group {\n group { VI_1 }\n}\ntrack_group TG {\n group {\n }\n}\ntrack_group T2 {\n group {\n  VI_1\n  VI_2\n }\n}\n');
  assert.deepEqual(problems(diagnostics), ['error@1: track_group must have a name - skipping', 'error@5: Warning - track group TG has empty group block']);
  assert.deepEqual(nth(config.trackGroups, 1).instances, ['VI_1', 'VI_2']);
});

test('garp_group: no delay removes it; interfaces checked against the machine', () => {
  const { config, diagnostics } = parseGlobal('garp_group {\n interface eth9\n}\ngarp_group {\n garp_interval 0.001\n interfaces {\n  eth0\n  eth10\n }\n}\n');
  assert.deepEqual(problems(diagnostics), ['error@3: garp group 0 does not have any delay set - removing']);
  assert.equal(config.garpGroups.length, 1);
  assert.equal(nth(config.garpGroups, 0).garpIntervalMicros, 1000);
  assert.equal(nth(config.garpGroups, 0).aggregationGroup, 1);
  assert.deepEqual(interfacesOf(config).map((r) => [r.name, r.severity, r.missingMessage]), [
    ['eth0', 'error', "WARNING - interface eth0 specified for garp_group doesn't exist"],
    ['eth10', 'error', "WARNING - interface eth10 specified for garp_group doesn't exist"],
  ]);
});

test('dynamic_interfaces: linkbeat/up-down interfaces are not required to exist', () => {
  const { config } = parseGlobal('global_defs {\n dynamic_interfaces\n}\nlinkbeat_interfaces {\n eth7\n}\n');
  assert.deepEqual(interfacesOf(config), []);
});
