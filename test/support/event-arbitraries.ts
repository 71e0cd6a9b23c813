// fast-check arbitraries for every Event, Effect and journal Record (core/events), for codec and
// reducer property tests. One arbitrary per kind, in maps typed by EventKind / EffectKind, so a kind
// added to the schema does not compile here until it has an arbitrary.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { filesFromMap } from '../../core/config/lexer.js';
import type { KeepalivedConfig } from '../../core/config/model.js';
import { parseKeepalivedConfig } from '../../core/config/parse.js';
import {
  effectKinds,
  eventKinds,
  type AddressSpec,
  type Effect,
  type EffectKind,
  type Event,
  type EventKind,
  type Family,
  type InstanceState,
  type IpvsDest,
  type IpvsService,
  type IpvsServiceKey,
  type LogLevel,
  type Reason,
  type ReasonKind,
  type Record as JournalRecord,
  type RouteOption,
  type RouteSpec,
  type RuleSpec,
  type ScriptOutcome,
  type ScriptPurpose,
} from '../../core/events/index.js';

// fc.record may build null-prototype objects; decoded values are plain objects, and deepStrictEqual
// compares prototypes.
const plain = { noNullPrototype: true } as const;

/** Any Unicode text (whole code points: a lone surrogate has no UTF-8 form and the encoder rejects it). */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const name: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z][\w.-]{0,14}$/);
export const uint32: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.bigInt({ min: 0n, max: 0xffffffffn }).map(Number),
);
export const int32: fc.Arbitrary<number> = fc.integer();
export const uint64: fc.Arbitrary<bigint> = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
const safeMicros: fc.Arbitrary<number> = fc.oneof(fc.nat(10_000_000), fc.maxSafeNat());

export const family: fc.Arbitrary<Family> = fc.constantFrom('inet', 'inet6');
const ipAddress: fc.Arbitrary<string> = fc.oneof(fc.ipV4(), fc.ipV6());
const instanceState: fc.Arbitrary<InstanceState> = fc.constantFrom('init', 'backup', 'master', 'fault', 'stop', 'deleted');
const reasonKind: fc.Arbitrary<ReasonKind> = fc.constantFrom(
  'startup', 'masterDownTimer', 'higherPriorityAdvert', 'equalPriorityHigherAddress', 'priorityZeroAdvert',
  'trackerFailed', 'trackerRecovered', 'interfaceDown', 'interfaceUp', 'syncGroup', 'shutdown', 'reload',
  'addressDeleted', 'owner', 'priorityChanged', 'sourceAddressGone',
);
const scriptOutcome: fc.Arbitrary<ScriptOutcome> = fc.constantFrom('exited', 'signalled', 'timedOut', 'failedToStart');
const scriptPurpose: fc.Arbitrary<ScriptPurpose> = fc.constantFrom('notify', 'track');
const logLevel: fc.Arbitrary<LogLevel> = fc.constantFrom('debug', 'info', 'warning', 'error');

const configTexts: readonly string[] = [
  readFileSync(new URL('../../examples/keepalived.conf', import.meta.url), 'utf8'),
  'vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 7\n  priority 100\n  virtual_ipaddress {\n    10.0.0.7/24\n  }\n}\n',
  '',
];

/** Real parsed configs: KeepalivedConfig is too rich to generate, and a reducer wants valid ones. */
export const parsedConfigs: readonly KeepalivedConfig[] = configTexts.map(
  (t) => parseKeepalivedConfig('keepalived.conf', { files: filesFromMap(new Map([['keepalived.conf', t]])), configId: 'lb1', hostName: 'lb1' }).config,
);

export const addressSpec: fc.Arbitrary<AddressSpec> = fc.record({
  interface: name,
  family,
  address: ipAddress,
  prefixLength: fc.integer({ min: 0, max: 128 }),
  broadcast: fc.ipV4(),
  peer: ipAddress,
  scope: fc.constantFrom('global', 'host', 'link', 'site'),
  label: name,
  flags: fc.array(fc.constantFrom('home', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'deprecated'), { maxLength: 3 }),
  preferredLifetime: uint32,
}, { ...plain, requiredKeys: ['interface', 'family', 'address', 'prefixLength', 'flags'] });

const routeOption: fc.Arbitrary<RouteOption> = fc.record({ keyword: name, value: text }, { ...plain, requiredKeys: ['keyword'] });

export const routeSpec: fc.Arbitrary<RouteSpec> = fc.record({
  family,
  destination: ipAddress,
  type: fc.constantFrom('unicast', 'blackhole', 'unreachable', 'prohibit'),
  src: ipAddress,
  via: ipAddress,
  dev: name,
  table: name,
  scope: name,
  metric: uint32,
  options: fc.array(routeOption, { maxLength: 3 }),
  nexthops: fc.array(fc.record({ via: ipAddress, dev: name, weight: uint32, onlink: fc.boolean() }, { ...plain, requiredKeys: ['onlink'] }), { maxLength: 3 }),
}, { ...plain, requiredKeys: ['family', 'destination', 'type', 'options', 'nexthops'] });

export const ruleSpec: fc.Arbitrary<RuleSpec> = fc.record({
  family,
  from: ipAddress,
  to: ipAddress,
  preference: uint32,
  action: fc.constantFrom('table', 'goto', 'nop', 'blackhole', 'prohibit', 'unreachable', 'l3mdev'),
  actionValue: name,
  options: fc.array(routeOption, { maxLength: 3 }),
}, { ...plain, requiredKeys: ['family', 'preference', 'action', 'options'] });

const reason: fc.Arbitrary<Reason> = fc.record(
  { kind: reasonKind, peer: ipAddress, priority: fc.integer({ min: 0, max: 255 }), subject: name },
  { ...plain, requiredKeys: ['kind'] },
);

const ipvsServiceKey: fc.Arbitrary<IpvsServiceKey> = fc.record({
  family, protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', ''), address: ipAddress, port: fc.integer({ min: 0, max: 65535 }), fwmark: uint32,
}, plain);
const ipvsService: fc.Arbitrary<IpvsService> = fc.record({
  key: ipvsServiceKey, scheduler: fc.constantFrom('rr', 'wrr', 'lc', 'wlc', 'sh', 'mh'), flags: uint32, timeout: uint32, netmask: uint32, peName: name,
}, { ...plain, requiredKeys: ['key', 'scheduler', 'flags', 'timeout', 'netmask'] });
const ipvsDest: fc.Arbitrary<IpvsDest> = fc.record({
  family, address: ipAddress, port: fc.integer({ min: 0, max: 65535 }), forwarding: fc.constantFrom('NAT', 'DR', 'TUN'),
  weight: int32, upperThreshold: uint32, lowerThreshold: uint32,
  tunnelType: fc.constantFrom('ipip', 'gue', 'gre'), tunnelPort: fc.integer({ min: 0, max: 65535 }), tunnelChecksum: fc.constantFrom('nocsum', 'csum', 'remcsum'),
}, { ...plain, requiredKeys: ['family', 'address', 'port', 'forwarding', 'weight', 'upperThreshold', 'lowerThreshold'] });

type EffectOf<K extends EffectKind> = Extract<Effect, { kind: K }>;
type EventOf<K extends EventKind> = Extract<Event, { kind: K }>;

export const effectArbitraries: { readonly [K in EffectKind]: fc.Arbitrary<EffectOf<K>> } = {
  SendAdvert: fc.record({
    kind: fc.constant('SendAdvert'), instance: name, interface: name, family, source: ipAddress,
    destination: ipAddress, ttl: fc.constant(255), message: fc.uint8Array({ maxLength: 64 }),
  }, { ...plain, requiredKeys: ['kind', 'instance', 'interface', 'family', 'destination', 'ttl', 'message'] }),
  AddAddress: fc.record({ kind: fc.constant('AddAddress'), instance: name, address: addressSpec }, plain),
  DeleteAddress: fc.record({ kind: fc.constant('DeleteAddress'), instance: name, address: addressSpec }, plain),
  AddRoute: fc.record({ kind: fc.constant('AddRoute'), instance: name, route: routeSpec }, plain),
  DeleteRoute: fc.record({ kind: fc.constant('DeleteRoute'), instance: name, route: routeSpec }, plain),
  AddRule: fc.record({ kind: fc.constant('AddRule'), instance: name, rule: ruleSpec }, plain),
  DeleteRule: fc.record({ kind: fc.constant('DeleteRule'), instance: name, rule: ruleSpec }, plain),
  SendGratuitousArp: fc.record({ kind: fc.constant('SendGratuitousArp'), instance: name, interface: name, address: fc.ipV4() }, plain),
  SendUnsolicitedNa: fc.record({ kind: fc.constant('SendUnsolicitedNa'), instance: name, interface: name, address: fc.ipV6() }, plain),
  RunScript: fc.record({
    kind: fc.constant('RunScript'), purpose: scriptPurpose, name, argv: fc.array(text, { maxLength: 5 }),
    user: name, group: name, timeoutMicros: safeMicros,
  }, { ...plain, requiredKeys: ['kind', 'purpose', 'name', 'argv'] }),
  WriteFifo: fc.record({ kind: fc.constant('WriteFifo'), path: text, line: text }, plain),
  ScheduleTimer: fc.record({ kind: fc.constant('ScheduleTimer'), timer: name, atMicros: safeMicros }, plain),
  CancelTimer: fc.record({ kind: fc.constant('CancelTimer'), timer: name }, plain),
  Log: fc.record({ kind: fc.constant('Log'), level: logLevel, message: text }, plain),
  LoadConfig: fc.record({ kind: fc.constant('LoadConfig') }, plain),
  Transition: fc.record({
    kind: fc.constant('Transition'), instance: name, group: fc.boolean(), from: instanceState, to: instanceState,
    reason, priority: fc.integer({ min: 0, max: 255 }),
  }, plain),
  Exit: fc.record({ kind: fc.constant('Exit'), code: int32 }, plain),
  SendMail: fc.record({
    kind: fc.constant('SendMail'), server: ipAddress, port: fc.integer({ min: 0, max: 65535 }), helo: name, from: text,
    to: fc.array(text, { maxLength: 3 }), subject: text, body: text, connectTimeoutMicros: safeMicros,
  }, plain),
  IpvsAddService: fc.record({ kind: fc.constant('IpvsAddService'), service: ipvsService }, plain),
  IpvsUpdateService: fc.record({ kind: fc.constant('IpvsUpdateService'), service: ipvsService }, plain),
  IpvsDeleteService: fc.record({ kind: fc.constant('IpvsDeleteService'), key: ipvsServiceKey }, plain),
  IpvsAddDest: fc.record({ kind: fc.constant('IpvsAddDest'), service: ipvsServiceKey, dest: ipvsDest }, plain),
  IpvsUpdateDest: fc.record({ kind: fc.constant('IpvsUpdateDest'), service: ipvsServiceKey, dest: ipvsDest }, plain),
  IpvsDeleteDest: fc.record({ kind: fc.constant('IpvsDeleteDest'), service: ipvsServiceKey, dest: ipvsDest }, plain),
  IpvsFlush: fc.record({ kind: fc.constant('IpvsFlush') }, plain),
  ReadIpvsTable: fc.record({ kind: fc.constant('ReadIpvsTable') }, plain),
  RunCheck: fc.record({ kind: fc.constant('RunCheck'), checker: name }, plain),
};

export const arbitraryEffect: fc.Arbitrary<Effect> = fc.oneof(...effectKinds.map((k): fc.Arbitrary<Effect> => effectArbitraries[k]));

export const eventArbitraries: { readonly [K in EventKind]: fc.Arbitrary<EventOf<K>> } = {
  ConfigLoaded: fc.record({
    kind: fc.constant('ConfigLoaded'), mainFile: text,
    files: fc.array(fc.record({ path: text, text }, plain), { maxLength: 3 }),
    digest: fc.stringMatching(/^[0-9a-f]{64}$/), config: fc.constantFrom(...parsedConfigs),
  }, plain),
  AdvertReceived: fc.record({
    kind: fc.constant('AdvertReceived'), interface: name, family, source: ipAddress, destination: ipAddress,
    ttlOrHopLimit: fc.integer({ min: 0, max: 255 }), payload: fc.uint8Array({ maxLength: 80 }),
    ipHeaderLength: fc.integer({ min: 0, max: 60 }), ipTotalLength: fc.integer({ min: 0, max: 65535 }), ipProtocol: fc.constantFrom(112, 51),
  }, { ...plain, requiredKeys: ['kind', 'interface', 'family', 'source', 'destination', 'payload', 'ipHeaderLength', 'ipTotalLength', 'ipProtocol'] }),
  TimerFired: fc.record({ kind: fc.constant('TimerFired'), timer: name }, plain),
  LinkChanged: fc.record({ kind: fc.constant('LinkChanged'), interface: name, index: uint32, exists: fc.boolean(), up: fc.boolean(), running: fc.boolean() }, plain),
  AddressChanged: fc.record({
    kind: fc.constant('AddressChanged'), interface: name, family, address: ipAddress, prefixLength: fc.integer({ min: 0, max: 128 }), present: fc.boolean(),
  }, plain),
  ScriptResult: fc.record({ kind: fc.constant('ScriptResult'), script: name, outcome: scriptOutcome, status: int32 }, plain),
  TrackFileChanged: fc.record({ kind: fc.constant('TrackFileChanged'), file: text, value: int32 }, plain),
  ProcessCountChanged: fc.record({ kind: fc.constant('ProcessCountChanged'), process: name, count: uint32 }, plain),
  CheckResult: fc.record(
    { kind: fc.constant('CheckResult'), checker: name, ok: fc.boolean(), detail: text, exitStatus: int32 },
    { ...plain, requiredKeys: ['kind', 'checker', 'ok', 'detail'] },
  ),
  EffectResult: fc.record({ kind: fc.constant('EffectResult'), effect: arbitraryEffect, ok: fc.boolean(), error: text }, plain),
  ReloadRequested: fc.record({ kind: fc.constant('ReloadRequested') }, plain),
  ShutdownRequested: fc.record({ kind: fc.constant('ShutdownRequested'), signal: fc.constantFrom('SIGTERM', 'SIGINT') }, plain),
  DaemonStarted: fc.record({ kind: fc.constant('DaemonStarted'), vigilVersion: fc.string(), pid: fc.nat({ max: 4_194_304 }) }, plain),
  NotifyFinished: fc.record({
    kind: fc.constant('NotifyFinished'), name, argv: fc.array(text, { maxLength: 5 }), outcome: scriptOutcome, status: int32,
    durationMicros: safeMicros, error: text,
  }, plain),
  IpvsTableRead: fc.record({
    kind: fc.constant('IpvsTableRead'), ok: fc.boolean(), error: text,
    services: fc.array(fc.record({ service: ipvsService, dests: fc.array(ipvsDest, { maxLength: 3 }) }, plain), { maxLength: 3 }),
  }, plain),
};

export const arbitraryEvent: fc.Arbitrary<Event> = fc.oneof(...eventKinds.map((k): fc.Arbitrary<Event> => eventArbitraries[k]));

export const arbitraryRecord: fc.Arbitrary<JournalRecord> = fc.record({
  sequence: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
  monotonicNs: uint64,
  wallNs: uint64,
  nodeId: name,
  body: fc.oneof(arbitraryEvent, arbitraryEffect),
}, plain);
