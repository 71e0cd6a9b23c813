// The codec's fast path (core/events/codec-source.ts renders it, fast-codec.ts drives it) against the
// reference path (protobufjs reflection), on a schema that uses what schema/*.proto does not yet:
// every scalar type, 64-bit numbers both ways, packed and unpacked repeated fields, a negative enum
// value, a oneof whose members sit around another field, recursion, multi-byte tags. Whatever the fast
// path takes, it must write and read as the reference does; what it does not take is the reference's.
// Then the writer's slab: records larger than it, results that do not share bytes.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { renderCodec } from '../../../core/events/codec-source.js';
import { fastCodec, type GeneratedCodec } from '../../../core/events/fast-codec.js';
import { decodeEvent, decodeRecord, encodeEvent, encodeRecord, type Event } from '../../../core/events/index.js';
import { reflectionCodec } from '../../../core/events/reflection-codec.js';
import { buildSchemaModel, type FieldModel, type SchemaModel } from '../../../core/events/schema-model.js';
import { damagedValue, outcome, shapeOf } from './codec-helpers.js';
import { eventSamples } from './samples.js';

const proto = `
syntax = "proto3";
package t;
enum Color { COLOR_UNSPECIFIED = 0; COLOR_RED = 1; COLOR_BLUE = 2; COLOR_BELOW = -3; }
message Scalars {
  string s = 1; bytes b = 2; bool flag = 3; double d = 4; float f = 5;
  int32 i32 = 6; sint32 si32 = 7; sfixed32 sf32 = 8; uint32 u32 = 9; fixed32 f32 = 10;
  int64 i64 = 11; uint64 u64 = 12; sint64 si64 = 13; fixed64 f64 = 14; sfixed64 sf64 = 15;
  int64 i64n = 16 [jstype = JS_NUMBER]; uint64 u64n = 17 [jstype = JS_NUMBER]; sint64 si64n = 18 [jstype = JS_NUMBER];
  fixed64 f64n = 19 [jstype = JS_NUMBER]; sfixed64 sf64n = 20 [jstype = JS_NUMBER];
  Color color = 21;
}
message Optionals {
  optional string s = 1; optional bytes b = 2; optional bool flag = 3; optional double d = 4; optional float f = 5;
  optional int32 i32 = 6; optional sint32 si32 = 7; optional sfixed32 sf32 = 8; optional uint32 u32 = 9; optional fixed32 f32 = 10;
  optional int64 i64 = 11; optional uint64 u64 = 12; optional sint64 si64 = 13; optional fixed64 f64 = 14; optional sfixed64 sf64 = 15;
  optional int64 i64n = 16 [jstype = JS_NUMBER]; optional uint64 u64n = 17 [jstype = JS_NUMBER];
  optional Color color = 21; optional Scalars nested = 22;
}
message Repeats {
  repeated string s = 1; repeated bytes b = 2; repeated bool flag = 3; repeated double d = 4; repeated float f = 5;
  repeated int32 i32 = 6; repeated sint32 si32 = 7; repeated sfixed32 sf32 = 8; repeated uint32 u32 = 9; repeated fixed32 f32 = 10;
  repeated int64 i64 = 11; repeated uint64 u64 = 12; repeated sint64 si64 = 13; repeated fixed64 f64 = 14;
  repeated sfixed64 sf64n = 20 [jstype = JS_NUMBER]; repeated Color color = 21; repeated Scalars nested = 22;
  repeated uint32 loose = 23 [packed = false]; repeated Color loose_color = 24 [packed = false];
}
message Far { string s = 3000; uint32 u = 100000000; }
message Tree { string name = 1; repeated Tree children = 2; optional Tree left = 3; }
// ts-type: Settings from ./settings.js
message Json { string json = 1; }
message Holder { Json settings = 1; optional Json maybe = 2; }
message Empty {}
message Named { string name = 1; }
message Counted { int32 count = 1; }
message Either { oneof kind { Empty empty = 1; Named named = 2; } }
message Single { oneof kind { Counted counted = 1; } }
message Wrapper { string note = 1; oneof body { Either either = 5; Single single = 2; } uint32 after = 3; }
`;

const root = protobuf.parse(proto, { alternateCommentMode: true }).root;
const schema = buildSchemaModel(root);
const reference = reflectionCodec(root, schema);

/** The schema's codec, rendered into a temporary directory and imported. */
async function generatedFor(model: SchemaModel): Promise<GeneratedCodec> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-codec-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'codec.generated.ts');
  writeFileSync(file, renderCodec(model, '// rendered by test/unit/events/fast-codec.test.ts', new URL('../../../core/events', import.meta.url).pathname));
  return (await import(file)) as GeneratedCodec;
}

const fast = fastCodec(await generatedFor(schema));

const signed64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n)));
const unsigned64 = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 32n, 2n ** 64n - 1n));

function scalarArbitrary(value: FieldModel['value'] & { form: 'scalar' }): fc.Arbitrary<unknown> {
  const unsigned = value.scalar === 'uint64' || value.scalar === 'fixed64';
  switch (value.scalar) {
    case 'string':
      return fc.oneof(fc.string({ maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ minLength: 60, maxLength: 200 }));
    case 'bytes':
      return fc.oneof(fc.uint8Array({ maxLength: 10 }), fc.uint8Array({ minLength: 120, maxLength: 300 }));
    case 'bool':
      return fc.boolean();
    case 'double':
      return fc.double();
    case 'float':
      return fc.float();
    case 'int32': case 'sint32': case 'sfixed32':
      return fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, -0, -1, 2 ** 31 - 1, -(2 ** 31)));
    case 'uint32': case 'fixed32':
      return fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }).map(Number), fc.constantFrom(0, -0, 127, 128, 2 ** 32 - 1));
    default:
      if (!value.jsNumber) return unsigned ? unsigned64 : signed64;
      return unsigned
        ? fc.oneof(fc.maxSafeNat(), fc.constantFrom(0, -0, 2 ** 32, Number.MAX_SAFE_INTEGER))
        : fc.oneof(fc.maxSafeInteger(), fc.constantFrom(0, -0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
  }
}

/** Any value of the named message's TypeScript type, its messages nested at most `depth` deep. */
function arbitraryOf(name: string, depth = 3): fc.Arbitrary<unknown> {
  const m = schema.messages.get(name);
  if (m === undefined) throw new Error(`no message ${name}`);
  if (m.form === 'json') return fc.constantFrom({ a: 1, b: [true, 'x'] }, {}, { nested: { text: 'é✓' }, list: [] });
  if (m.form === 'union') return fc.oneof(...m.members.map((member) => arbitraryOf(member.kind, depth - 1)));
  const fields: Record<string, fc.Arbitrary<unknown>> = m.kind === undefined ? {} : { kind: fc.constant(m.kind) };
  const required = m.kind === undefined ? [] : ['kind'];
  for (const p of m.properties) {
    if (p.form === 'oneof') {
      fields[p.name] = fc.oneof(...p.members.map((member) => arbitraryOf(member.union, depth - 1)));
      required.push(p.name);
      continue;
    }
    const { field } = p;
    const { value } = field;
    let item: fc.Arbitrary<unknown> | undefined;
    if (value.form === 'scalar') item = scalarArbitrary(value);
    else if (value.form === 'enum') item = fc.constantFrom(...(schema.enums.get(value.name)?.values.map((v) => v.ts) ?? []));
    else if (depth > 0) item = arbitraryOf(value.name, depth - 1);
    if (!field.optional) required.push(field.name);
    if (item !== undefined) fields[field.name] = field.repeated ? fc.array(item, { maxLength: 4 }) : item;
    else if (field.repeated) fields[field.name] = fc.constant([]); // no messages below the depth
    else if (!field.optional) throw new Error(`${name}.${field.name}: a required message below the depth`);
  }
  return fc.record(fields, { requiredKeys: required, noNullPrototype: true });
}

const messages = ['Scalars', 'Optionals', 'Repeats', 'Far', 'Tree', 'Holder', 'Either', 'Wrapper'];

describe('the fast path on every scalar type, packed fields, oneofs, recursion (a schema of its own)', () => {
  for (const name of messages) {
    const encodeFast = fast.encoder(name);
    const decodeFast = fast.decoder(name);
    it(`${name}: takes every value, writes the reference bytes and reads them back as the reference does`, () => {
      fc.assert(fc.property(arbitraryOf(name), (value) => {
        const bytes = reference.encode(name, value);
        assert.deepStrictEqual(encodeFast(value), bytes);
        const expected = reference.decode(name, bytes);
        assert.ok(expected.ok, expected.ok ? '' : expected.error);
        const actual = decodeFast(bytes);
        assert.deepStrictEqual(actual, expected.value);
        assert.equal(shapeOf(actual), shapeOf(expected.value));
      }), { numRuns: 300 });
    });

    it(`${name}: bytes the fast path takes, damaged or not, read as the reference reads them`, () => {
      const damaged = fc.tuple(arbitraryOf(name).map((v) => reference.encode(name, v)), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(2))
        .map(([bytes, at, byte, how]) => {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          if (how === 0) return bytes.subarray(0, i);
          if (how === 1) return Uint8Array.from(bytes, (b, j) => (j === i ? byte : b));
          return Uint8Array.from([...bytes.subarray(0, i), byte, ...bytes.subarray(i)]);
        });
      fc.assert(fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 60 })), (bytes) => {
        let actual: unknown;
        try {
          actual = decodeFast(bytes);
        } catch {
          return; // not taken: the reference decides
        }
        const expected = reference.decode(name, bytes);
        assert.ok(expected.ok, `the fast path read bytes the reference refuses: ${expected.ok ? '' : expected.error}`);
        assert.deepStrictEqual(actual, expected.value);
        assert.equal(shapeOf(actual), shapeOf(expected.value));
      }), { numRuns: 1000 });
    });

    it(`${name}: a damaged value the fast path takes is one the reference encodes to the same bytes`, () => {
      fc.assert(fc.property(damagedValue(arbitraryOf(name)), (value) => {
        const fastOutcome = outcome(() => encodeFast(value));
        if ('bytes' in fastOutcome) assert.deepStrictEqual(outcome(() => reference.encode(name, value)), fastOutcome);
      }), { numRuns: 1000 });
    });
  }

  const bytes = (spacedHex: string): Uint8Array => new Uint8Array(Buffer.from(spacedHex.replaceAll(' ', ''), 'hex'));
  // Scalars end in a801 01: color = red, required (enums have no default).
  const unusual: readonly (readonly [string, string, string])[] = [
    ['an unpacked packable field', 'Repeats', '48 01 48 02'],
    ['a [packed = false] field sent packed', 'Repeats', 'ba01 02 0304'],
    ['a packed enum with a negative value', 'Repeats', 'aa01 0b 01 fdffffffffffffffff01'],
    ['a ten-byte varint of 1 for a uint32', 'Scalars', '48 81808080808080808000 a801 01'],
    ['a bool of 2', 'Scalars', '18 02 a801 01'],
    ['a two-byte bool whose last byte is zero', 'Scalars', '18 8100 a801 01'],
    ['a scalar twice: the last wins', 'Scalars', '48 01 48 05 a801 01'],
    ['a scalar twice, the last one zero', 'Scalars', '48 01 48 00 a801 01'],
    ['a tag in two bytes where one would do', 'Scalars', 'c800 05 a801 01'],
    ['three- and five-byte tags', 'Far', 'c2bb01 01 61 8090bcfd02 01'],
  ];
  for (const [what, name, hex] of unusual) {
    it(`takes ${what}, as the reference reads it`, () => {
      const expected = reference.decode(name, bytes(hex));
      assert.ok(expected.ok, expected.ok ? '' : expected.error);
      assert.deepStrictEqual(fast.decoder(name)(bytes(hex)), expected.value);
    });
  }

  it('five-byte tags are what the reference writes for field 100000000', () => {
    assert.equal(Buffer.from(reference.encode('Far', { s: 'a', u: 1 })).toString('hex'), 'c2bb0101618090bcfd0201');
  });

  it('leaves a message field seen twice to the reference, which merges the two', () => {
    // Optionals.nested = { u32: 1, color: red }, then { flag: true }
    const twice = bytes('b201 05 4801 a80101 b201 02 1801');
    assert.throws(() => fast.decoder('Optionals')(twice), { name: 'FastPathMiss' });
    const merged = reference.decode('Optionals', twice);
    assert.ok(merged.ok, merged.ok ? '' : merged.error);
    const { nested } = merged.value as { nested: { u32: number; flag: boolean } };
    assert.equal(nested.u32, 1);
    assert.equal(nested.flag, true);
  });
});

describe('the writer slab', () => {
  const record = (body: Event, sequence: bigint) => ({ sequence, monotonicNs: 1n, wallNs: 2n, nodeId: 'lb1', body });

  it('a record larger than the slab moves whole; records before and after it keep their bytes', () => {
    const big: Event = { kind: 'ConfigLoaded', mainFile: 'k.conf', files: [{ path: 'k.conf', text: 'x'.repeat(40_000) }], digest: '', config: eventSamples.ConfigLoaded.config };
    const before = encodeRecord(record(eventSamples.AdvertReceived, 1n));
    const beforeCopy = Uint8Array.from(before);
    const large = encodeRecord(record(big, 2n));
    const afterIt = encodeRecord(record(eventSamples.TimerFired, 3n));
    assert.deepStrictEqual(before, beforeCopy);
    assert.deepStrictEqual(decodeRecord(large), { ok: true, value: record(big, 2n) });
    assert.deepStrictEqual(decodeRecord(afterIt), { ok: true, value: record(eventSamples.TimerFired, 3n) });
  });

  it('results do not share bytes: changing one leaves the next intact', () => {
    const first = encodeEvent(eventSamples.AdvertReceived);
    const second = encodeEvent(eventSamples.AdvertReceived);
    const expected = Uint8Array.from(second);
    first.fill(0xff);
    assert.deepStrictEqual(second, expected);
    assert.deepStrictEqual(decodeEvent(second), { ok: true, value: eventSamples.AdvertReceived });
  });

  it('a forbidden value leaves nothing behind: the next record is whole', () => {
    assert.throws(() => encodeEvent({ ...eventSamples.AdvertReceived, source: 'a\ud800' }), { name: 'TypeError' });
    const next = encodeEvent(eventSamples.TimerFired);
    assert.deepStrictEqual(decodeEvent(next), { ok: true, value: eventSamples.TimerFired });
  });
});
