// A message protobufjs decoded → a value of the generated TypeScript type, with exactly the keys the
// type declares. Throws DecodeFailure for what the types forbid: a missing message field or oneof,
// an enum value of 0 or unknown to the schema, a field number the schema does not know, or a known
// field sent with the wrong wire type (protobufjs keeps both as "unknown fields").
import { fromJsonText } from './config-json.js';
import type { FieldModel, MessageModel, PropertyModel, SchemaModel, ValueModel } from './schema-model.js';
import { DecodeFailure, decodeScalar, scalarDefault, wireTypeOf } from './wire-values.js';

type Fields = Readonly<Record<string, unknown>>;

const wireTypeNames = ['varint', 'fixed64', 'length-delimited', 'start group', 'end group', 'fixed32'];

function asMessage(raw: unknown, where: string): Fields {
  if (typeof raw !== 'object' || raw === null) throw new DecodeFailure(`${where}: expected a message`);
  return raw as Fields;
}

/** The field read from the wire, or undefined: protobufjs leaves absent fields to its prototype defaults. */
function own(message: Fields, name: string): unknown {
  return Object.hasOwn(message, name) ? message[name] ?? undefined : undefined;
}

/** Field number → [name, expected wire type] for every field the schema gives a message. */
function knownFields(model: MessageModel): Map<number, readonly [string, number]> {
  const known = new Map<number, readonly [string, number]>();
  if (model.form === 'union') for (const m of model.members) known.set(m.id, [m.field, 2]);
  if (model.form === 'json') known.set(1, [model.jsonField, 2]);
  if (model.form === 'plain') {
    for (const p of model.properties) {
      if (p.form === 'oneof') for (const m of p.members) known.set(m.id, [m.field, 2]);
      else known.set(p.field.id, [p.field.name, wireTypeOf(p.field.value)]);
    }
  }
  return known;
}

/** The first varint of a raw unknown field: its tag. */
function readTag(raw: Uint8Array): number {
  let tag = 0;
  for (let i = 0; i < 5 && i < raw.length; i++) {
    const byte = raw[i] ?? 0;
    tag += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) break;
  }
  return tag;
}

function rejectUnknownFields(model: MessageModel, message: Fields, where: string): void {
  const unknowns = message['$unknowns'];
  if (!Array.isArray(unknowns) || unknowns.length === 0) return;
  const first: unknown = unknowns[0];
  const tag = first instanceof Uint8Array ? readTag(first) : 0;
  const id = Math.floor(tag / 8);
  const wireType = tag % 8;
  const wireName = wireTypeNames[wireType] ?? `${wireType}`;
  const known = knownFields(model).get(id);
  if (known !== undefined) {
    const [name, expected] = known;
    throw new DecodeFailure(`${where}: field ${id} (${name}) has wire type ${wireType} (${wireName}), expected ${expected} (${wireTypeNames[expected] ?? ''})`);
  }
  if (model.form === 'union') throw new DecodeFailure(`${where}: unknown kind (field ${id}, wire type ${wireType})`);
  throw new DecodeFailure(`${where}: unknown field ${id} (wire type ${wireType})`);
}

function messageModel(schema: SchemaModel, name: string): MessageModel {
  const m = schema.messages.get(name);
  if (m === undefined) throw new DecodeFailure(`no message ${name} in the schema`);
  return m;
}

function decodeValue(schema: SchemaModel, value: ValueModel, raw: unknown, where: string): unknown {
  switch (value.form) {
    case 'scalar':
      return decodeScalar(raw, value.scalar, value.jsNumber, where);
    case 'enum': {
      const e = schema.enums.get(value.name);
      const found = e?.values.find((x) => x.number === raw);
      if (found !== undefined) return found.ts;
      if (raw === 0) throw new DecodeFailure(`${where}: ${value.name} value 0 (${e?.unspecified ?? 'unspecified'}) is not allowed`);
      throw new DecodeFailure(`${where}: ${String(raw)} is not a ${value.name} value`);
    }
    case 'message':
    case 'json':
      return fromProtobuf(schema, value.name, raw, where);
  }
}

function decodeField(schema: SchemaModel, field: FieldModel, message: Fields, out: Record<string, unknown>, where: string): void {
  const raw = own(message, field.name);
  const at = `${where}.${field.name}`;
  if (field.repeated) {
    const items: unknown = raw ?? [];
    if (!Array.isArray(items)) throw new DecodeFailure(`${at}: expected a list`);
    out[field.name] = items.map((item: unknown, i) => decodeValue(schema, field.value, item, `${at}[${i}]`));
  } else if (raw !== undefined) {
    out[field.name] = decodeValue(schema, field.value, raw, at);
  } else if (field.optional) {
    // absent stays absent: no undefined-valued key
  } else if (field.value.form === 'scalar') {
    out[field.name] = scalarDefault(field.value.scalar, field.value.jsNumber);
  } else if (field.value.form === 'enum') {
    out[field.name] = decodeValue(schema, field.value, 0, at);
  } else {
    throw new DecodeFailure(`${at}: missing (a ${field.value.name} is required)`);
  }
}

function decodeProperty(schema: SchemaModel, property: PropertyModel, message: Fields, out: Record<string, unknown>, where: string): void {
  if (property.form === 'field') {
    decodeField(schema, property.field, message, out, where);
    return;
  }
  const at = `${where}.${property.name}`;
  for (const member of property.members) {
    const raw = own(message, member.field);
    if (raw === undefined) continue;
    out[property.name] = fromProtobuf(schema, member.union, raw, at);
    return;
  }
  throw new DecodeFailure(`${at}: missing (one of ${property.members.map((m) => m.union).join(', ')} is required)`);
}

/** `where` names the value in error messages. */
export function fromProtobuf(schema: SchemaModel, name: string, raw: unknown, where: string): unknown {
  const model = messageModel(schema, name);
  const message = asMessage(raw, where);
  rejectUnknownFields(model, message, where);
  switch (model.form) {
    case 'union': {
      for (const member of model.members) {
        const value = own(message, member.field);
        if (value !== undefined) return fromProtobuf(schema, member.kind, value, `${where}<${member.kind}>`);
      }
      throw new DecodeFailure(`${where}: no kind`);
    }
    case 'plain': {
      const out: Record<string, unknown> = {};
      if (model.kind !== undefined) out['kind'] = model.kind;
      for (const property of model.properties) decodeProperty(schema, property, message, out, where);
      return out;
    }
    case 'json': {
      const text = own(message, model.jsonField) ?? '';
      if (typeof text !== 'string') throw new DecodeFailure(`${where}: expected JSON text`);
      return fromJsonText(text, where);
    }
  }
}
