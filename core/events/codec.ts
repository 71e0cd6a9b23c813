// Events, effects and journal records ↔ protobuf bytes (schema/*.proto). Pure: the protobufjs Root
// is built once from the generated descriptor, never from .proto files. Decoders never throw; encoders
// throw TypeError only for values the types forbid (an unsafe integer for a JS_NUMBER field, an enum
// literal the schema lacks, an integer out of its field's range, a string with a lone surrogate).
// The same value always encodes to the same bytes: protobufjs writes fields in field-number order,
// proto3 defaults are left out, and repeated fields keep their order.
import protobuf from 'protobufjs/light.js';
import { descriptor } from './descriptor.generated.js';
import { fromProtobuf } from './from-protobuf.js';
import { buildSchemaModel } from './schema-model.js';
import type { Effect, Event, Record as JournalRecord } from './schema.generated.js';
import { toProtobuf } from './to-protobuf.js';
import { DecodeFailure } from './wire-values.js';

export { effectKinds, eventKinds } from './schema.generated.js';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

// `as const` makes the descriptor's arrays readonly; protobufjs's INamespace types them mutable but
// fromJSON only reads them.
const root = protobuf.Root.fromJSON(descriptor as unknown as protobuf.INamespace);
const schema = buildSchemaModel(root);
const eventType = root.lookupType('Event');
const effectType = root.lookupType('Effect');
const recordType = root.lookupType('Record');

function encode(type: protobuf.Type, value: unknown): Uint8Array {
  const wire = toProtobuf(schema, type.name, value, type.name);
  // A plain Uint8Array, not the Buffer protobufjs's writer returns under Node.
  return new Uint8Array(type.encode(wire).finish());
}

function decode(type: protobuf.Type, bytes: Uint8Array): DecodeResult<unknown> {
  try {
    if (!(bytes instanceof Uint8Array)) return { ok: false, error: `${type.name}: expected a Uint8Array` };
    const reader = protobuf.Reader.create(bytes);
    // Keep unknown fields (protobufjs 8 drops them by default): a field number the schema lacks, or a
    // known field with the wrong wire type, is an error, not silently skipped.
    reader.discardUnknown = false;
    const message = type.decode(reader);
    return { ok: true, value: fromProtobuf(schema, type.name, message, type.name) };
  } catch (err) {
    if (err instanceof DecodeFailure) return { ok: false, error: err.message };
    // protobufjs's reader: truncated input, a bad wire type, invalid UTF-8, nesting too deep, ...
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `${type.name}: malformed protobuf (${reason})` };
  }
}

export function encodeEvent(event: Event): Uint8Array {
  return encode(eventType, event);
}

export function decodeEvent(bytes: Uint8Array): DecodeResult<Event> {
  // The value has the shape fromProtobuf built from the same schema the Event type was generated from.
  return decode(eventType, bytes) as DecodeResult<Event>;
}

export function encodeEffect(effect: Effect): Uint8Array {
  return encode(effectType, effect);
}

export function decodeEffect(bytes: Uint8Array): DecodeResult<Effect> {
  return decode(effectType, bytes) as DecodeResult<Effect>;
}

export function encodeRecord(record: JournalRecord): Uint8Array {
  return encode(recordType, record);
}

export function decodeRecord(bytes: Uint8Array): DecodeResult<JournalRecord> {
  return decode(recordType, bytes) as DecodeResult<JournalRecord>;
}
