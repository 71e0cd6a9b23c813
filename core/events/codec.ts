// Events, effects and journal records ↔ protobuf bytes (schema/*.proto). Pure: the protobufjs Root
// is built once from the generated descriptor, never from .proto files. Decoders never throw; encoders
// throw TypeError only for values the types forbid (an unsafe integer for a JS_NUMBER field, an enum
// literal the schema lacks, an integer out of its field's range, a string with a lone surrogate).
// The same value always encodes to the same bytes: fields in field-number order, proto3 defaults left
// out, repeated fields in their order.
//
// Two paths, one behaviour. The reference (reflection-codec.ts) converts values to protobufjs message
// objects and lets protobufjs encode and decode them; it defines the bytes and every error message.
// The fast path (fast-codec.ts over codec.generated.ts) writes and reads the same bytes directly,
// several times faster; it takes every value and every byte string the types allow, and whatever it
// does not take — a forbidden value, malformed or unusual bytes — goes to the reference, which throws
// or answers as it always has. test/unit/events/fast-codec.test.ts and test/property/events.property.test.ts
// hold the one to the other.
import protobuf from 'protobufjs/light.js';
import * as generated from './codec.generated.js';
import { descriptor } from './descriptor.generated.js';
import { fastCodec } from './fast-codec.js';
import { reflectionCodec, type DecodeResult } from './reflection-codec.js';
import { buildSchemaModel } from './schema-model.js';
import type { Effect, Event, Record as JournalRecord } from './schema.generated.js';

export { effectKinds, eventKinds } from './schema.generated.js';
export type { DecodeResult } from './reflection-codec.js';

// `as const` makes the descriptor's arrays readonly; protobufjs's INamespace types them mutable but
// fromJSON only reads them.
const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
const schema = buildSchemaModel(root);
const reference = reflectionCodec(root, schema);
const fast = fastCodec(generated);

function encoder(type: string): (value: unknown) => Uint8Array {
  const encodeFast = fast.encoder(type);
  return (value) => {
    try {
      return encodeFast(value);
    } catch {
      return reference.encode(type, value);
    }
  };
}

function decoder(type: string): (bytes: Uint8Array) => DecodeResult<unknown> {
  const decodeFast = fast.decoder(type);
  return (bytes) => {
    if (bytes instanceof Uint8Array) {
      try {
        return { ok: true, value: decodeFast(bytes) };
      } catch {
        // the reference decides, and names what is wrong
      }
    }
    return reference.decode(type, bytes);
  };
}

const encodeAnEvent = encoder('Event');
const encodeAnEffect = encoder('Effect');
const encodeARecord = encoder('Record');
// The values have the shape the generated readers and fromProtobuf build from the same schema the
// types were generated from.
const decodeAnEvent = decoder('Event') as (bytes: Uint8Array) => DecodeResult<Event>;
const decodeAnEffect = decoder('Effect') as (bytes: Uint8Array) => DecodeResult<Effect>;
const decodeARecord = decoder('Record') as (bytes: Uint8Array) => DecodeResult<JournalRecord>;

export function encodeEvent(event: Event): Uint8Array {
  return encodeAnEvent(event);
}

export function decodeEvent(bytes: Uint8Array): DecodeResult<Event> {
  return decodeAnEvent(bytes);
}

export function encodeEffect(effect: Effect): Uint8Array {
  return encodeAnEffect(effect);
}

export function decodeEffect(bytes: Uint8Array): DecodeResult<Effect> {
  return decodeAnEffect(bytes);
}

export function encodeRecord(record: JournalRecord): Uint8Array {
  return encodeARecord(record);
}

export function decodeRecord(bytes: Uint8Array): DecodeResult<JournalRecord> {
  return decodeARecord(bytes);
}
