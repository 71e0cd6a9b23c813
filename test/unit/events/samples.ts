// One realistic, hand-written value per Event and Effect kind (typed maps: a new kind does not compile
// here until it has a sample). Adverts are real ones from Debian's keepalived 2.2.7 (test/fixtures/vrrp).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { filesFromMap } from '../../../core/config/lexer.js';
import { parseKeepalivedConfig } from '../../../core/config/parse.js';
import type { AddressSpec, Effect, EffectKind, Event, EventKind, IpvsDest, IpvsService } from '../../../core/events/index.js';
import { loadFixture, unhex } from '../vrrp/helpers.js';

const v2Advert = loadFixture('v2-pass-ipv4').packets[0];
const v3Ipv6Advert = loadFixture('v3-ipv6').packets[0];
if (v2Advert === undefined || v3Ipv6Advert === undefined) throw new Error('test/fixtures/vrrp: missing packets');

export const exampleConfigText = readFileSync(new URL('../../../examples/keepalived.conf', import.meta.url), 'utf8');
export const exampleConfig = parseKeepalivedConfig('/etc/keepalived/keepalived.conf', {
  files: filesFromMap(new Map([['/etc/keepalived/keepalived.conf', exampleConfigText]])),
  configId: 'lb1',
  hostName: 'lb1',
}).config;

/** Every optional field set. */
export const fullAddress: AddressSpec = {
  interface: 'eth0',
  family: 'inet',
  address: '192.0.2.100',
  prefixLength: 24,
  broadcast: '192.0.2.255',
  peer: '192.0.2.1',
  scope: 'global',
  label: 'eth0:vip',
  flags: ['nodad', 'noprefixroute'],
  preferredLifetime: 4294967295, // INFINITY_LIFE_TIME: the uint32 maximum
};

const ipv6Address: AddressSpec = { interface: 'eth0', family: 'inet6', address: '2001:db8:123::100', prefixLength: 64, flags: [] };

const webService: IpvsService = {
  key: { family: 'inet', protocol: 'TCP', address: '10.0.0.1', port: 80, fwmark: 0 },
  scheduler: 'wrr', flags: 1, timeout: 300, netmask: 0xffffffff,
};
const natDest: IpvsDest = { family: 'inet', address: '10.0.0.11', port: 8080, forwarding: 'NAT', weight: 1, upperThreshold: 0, lowerThreshold: 0 };
// A GUE tunnel to an IPv6 real server: every optional field set.
const tunnelDest: IpvsDest = {
  family: 'inet6', address: 'fd00::11', port: 80, forwarding: 'TUN', weight: 3, upperThreshold: 1000, lowerThreshold: 10,
  tunnelType: 'gue', tunnelPort: 5555, tunnelChecksum: 'remcsum',
};

export const effectSamples: { readonly [K in EffectKind]: Extract<Effect, { kind: K }> } = {
  SendAdvert: {
    kind: 'SendAdvert', instance: 'VI_1', interface: 'eth0', family: 'inet',
    destination: '224.0.0.18', ttl: 255, message: unhex(v2Advert.payload),
  },
  AddAddress: { kind: 'AddAddress', instance: 'VI_1', address: fullAddress },
  DeleteAddress: { kind: 'DeleteAddress', instance: 'VI_6', address: ipv6Address },
  AddRoute: {
    kind: 'AddRoute', instance: 'VI_1',
    route: {
      family: 'inet', destination: '198.51.100.0/24', type: 'unicast', src: '192.0.2.100', table: '100', metric: 5,
      options: [{ keyword: 'mtu', value: '1400' }, { keyword: 'onlink' }],
      nexthops: [{ via: '192.0.2.1', dev: 'eth0', weight: 2, onlink: false }, { via: '192.0.2.2', onlink: true }],
    },
  },
  DeleteRoute: { kind: 'DeleteRoute', instance: 'VI_1', route: { family: 'inet6', destination: '::/0', type: 'blackhole', options: [], nexthops: [] } },
  AddRule: {
    kind: 'AddRule', instance: 'VI_1',
    rule: { family: 'inet', from: '192.0.2.100/32', preference: 100, action: 'table', actionValue: '100', options: [{ keyword: 'fwmark', value: '0x10' }] },
  },
  DeleteRule: { kind: 'DeleteRule', instance: '', rule: { family: 'inet6', to: '2001:db8::/32', preference: 0, action: 'prohibit', options: [] } },
  SendGratuitousArp: { kind: 'SendGratuitousArp', instance: 'VI_1', interface: 'eth0', address: '192.0.2.100' },
  SendUnsolicitedNa: { kind: 'SendUnsolicitedNa', instance: 'VI_6', interface: 'eth0', address: '2001:db8:123::100' },
  RunScript: {
    kind: 'RunScript', purpose: 'notify', name: 'VI_1',
    // keepalived's notify argv: script, "INSTANCE", name, state, priority
    argv: ['/etc/keepalived/notify.sh', 'INSTANCE', 'VI_1', 'MASTER', '150'], user: 'keepalived_script', group: 'keepalived_script',
  },
  WriteFifo: { kind: 'WriteFifo', path: '/run/keepalived/notify.fifo', line: 'INSTANCE "VI_1" MASTER 150\n' },
  ScheduleTimer: { kind: 'ScheduleTimer', timer: 'VI_1/master-down', atMicros: 2 ** 52 },
  CancelTimer: { kind: 'CancelTimer', timer: 'VI_1/master-down' },
  Log: { kind: 'Log', level: 'info', message: '(VI_1) Entering MASTER STATE' },
  LoadConfig: { kind: 'LoadConfig' },
  Transition: {
    kind: 'Transition', instance: 'VI_1', group: false, from: 'backup', to: 'master',
    reason: { kind: 'masterDownTimer', subject: 'VI_1/master-down' }, priority: 150,
  },
  Exit: { kind: 'Exit', code: 0 },
  SendMail: {
    kind: 'SendMail', server: '192.0.2.25', port: 25, helo: 'lb-1', from: 'keepalived@lb-1', to: ['ops@example.com', 'oncall@example.com'],
    subject: '[lb-1] VRRP Instance VI_1 - Entering MASTER state', body: '=> VRRP Instance is now owning VRRP VIPs <=\r\n', connectTimeoutMicros: 30_000_000,
  },
  IpvsAddService: { kind: 'IpvsAddService', service: webService },
  IpvsUpdateService: { kind: 'IpvsUpdateService', service: { ...webService, scheduler: 'rr', flags: 0, timeout: 0 } },
  IpvsDeleteService: { kind: 'IpvsDeleteService', key: { family: 'inet', protocol: '', address: '', port: 0, fwmark: 42 } },
  IpvsAddDest: { kind: 'IpvsAddDest', service: webService.key, dest: natDest },
  IpvsUpdateDest: { kind: 'IpvsUpdateDest', service: webService.key, dest: { ...natDest, weight: 0 } },
  IpvsDeleteDest: { kind: 'IpvsDeleteDest', service: webService.key, dest: tunnelDest },
  IpvsFlush: { kind: 'IpvsFlush' },
  ReadIpvsTable: { kind: 'ReadIpvsTable' },
  RunCheck: { kind: 'RunCheck', checker: '10.0.0.1:80/TCP 10.0.0.11:8080 #0' },
};

export const eventSamples: { readonly [K in EventKind]: Extract<Event, { kind: K }> } = {
  ConfigLoaded: {
    kind: 'ConfigLoaded', mainFile: '/etc/keepalived/keepalived.conf',
    files: [{ path: '/etc/keepalived/keepalived.conf', text: exampleConfigText }],
    digest: createHash('sha256').update(exampleConfigText).digest('hex'),
    config: exampleConfig,
  },
  AdvertReceived: {
    kind: 'AdvertReceived', interface: 'veth-b', family: 'inet', source: v2Advert.source, destination: v2Advert.destination,
    ttlOrHopLimit: v2Advert.ttlOrHopLimit, payload: unhex(v2Advert.payload), ipHeaderLength: 20, ipTotalLength: 44, ipProtocol: 112,
  },
  TimerFired: { kind: 'TimerFired', timer: 'VI_1/master-down' },
  LinkChanged: { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: false },
  AddressChanged: { kind: 'AddressChanged', interface: 'eth0', family: 'inet6', address: 'fe80::1:1', prefixLength: 64, present: false },
  ScriptResult: { kind: 'ScriptResult', script: 'chk_haproxy', outcome: 'timedOut', status: 15 },
  TrackFileChanged: { kind: 'TrackFileChanged', file: '/run/vigil/track', value: -20 },
  ProcessCountChanged: { kind: 'ProcessCountChanged', process: 'haproxy', count: 3 },
  CheckResult: { kind: 'CheckResult', checker: 'HTTP_GET 192.0.2.11:80', ok: false, detail: 'HTTP status code 503', exitStatus: 7 },
  EffectResult: { kind: 'EffectResult', effect: { kind: 'AddAddress', instance: 'VI_1', address: fullAddress }, ok: false, error: 'EEXIST' },
  ReloadRequested: { kind: 'ReloadRequested' },
  ShutdownRequested: { kind: 'ShutdownRequested', signal: 'SIGTERM' },
  DaemonStarted: { kind: 'DaemonStarted', vigilVersion: '0.1.0', pid: 4242 },
  NotifyFinished: {
    kind: 'NotifyFinished', name: 'VI_1', argv: ['/etc/keepalived/notify.sh', 'INSTANCE', 'VI_1', 'MASTER', '150'],
    outcome: 'timedOut', status: 15, durationMicros: 30_000_000, error: '',
  },
  IpvsTableRead: {
    kind: 'IpvsTableRead', ok: true, error: '',
    services: [{ service: webService, dests: [natDest, tunnelDest] }, { service: { ...webService, key: { ...webService.key, port: 443 }, peName: 'sip' }, dests: [] }],
  },
};

/** An IPv6 v3 advert as received: no IPv4 header fields. */
export const ipv6Advert: Event = {
  kind: 'AdvertReceived', interface: 'veth-b', family: 'inet6', source: v3Ipv6Advert.source, destination: v3Ipv6Advert.destination,
  ttlOrHopLimit: v3Ipv6Advert.ttlOrHopLimit, payload: unhex(v3Ipv6Advert.payload), ipHeaderLength: 0, ipTotalLength: 0, ipProtocol: 0,
};
