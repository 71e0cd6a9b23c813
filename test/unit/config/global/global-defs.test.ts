import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGlobal, problems } from './harness.js';

// keepalived/core/global_data.c defaults, reference §1.8.
test('defaults: mcast groups, version, garp, down timer, router_id from host name', () => {
  const { config, diagnostics } = parseGlobal('global_defs {\n}\n', 'lb1');
  assert.deepEqual(problems(diagnostics), []);
  assert.equal(config.mcastGroup4, '224.0.0.18');
  assert.equal(config.mcastGroup6, 'ff02::12');
  assert.equal(config.vrrpVersion, 2);
  assert.equal(config.garpMasterDelayMicros, 5_000_000);
  assert.equal(config.garpMasterRepeat, 5);
  assert.equal(config.garpMasterRefreshMicros, 0);
  assert.equal(config.garpMasterRefreshRepeat, 1);
  assert.equal(config.garpLowerPrioDelayMicros, 5_000_000);
  assert.equal(config.garpLowerPrioRepeat, 5);
  assert.equal(config.downTimerAdverts, 3);
  assert.equal(config.lowerPrioNoAdvert, false);
  assert.equal(config.routerId, 'lb1');
  assert.equal(config.notificationEmailFrom, 'keepalived@lb1');
  assert.equal(config.smtpConnectTimeoutMicros, 30_000_000);
  assert.equal(config.defaultInterface, 'eth0');
  assert.equal(config.vmacPrefix, 'vrrp');
  assert.equal(config.enableScriptSecurity, false);
  assert.equal(config.scriptUser, undefined);
  assert.equal(config.smtpAlert, undefined);
  assert.equal(config.childWaitTimeSeconds, 5);
});

test('vrrp_strict makes lower_prio_no_advert default true; an explicit value wins', () => {
  assert.equal(parseGlobal('global_defs {\n vrrp_strict\n}\n').config.lowerPrioNoAdvert, true);
  assert.equal(parseGlobal('global_defs {\n vrrp_strict\n vrrp_lower_prio_no_advert false\n}\n').config.lowerPrioNoAdvert, false);
});

test('garp lower prio delay/repeat follow the master values unless set', () => {
  const { config } = parseGlobal('global_defs {\n vrrp_garp_master_delay 2\n vrrp_garp_master_repeat 3\n}\n');
  assert.equal(config.garpLowerPrioDelayMicros, 2_000_000);
  assert.equal(config.garpLowerPrioRepeat, 3);
  const set = parseGlobal('global_defs {\n vrrp_garp_master_delay 2\n vrrp_garp_lower_prio_repeat 0\n}\n').config;
  assert.equal(set.garpLowerPrioRepeat, 0);
});

test('vrrp_min_garp: one GARP, no delayed burst, unless already set', () => {
  const { config } = parseGlobal('global_defs {\n vrrp_garp_master_repeat 3\n vrrp_min_garp\n}\n');
  assert.equal(config.minGarp, true);
  assert.equal(config.garpMasterRepeat, 3);
  assert.equal(config.garpMasterDelayMicros, 0);
  assert.equal(config.garpMasterRefreshRepeat, 0);
});

// Messages observed with keepalived 2.2.7 -t (severity error = exit 5).
const errorCases: readonly (readonly [string, string, readonly string[]])[] = [
  ['vrrp_version out of range', 'vrrp_version 4', ["number '4' outside range [2, 3]", 'VRRP Error: Version must be either 2 or 3']],
  ['garp repeat 0 repaired', 'vrrp_garp_master_repeat 0', ['vrrp_garp_master_repeat must be greater than 0, setting to 1']],
  ['garp delay not a number', 'vrrp_garp_master_delay abc', ["invalid number 'abc'", "vrrp_garp_master_delay 'abc' invalid - ignoring"]],
  ['smtp_alert bad word', 'smtp_alert maybe', ["Invalid value 'maybe' for global smtp_alert specified"]],
  ['mcast4 not multicast', 'vrrp_mcast_group4 1.2.3.4', ['vrrp_mcast_group4 [1.2.3.4] is not multicast. Skipping']],
  ['mcast4 not IPv4', 'vrrp_mcast_group4 ff02::1', ['vrrp_mcast_group4 [ff02::1] is not IPv4. Skipping']],
  ['mcast6 unparsable', 'vrrp_mcast_group6 foo', ["Can't parse vrrp_mcast_group6 [foo]. Skipping"]],
  ['mcast6 not link-local', 'vrrp_mcast_group6 ff05::1', ['vrrp_mcast_group6 [ff05::1] should be link-local multicast.']],
  ['down timer adverts', 'vrrp_down_timer_adverts 0', ["number '0' outside range [1, 100]", "Invalid vrrp_down_timer_adverts [1:100] '0'"]],
  ['umask bad bit', 'umask IRWXO', ['Unknown umask bit IRWXO']],
  ['router_id without value', 'router_id', ['routerid name missing - ignoring']],
  ['smtp timeout 0 (sic)', 'smtp_connect_timeout 0', ['smtp_conect_timeout must be greater than 0, setting to 1']],
  ['empty email block', 'notification_email {\n }', ['Warning - empty notification_email block']],
  ['unknown keyword', 'bogus_kw', ["Unknown keyword 'bogus_kw'"]],
  ['process name too long', 'vrrp_process_name abcdefghijklmnopq', ['Process name abcdefghijklmnopq more than 15 characters, truncating']],
  ['lvs_timeouts unknown option', 'lvs_timeouts tcp 10 foo', ['Unknown option foo specified for lvs_timeouts']],
  ['lvs_sync_daemon positional id', 'lvs_sync_daemon eth0 VI_1 5', ['Please use keyword "id" before lvs_sync_daemon SYNCID']],
  ['dynamic_interfaces option', 'dynamic_interfaces foo', ["Unknown dynamic_interfaces option 'foo'"]],
  ['lvs_flush_on_stop type', 'lvs_flush_on_stop ALL', ['Unknown lvs_flush_on_stop type ALL']],
];

for (const [name, line, messages] of errorCases) {
  test(`global_defs error: ${name}`, () => {
    const { diagnostics } = parseGlobal(`global_defs {\n ${line}\n}\n`);
    assert.deepEqual(problems(diagnostics), messages.map((m) => `error@2: ${m}`));
  });
}

// Deprecated aliases: keepalived logs (warning) and applies the new keyword.
test('deprecated aliases warn and still apply', () => {
  const { config, diagnostics } = parseGlobal(
    'global_defs {\n lvs_process_name foo\n vrrp_rlimit_rtime 5000\n vrrp_vmac_garp_intvl 5\n lvs_flush_onstop\n}\n',
  );
  assert.deepEqual(problems(diagnostics), [
    "warning@2: 'lvs_process_name' is deprecated - please use 'checker_process_name'",
    "warning@3: Keyword 'vrrp_rlimit_rtime' is deprecated - please use 'vrrp_rlimit_rttime'",
    'warning@4: Keyword "vrrp_vmac_garp_intvl" is deprecated - please use "vrrp_garp_extra_if"',
    "warning@5: 'lvs_flush_onstop' is deprecated - please use 'lvs_flush_on_stop'",
  ]);
  assert.equal(config.checkerProcessName, 'foo');
  assert.deepEqual(config.garpExtraIf, { all: false, intervalMicros: 5_000_000 });
  assert.equal(config.lvsFlushOnStop, 'all');
});

test('SNMP and DBus are parsed but reported as not implemented; net_namespace is acted on', () => {
  const { config, diagnostics } = parseGlobal('net_namespace blue\nglobal_defs {\n enable_snmp_vrrp\n enable_dbus\n}\n');
  assert.deepEqual(diagnostics.map((d) => d.severity), ['notImplemented', 'notImplemented']);
  assert.equal(config.netNamespace, 'blue');
  assert.equal(config.usePidDir, true);
  assert.equal(config.enableSnmpVrrp, true);
});

test('notification_email keeps addresses in file order; smtp_server takes a port', () => {
  const { config, diagnostics } = parseGlobal('global_defs {\n notification_email {\n  a@x\n  b@x\n }\n smtp_server 10.0.0.1 2525\n}\n');
  assert.deepEqual(problems(diagnostics), []);
  assert.deepEqual(config.notificationEmails.map((e) => e.address), ['a@x', 'b@x']);
  assert.deepEqual(config.smtpServer && { host: config.smtpServer.host, port: config.smtpServer.port }, { host: '10.0.0.1', port: 2525 });
});

test('lvs_sync_daemon keyword form', () => {
  const { config, diagnostics } = parseGlobal('global_defs {\n lvs_sync_daemon eth1 inst VI_1 id 7 port 9000 group 224.0.0.82\n}\n');
  assert.deepEqual(problems(diagnostics), []);
  const syncd = config.lvsSyncDaemon;
  assert.ok(syncd);
  assert.equal(syncd.interface, 'eth1');
  assert.equal(syncd.vrrpInstance, 'VI_1');
  assert.equal(syncd.syncId, 7);
  assert.equal(syncd.port, 9000);
});

test('root-level settings: instance, child_wait_time, duplicates', () => {
  const { config, diagnostics } = parseGlobal('instance a\ninstance b\nchild_wait_time 9\nlinkbeat_use_polling\n');
  assert.deepEqual(problems(diagnostics), ['error@2: Duplicate instance definition b - ignoring']);
  assert.equal(config.instanceName, 'a');
  assert.equal(config.childWaitTimeSeconds, 9);
  assert.equal(config.linkbeatUsePolling, true);
});
