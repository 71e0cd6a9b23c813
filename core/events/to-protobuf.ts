// A value of a generated TypeScript type → the plain object protobufjs encodes: `kind` → the oneof
// member field, enum literal → number, bigint → Long halves, external JSON → its string field,
// absent optional → key not set. Throws TypeError for what the types forbid.
import { toJsonText } from './config-json.js';
import type { FieldModel, MessageModel, PropertyModel, SchemaModel, ValueModel } from './schema-model.js';
import { encodeScalar } from './wire-values.js';

type Fields = Readonly<Record<string, unknown>>;

function asObject(value: unknown, where: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${where}: expected an object`);
  return value as Fields;
}

function kindOf(value: Fields, where: string): string {
  const kind = value['kind'];
  if (typeof kind !== 'string') throw new TypeError(`${where}: expected a kind`);
  return kind;
}

function messageModel(schema: SchemaModel, name: string): MessageModel {
  const m = schema.messages.get(name);
  if (m === undefined) throw new TypeError(`no message ${name} in the schema`);
  return m;
}

function encodeValue(schema: SchemaModel, value: ValueModel, v: unknown, where: string): unknown {
  switch (value.form) {
    case 'scalar':
      return encodeScalar(v, value.scalar, value.jsNumber, where);
    case 'enum': {
      const e = schema.enums.get(value.name);
      const found = e?.values.find((x) => x.ts === v);
      if (found === undefined) {
        throw new TypeError(`${where}: ${typeof v === 'string' ? `'${v}'` : typeof v} is not a ${value.name} (${e?.values.map((x) => x.ts).join(', ') ?? ''})`);
      }
      return found.number;
    }
    case 'message':
      return toProtobuf(schema, value.name, v, where);
    case 'json':
      return { [value.jsonField]: toJsonText(v, where) };
  }
}

function encodeField(schema: SchemaModel, field: FieldModel, v: unknown, where: string): unknown {
  if (!field.repeated) return encodeValue(schema, field.value, v, where);
  if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array`);
  return v.map((item: unknown, i) => encodeValue(schema, field.value, item, `${where}[${i}]`));
}

function encodeProperty(schema: SchemaModel, property: PropertyModel, value: Fields, out: Record<string, unknown>, where: string): void {
  if (property.form === 'field') {
    const { field } = property;
    const v = value[field.name];
    const at = `${where}.${field.name}`;
    if (v === undefined) {
      if (field.optional) return;
      if (field.value.form === 'message' || field.value.form === 'json') throw new TypeError(`${at}: missing`);
    }
    out[field.name] = encodeField(schema, field, v, at);
    return;
  }
  const at = `${where}.${property.name}`;
  if (value[property.name] === undefined) throw new TypeError(`${at}: missing`);
  const v = asObject(value[property.name], at);
  const kind = kindOf(v, at);
  for (const member of property.members) {
    const union = messageModel(schema, member.union);
    if (union.form === 'union' && union.members.some((m) => m.kind === kind)) {
      out[member.field] = toProtobuf(schema, member.union, v, at);
      return;
    }
  }
  throw new TypeError(`${at}: kind '${kind}' is none of ${property.members.map((m) => m.union).join(', ')}`);
}

/** `where` names the value in error messages. */
export function toProtobuf(schema: SchemaModel, name: string, v: unknown, where: string): Record<string, unknown> {
  const model = messageModel(schema, name);
  const value = asObject(v, where);
  const out: Record<string, unknown> = {};
  switch (model.form) {
    case 'union': {
      const kind = kindOf(value, where);
      const member = model.members.find((m) => m.kind === kind);
      if (member === undefined) throw new TypeError(`${where}: '${kind}' is not a ${name} kind`);
      out[member.field] = toProtobuf(schema, member.kind, value, `${where}<${kind}>`);
      return out;
    }
    case 'plain':
      for (const property of model.properties) encodeProperty(schema, property, value, out, where);
      return out;
    case 'json':
      out[model.jsonField] = toJsonText(value, where);
      return out;
  }
}
