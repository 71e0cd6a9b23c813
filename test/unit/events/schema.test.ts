// The journal schema's generated files and codec (core/events, schema/README.md): the committed files
// are what schema/*.proto generates, every kind round-trips, the bytes are protobuf's (checked by hand),
// and bad input gives an error result that names the field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { filesFromMap } from '../../../core/config/lexer.js';
import type { KeepalivedConfig } from '../../../core/config/model.js';
import { parseKeepalivedConfig } from '../../../core/config/parse.js';
import { descriptor } from '../../../core/events/descriptor.generated.js';
import {
  decodeEffect,
  decodeEvent,
  decodeRecord,
  effectKinds,
  encodeEffect,
  encodeEvent,
  encodeRecord,
  eventKinds,
  type AdvertReceived,
  type Effect,
  type Event,
  type Record as JournalRecord,
} from '../../../core/events/index.js';
import { buildSchemaModel } from '../../../core/events/schema-model.js';
import { generateSchemaFiles, loadSchemaRoot, staleSchemaFiles } from '../../../scripts/generate-schema.js';
import { hex } from '../vrrp/helpers.js';
import { effectSamples, eventSamples, exampleConfig, fullAddress, ipv6Advert } from './samples.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const bytes = (spacedHex: string): Uint8Array => new Uint8Array(Buffer.from(spacedHex.replaceAll(' ', ''), 'hex'));

describe('generated files', () => {
  it('core/events/*.generated.ts are what schema/*.proto generates', () => {
    assert.deepEqual(staleSchemaFiles(), [], 'run npm run schema');
  });

  it('staleSchemaFiles names a generated file whose text differs', () => {
    const files = generateSchemaFiles().map((f, i) => (i === 0 ? { ...f, text: `${f.text}// edited\n` } : f));
    assert.deepEqual(staleSchemaFiles(files), ['core/events/schema.generated.ts']);
  });

  it('generate-schema.ts --check exits 0 and writes nothing', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-schema.ts', '--check'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, '');
    assert.equal(run.status, 0);
  });

  it('the codec reads the same schema from the descriptor as the generator from the .proto files', () => {
    const fromDescriptor = buildSchemaModel(protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace));
    assert.deepStrictEqual(fromDescriptor, buildSchemaModel(loadSchemaRoot()));
  });

  it('eventKinds and effectKinds list every member in field-number order', () => {
    const model = buildSchemaModel(loadSchemaRoot());
    const kinds = (name: string): string[] => {
      const m = model.messages.get(name);
      return m?.form === 'union' ? m.members.map((x) => x.kind) : [];
    };
    assert.deepEqual(eventKinds, kinds('Event'));
    assert.deepEqual(effectKinds, kinds('Effect'));
    assert.equal(eventKinds[0], 'ConfigLoaded');
    assert.equal(effectKinds.at(-1), 'RunCheck');
  });
});

describe('every kind round-trips', () => {
  for (const kind of eventKinds) {
    it(`Event ${kind}`, () => {
      const event: Event = eventSamples[kind];
      assert.deepStrictEqual(decodeEvent(encodeEvent(event)), { ok: true, value: event });
      const record: JournalRecord = { sequence: 42n, monotonicNs: 1_800_000_000_000_000_000n, wallNs: 1_763_769_600_123_456_789n, nodeId: 'lb1', body: event };
      assert.deepStrictEqual(decodeRecord(encodeRecord(record)), { ok: true, value: record });
    });
  }
  for (const kind of effectKinds) {
    it(`Effect ${kind}`, () => {
      const effect: Effect = effectSamples[kind];
      assert.deepStrictEqual(decodeEffect(encodeEffect(effect)), { ok: true, value: effect });
      const record: JournalRecord = { sequence: 2n ** 64n - 1n, monotonicNs: 0n, wallNs: 2n ** 63n + 5n, nodeId: 'lb2', body: effect };
      assert.deepStrictEqual(decodeRecord(encodeRecord(record)), { ok: true, value: record });
    });
  }

  it('an IPv6 advert from keepalived 2.2.7', () => {
    assert.deepStrictEqual(decodeEvent(encodeEvent(ipv6Advert)), { ok: true, value: ipv6Advert });
  });
});

describe('protobuf bytes (hand-encoded)', () => {
  it('Effect.schedule_timer = 12 with at_micros 2^52 as a varint', () => {
    const encoded = encodeEffect({ kind: 'ScheduleTimer', timer: 't', atMicros: 2 ** 52 });
    assert.equal(hex(encoded), '620c' + '0a0174' + '10' + '8080808080808008');
  });

  it('Event.shutdown_requested = 12; proto3 zero values are not written', () => {
    assert.equal(hex(encodeEvent({ kind: 'ShutdownRequested', signal: 'SIGTERM' })), '6209' + '0a07' + Buffer.from('SIGTERM').toString('hex'));
    assert.equal(hex(encodeEffect({ kind: 'Exit', code: 0 })), '8a0100'); // field 17: a two-byte tag, empty body
  });

  it('Record: uint64 sequence and times above 2^60, node id, effect body', () => {
    const record: JournalRecord = { sequence: 1n, monotonicNs: 1_800_000_000_000_000_000n, wallNs: 2n ** 64n - 1n, nodeId: 'n1', body: { kind: 'LoadConfig' } };
    assert.equal(hex(encodeRecord(record)), '0801' + '10' + '8080d09de9ceb8fd18' + '18' + 'ffffffffffffffffff01' + '22026e31' + '3202' + '7a00');
  });

  it('a negative int32 is a ten-byte varint', () => {
    assert.equal(hex(encodeEvent({ kind: 'TrackFileChanged', file: '', value: -20 })), '3a0b' + '10' + 'ecffffffffffffffff01');
  });
});

function parseFile(path: string): KeepalivedConfig {
  const text = readFileSync(path, 'utf8');
  return parseKeepalivedConfig('keepalived.conf', { files: filesFromMap(new Map([['keepalived.conf', text]])), configId: 'lb1', hostName: 'lb1' }).config;
}

function hasUndefinedValue(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((v: unknown) => v === undefined || hasUndefinedValue(v));
}

const debianSamples = '/usr/share/doc/keepalived/samples';

describe('ConfigLoaded carries a parsed config exactly', () => {
  const roundTrip = (config: KeepalivedConfig): void => {
    const event: Event = { kind: 'ConfigLoaded', mainFile: 'keepalived.conf', files: [], digest: '', config };
    assert.deepStrictEqual(decodeEvent(encodeEvent(event)), { ok: true, value: event });
  };

  it('examples/keepalived.conf, whose model has undefined-valued keys (stored as JSON null)', () => {
    assert.ok(hasUndefinedValue(exampleConfig), 'the example no longer has an undefined value: this test lost its point');
    roundTrip(exampleConfig);
  });

  const samples = existsSync(debianSamples) ? readdirSync(debianSamples).filter((f) => f.startsWith('keepalived.conf')).sort() : [];
  it(`Debian's keepalived samples (${samples.length})`, { skip: samples.length === 0 && `${debianSamples} not installed` }, () => {
    for (const file of samples) roundTrip(parseFile(join(debianSamples, file)));
  });

  it('a config holding null, NaN or a Map does not encode', () => {
    const withGlobal = (global: unknown): Event => ({ kind: 'ConfigLoaded', mainFile: '', files: [], digest: '', config: { ...exampleConfig, global } as KeepalivedConfig });
    assert.throws(() => encodeEvent(withGlobal(null)), { name: 'TypeError', message: /null cannot be stored/ });
    assert.throws(() => encodeEvent(withGlobal({ ...exampleConfig.global, vrrpGarpInterval: Number.NaN })), { name: 'TypeError', message: /NaN has no JSON form/ });
    assert.throws(() => encodeEvent(withGlobal(new Map())), { name: 'TypeError', message: /only plain objects/ });
  });
});

describe('decoding bad bytes gives an error result', () => {
  const advert = encodeEvent(eventSamples.AdvertReceived);
  const cases: readonly (readonly [string, () => unknown, RegExp])[] = [
    ['truncated', () => decodeEvent(advert.subarray(0, advert.length - 3)), /^Event: malformed protobuf \(index out of range/],
    ['empty Event', () => decodeEvent(new Uint8Array(0)), /^Event: no kind$/],
    ['enum 0', () => decodeEvent(bytes('12 06 0a 04 65746830')), /^Event<AdvertReceived>\.family: Family value 0 \(FAMILY_UNSPECIFIED\) is not allowed$/],
    ['enum value unknown to the schema', () => decodeEvent(bytes('12 02 10 09')), /^Event<AdvertReceived>\.family: 9 is not a Family value$/],
    ['required message missing', () => decodeEffect(bytes('12 04 0a 02 5649')), /^Effect<AddAddress>\.address: missing \(a AddressSpec is required\)$/],
    ['record without body', () => decodeRecord(bytes('08 01')), /^Record\.body: missing \(one of Event, Effect, Checkpoint is required\)$/],
    ['wrong wire type for a kind', () => decodeEvent(bytes('10 01')), /^Event: field 2 \(advertReceived\) has wire type 0 \(varint\), expected 2 \(length-delimited\)$/],
    ['wrong wire type inside', () => decodeEvent(bytes('12 04 12 02 0102')), /^Event<AdvertReceived>: field 2 \(family\) has wire type 2 \(length-delimited\), expected 0 \(varint\)$/],
    ['unknown kind', () => decodeEvent(bytes('8201 00')), /^Event: unknown kind \(field 16, wire type 2\)$/],
    ['unknown field', () => decodeEvent(bytes('1a 02 5001')), /^Event<TimerFired>: unknown field 10 \(wire type 0\)$/],
    ['JS_NUMBER above 2^53', () => decodeEffect(bytes('62 09 10 8080808080808010')), /^Effect<ScheduleTimer>\.atMicros: 9007199254740992 is not a safe integer/],
    ['invalid UTF-8', () => decodeEvent(bytes('62 04 0a 02 fffe')), /^Event: malformed protobuf/],
    ['config not JSON', () => decodeEvent(bytes('0a 08 22 06 0a 04 6e6f7065')), /^Event<ConfigLoaded>\.config: not JSON/],
    ['config JSON not an object', () => decodeEvent(bytes('0a 06 22 04 0a 02 3432')), /^Event<ConfigLoaded>\.config: JSON is not an object$/],
    ['config missing', () => decodeEvent(bytes('0a 00')), /^Event<ConfigLoaded>\.config: missing/],
    ['an effect number no kind has yet', () => decodeEffect(bytes('8204 00')), /^Effect: unknown kind \(field 64, wire type 2\)$/],
    ['bad wire type 7', () => decodeRecord(bytes('0f')), /^Record: malformed protobuf/],
  ];
  for (const [name, run, error] of cases) {
    it(name, () => {
      const result = run();
      assert.ok(typeof result === 'object' && result !== null && 'ok' in result && result.ok === false, `decoded: ${String(result)}`);
      assert.ok('error' in result && typeof result.error === 'string');
      assert.match(result.error, error);
    });
  }
});

describe('encoding rejects what the types forbid', () => {
  const record = (over: Partial<JournalRecord>): JournalRecord => ({ sequence: 1n, monotonicNs: 0n, wallNs: 0n, nodeId: 'lb1', body: { kind: 'LoadConfig' }, ...over });
  const cases: readonly (readonly [string, () => unknown, RegExp])[] = [
    ['an unsafe integer for a JS_NUMBER field', () => encodeEffect({ kind: 'ScheduleTimer', timer: 't', atMicros: 2 ** 53 }), /atMicros: expected a safe uint64 integer/],
    ['a negative JS_NUMBER uint64', () => encodeEffect({ ...effectSamples.RunScript, timeoutMicros: -1 }), /timeoutMicros: expected a safe uint64/],
    ['an enum literal the schema lacks', () => encodeEvent({ ...eventSamples.AdvertReceived, family: 'inet4' as AdvertReceived['family'] }), /family: 'inet4' is not a Family \(inet, inet6\)/],
    ['a uint32 above 2^32 - 1', () => encodeEvent({ ...eventSamples.LinkChanged, index: 2 ** 32 }), /index: expected a uint32 integer/],
    ['a fractional int32', () => encodeEffect({ kind: 'Exit', code: 1.5 }), /code: expected a int32 integer/],
    ['a uint64 of 2^64', () => encodeRecord(record({ sequence: 2n ** 64n })), /sequence: expected a uint64 bigint/],
    ['a negative uint64', () => encodeRecord(record({ wallNs: -1n })), /wallNs: expected a uint64 bigint/],
    ['an unknown kind', () => encodeEvent({ kind: 'Nope' } as unknown as Event), /'Nope' is not a Event kind/],
    ['a required message missing', () => encodeEffect({ kind: 'AddAddress', instance: 'VI_1' } as unknown as Effect), /address: missing/],
    ['a lone surrogate', () => encodeEvent({ kind: 'TimerFired', timer: 'a\ud800' }), /lone UTF-16 surrogate/],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      assert.throws(run, { name: 'TypeError', message });
    });
  }
});

describe('decoded values have exactly the declared keys', () => {
  it('absent optionals are absent keys, not undefined', () => {
    const address = { interface: 'eth0', family: 'inet', address: '192.0.2.100', prefixLength: 24, flags: [] } as const;
    const result = decodeEffect(encodeEffect({ kind: 'AddAddress', instance: 'VI_1', address }));
    assert.ok(result.ok && result.value.kind === 'AddAddress');
    assert.deepEqual(Object.keys(result.value.address), ['interface', 'family', 'address', 'prefixLength', 'flags']);
    const full = decodeEffect(encodeEffect({ kind: 'AddAddress', instance: 'VI_1', address: fullAddress }));
    assert.ok(full.ok && full.value.kind === 'AddAddress');
    assert.equal(Object.keys(full.value.address).length, 10);
  });

  it('bytes are a plain Uint8Array that does not share memory with the input', () => {
    const input = encodeEvent(eventSamples.AdvertReceived);
    const result = decodeEvent(input);
    assert.ok(result.ok && result.value.kind === 'AdvertReceived');
    const payload = result.value.payload;
    assert.equal(Object.getPrototypeOf(payload), Uint8Array.prototype);
    const before = hex(payload);
    input.fill(0);
    assert.equal(hex(payload), before);
    assert.equal(Object.getPrototypeOf(encodeEvent(eventSamples.TimerFired)), Uint8Array.prototype);
  });
});
