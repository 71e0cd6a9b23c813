// The rules that map schema/*.proto to TypeScript (schema/README.md), applied to protobufjs's
// reflection. scripts/generate-schema.ts renders the types from this model and codec.ts converts
// values with it, so the generated types and the codec cannot disagree.
import protobuf from 'protobufjs/light.js';

export type ScalarType =
  | 'string' | 'bool' | 'bytes' | 'double' | 'float'
  | 'int32' | 'uint32' | 'sint32' | 'fixed32' | 'sfixed32'
  | 'int64' | 'uint64' | 'sint64' | 'fixed64' | 'sfixed64';

const scalarTypes: ReadonlySet<string> = new Set<ScalarType>([
  'string', 'bool', 'bytes', 'double', 'float',
  'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32',
  'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64',
]);

export const longScalars: ReadonlySet<ScalarType> = new Set<ScalarType>(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** What one field (or one element of a repeated field) holds. */
export type ValueModel =
  /** `jsNumber`: a 64-bit integer with `[jstype = JS_NUMBER]`, a safe-integer `number` in TypeScript. */
  | { readonly form: 'scalar'; readonly scalar: ScalarType; readonly jsNumber: boolean }
  | { readonly form: 'enum'; readonly name: string }
  /** A message: an interface, or the union type of a union message. */
  | { readonly form: 'message'; readonly name: string }
  /** An external JSON message: the hand-written type `tsType`, stored as JSON in `jsonField`. */
  | { readonly form: 'json'; readonly name: string; readonly tsType: string; readonly jsonField: string };

export interface FieldModel {
  /** protobufjs's lowerCamelCase name: the TypeScript property and the protobufjs object key. */
  readonly name: string;
  readonly id: number;
  readonly comment: string | undefined;
  readonly repeated: boolean;
  /** proto3 `optional`: an absent key in TypeScript. */
  readonly optional: boolean;
  /** Repeated and written packed: proto3's default for numbers, bools and enums, unless `[packed = false]`. */
  readonly packed: boolean;
  readonly value: ValueModel;
}

export interface OneofMember {
  /** The protobufjs field name. */
  readonly field: string;
  readonly id: number;
  /** The union message the member holds. */
  readonly union: string;
}

export type PropertyModel =
  | { readonly form: 'field'; readonly field: FieldModel }
  /** A oneof other than a union message's: one property typed as the union of its members. */
  | { readonly form: 'oneof'; readonly name: string; readonly comment: string | undefined; readonly members: readonly OneofMember[] };

export interface UnionMember {
  /** The member message's name, its `kind` in TypeScript. */
  readonly kind: string;
  /** The protobufjs field name of the member inside the `kind` oneof. */
  readonly field: string;
  readonly id: number;
}

export type MessageModel =
  /** Only a oneof named `kind`: a discriminated union of its members. */
  | { readonly form: 'union'; readonly name: string; readonly comment: string | undefined; readonly members: readonly UnionMember[] }
  /** `kind`: set when the message is a member of a union. */
  | { readonly form: 'plain'; readonly name: string; readonly comment: string | undefined; readonly kind: string | undefined; readonly properties: readonly PropertyModel[] }
  /** Leading comment line `ts-type: NAME from PATH`: one string field holding JSON of NAME. */
  | { readonly form: 'json'; readonly name: string; readonly tsType: string; readonly from: string; readonly jsonField: string };

export interface EnumValueModel {
  /** The proto name, e.g. SCRIPT_OUTCOME_TIMED_OUT. */
  readonly proto: string;
  /** The TypeScript literal, e.g. timedOut. */
  readonly ts: string;
  readonly number: number;
  readonly comment: string | undefined;
}

export interface EnumModel {
  readonly form: 'enum';
  readonly name: string;
  readonly comment: string | undefined;
  /** Every value but the zero *_UNSPECIFIED one, in declaration order. */
  readonly values: readonly EnumValueModel[];
  readonly unspecified: string;
}

export interface SchemaModel {
  /** Enums and messages in schema order. */
  readonly declarations: readonly (EnumModel | MessageModel)[];
  readonly messages: ReadonlyMap<string, MessageModel>;
  readonly enums: ReadonlyMap<string, EnumModel>;
}

/** A schema that breaks one of the mapping rules. */
export class SchemaRuleError extends Error {
  override readonly name = 'SchemaRuleError';
}

function fail(message: string): never {
  throw new SchemaRuleError(message);
}

const tsTypeLine = /^ts-type:\s*([A-Za-z_$][\w$]*)\s+from\s+(\S+)\s*$/;

/** The doc comment, without a `ts-type:` line. */
function docComment(comment: string | null | undefined): string | undefined {
  if (comment === null || comment === undefined) return undefined;
  const text = comment.split('\n').filter((line) => !tsTypeLine.test(line.trim())).join('\n').trim();
  return text === '' ? undefined : text;
}

/** `ReasonKind` → `REASON_KIND`. */
export function screamingSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `SCRIPT_OUTCOME_TIMED_OUT` in enum `ScriptOutcome` → `timedOut`. */
export function enumValueTsName(enumName: string, valueName: string): string {
  const prefix = `${screamingSnake(enumName)}_`;
  if (!valueName.startsWith(prefix)) fail(`enum ${enumName}: value ${valueName} does not start with ${prefix}`);
  const words = valueName.slice(prefix.length).toLowerCase().split('_');
  if (words.some((w) => w === '')) fail(`enum ${enumName}: value ${valueName} has an empty word`);
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

function enumModel(e: protobuf.Enum): EnumModel {
  const entries = Object.entries(e.values);
  const zero = entries.find(([, n]) => n === 0);
  const unspecified = `${screamingSnake(e.name)}_UNSPECIFIED`;
  if (zero?.[0] !== unspecified) fail(`enum ${e.name}: the zero value must be ${unspecified}`);
  const seenNumbers = new Set<number>();
  const seenTs = new Set<string>();
  const values: EnumValueModel[] = [];
  for (const [proto, number] of entries) {
    if (seenNumbers.has(number)) fail(`enum ${e.name}: ${proto} repeats the number ${number}`);
    seenNumbers.add(number);
    if (number === 0) continue;
    const ts = enumValueTsName(e.name, proto);
    if (seenTs.has(ts)) fail(`enum ${e.name}: two values map to '${ts}'`);
    seenTs.add(ts);
    values.push({ proto, ts, number, comment: docComment(e.comments[proto]) });
  }
  if (values.length === 0) fail(`enum ${e.name}: no value besides ${unspecified}`);
  return { form: 'enum', name: e.name, comment: docComment(e.comment), values, unspecified };
}

/** Every enum and message of the root, flattened; packages are only namespaces. */
function collect(ns: protobuf.NamespaceBase, out: (protobuf.Type | protobuf.Enum)[]): void {
  for (const item of ns.nestedArray) {
    if (item instanceof protobuf.Type) {
      if (item.nestedArray.length > 0) fail(`message ${item.name}: nested declarations are not supported`);
      out.push(item);
    } else if (item instanceof protobuf.Enum) {
      out.push(item);
    } else if (item instanceof protobuf.Namespace && !(item instanceof protobuf.Service)) {
      collect(item, out);
    } else {
      fail(`${item.name}: only messages and enums are supported`);
    }
  }
}

function isSyntheticOneof(o: protobuf.OneOf): boolean {
  return o.isProto3Optional;
}

function tsTypeOf(t: protobuf.Type): { tsType: string; from: string } | undefined {
  const lines = (t.comment ?? '').split('\n').map((l) => tsTypeLine.exec(l.trim())).filter((m) => m !== null);
  if (lines.length > 1) fail(`message ${t.name}: more than one ts-type line`);
  const m = lines[0];
  if (m === undefined) return undefined;
  return { tsType: m[1] ?? '', from: m[2] ?? '' };
}

/** The first pass: each message's form, without its fields. */
function classify(t: protobuf.Type): MessageModel['form'] {
  if (tsTypeOf(t) !== undefined) return 'json';
  const oneofs = t.oneofsArray;
  const only = oneofs[0];
  if (oneofs.length === 1 && only?.name === 'kind' && t.fieldsArray.every((f) => f.partOf === only)) return 'union';
  if (oneofs.some((o) => o.name === 'kind')) fail(`message ${t.name}: a oneof named kind must be the message's only content`);
  return 'plain';
}

function valueModel(field: protobuf.Field, where: string, forms: ReadonlyMap<string, protobuf.Type>): ValueModel {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Enum) return { form: 'enum', name: resolved.name };
  if (resolved instanceof protobuf.Type) {
    if (forms.get(resolved.name) !== resolved) fail(`${where}: type ${resolved.name} is not one of the schema's messages`);
    const external = tsTypeOf(resolved);
    if (external !== undefined) {
      const jsonField = resolved.fieldsArray[0]?.name ?? '';
      return { form: 'json', name: resolved.name, tsType: external.tsType, jsonField };
    }
    return { form: 'message', name: resolved.name };
  }
  if (!scalarTypes.has(field.type)) fail(`${where}: unsupported type ${field.type}`);
  const scalar = field.type as ScalarType;
  const jstype: unknown = field.options?.['jstype'];
  if (jstype !== undefined && jstype !== 'JS_NORMAL' && !(jstype === 'JS_NUMBER' && longScalars.has(scalar))) {
    fail(`${where}: jstype ${JSON.stringify(jstype)} is not supported on ${scalar}`);
  }
  return { form: 'scalar', scalar, jsNumber: jstype === 'JS_NUMBER' };
}

function fieldModel(field: protobuf.Field, where: string, types: ReadonlyMap<string, protobuf.Type>): FieldModel {
  if (field.map) fail(`${where}: map fields are not supported`);
  if (field.required) fail(`${where}: proto2 required is not supported`);
  if (field.delimited) fail(`${where}: groups are not supported`);
  const optional = field.partOf !== null && isSyntheticOneof(field.partOf);
  const value = valueModel(field, where, types);
  if (value.form === 'json' && field.repeated) fail(`${where}: a repeated external JSON field is not supported`);
  const packed = field.repeated && field.packed && (value.form === 'enum' || (value.form === 'scalar' && value.scalar !== 'string' && value.scalar !== 'bytes'));
  return { name: field.name, id: field.id, comment: docComment(field.comment), repeated: field.repeated, optional, packed, value };
}

function plainProperties(t: protobuf.Type, types: ReadonlyMap<string, protobuf.Type>): PropertyModel[] {
  const properties: PropertyModel[] = [];
  const placed = new Set<protobuf.OneOf>();
  for (const field of t.fieldsArray) {
    const where = `${t.name}.${field.name}`;
    const oneof = field.partOf;
    if (oneof === null || isSyntheticOneof(oneof)) {
      properties.push({ form: 'field', field: fieldModel(field, where, types) });
      continue;
    }
    if (placed.has(oneof)) continue;
    placed.add(oneof);
    if (t.fields[oneof.name] !== undefined) fail(`${t.name}: oneof ${oneof.name} has the name of a field`);
    const members = oneof.fieldsArray.map((member): OneofMember => {
      const target = member.resolve().resolvedType;
      if (!(target instanceof protobuf.Type) || classify(target) !== 'union') {
        fail(`${t.name}.${oneof.name}: member ${member.name} must hold a union message (a message with only a oneof kind)`);
      }
      return { field: member.name, id: member.id, union: target.name };
    });
    properties.push({ form: 'oneof', name: oneof.name, comment: docComment(oneof.comment), members });
  }
  return properties;
}

function unionMembers(t: protobuf.Type, memberOf: Map<string, string>): UnionMember[] {
  const fields = [...t.fieldsArray].sort((a, b) => a.id - b.id);
  if (fields.length === 0) fail(`message ${t.name}: the oneof kind has no member`);
  return fields.map((field) => {
    const target = field.resolve().resolvedType;
    if (!(target instanceof protobuf.Type) || classify(target) !== 'plain') {
      fail(`${t.name}.${field.name}: a union member must be a plain message`);
    }
    const other = memberOf.get(target.name);
    if (other !== undefined) fail(`message ${target.name} is a member of both ${other} and ${t.name}`);
    memberOf.set(target.name, t.name);
    return { kind: target.name, field: field.name, id: field.id };
  });
}

function jsonMessage(t: protobuf.Type): MessageModel {
  const external = tsTypeOf(t);
  const field = t.fieldsArray[0];
  if (external === undefined || t.fieldsArray.length !== 1 || field?.type !== 'string' || field.name !== 'json' || field.id !== 1 || field.repeated || field.partOf !== null) {
    fail(`message ${t.name}: an external JSON message has exactly one field, string json = 1`);
  }
  return { form: 'json', name: t.name, tsType: external.tsType, from: external.from, jsonField: field.name };
}

/** The model of a resolved protobufjs root; throws SchemaRuleError when the schema breaks a rule. */
export function buildSchemaModel(root: protobuf.Root): SchemaModel {
  root.resolveAll();
  const found: (protobuf.Type | protobuf.Enum)[] = [];
  collect(root, found);
  const types = new Map<string, protobuf.Type>();
  const names = new Set<string>();
  for (const item of found) {
    if (names.has(item.name)) fail(`two declarations are named ${item.name}`);
    names.add(item.name);
    if (item instanceof protobuf.Type) types.set(item.name, item);
  }

  const memberOf = new Map<string, string>();
  const unions = new Map<string, UnionMember[]>();
  for (const t of types.values()) if (classify(t) === 'union') unions.set(t.name, unionMembers(t, memberOf));

  const declarations: (EnumModel | MessageModel)[] = found.map((item) => {
    if (item instanceof protobuf.Enum) return enumModel(item);
    const comment = docComment(item.comment);
    switch (classify(item)) {
      case 'json':
        return jsonMessage(item);
      case 'union':
        return { form: 'union', name: item.name, comment, members: unions.get(item.name) ?? [] };
      case 'plain': {
        const properties = plainProperties(item, types);
        const kind = memberOf.has(item.name) ? item.name : undefined;
        if (kind !== undefined && properties.some((p) => (p.form === 'field' ? p.field.name : p.name) === 'kind')) {
          fail(`message ${item.name}: a union member cannot have a property named kind`);
        }
        return { form: 'plain', name: item.name, comment, kind, properties };
      }
    }
  });
  checkDisjointOneofKinds(declarations, unions);

  const messages = new Map<string, MessageModel>();
  const enums = new Map<string, EnumModel>();
  for (const d of declarations) {
    if (d.form === 'enum') enums.set(d.name, d);
    else messages.set(d.name, d);
  }
  return { declarations, messages, enums };
}

/** A oneof of union messages is told apart by `kind`: its members' kinds must not overlap. */
function checkDisjointOneofKinds(declarations: readonly (EnumModel | MessageModel)[], unions: ReadonlyMap<string, readonly UnionMember[]>): void {
  for (const d of declarations) {
    if (d.form !== 'plain') continue;
    for (const p of d.properties) {
      if (p.form !== 'oneof') continue;
      const seen = new Map<string, string>();
      for (const member of p.members) {
        for (const { kind } of unions.get(member.union) ?? []) {
          const other = seen.get(kind);
          if (other !== undefined) fail(`${d.name}.${p.name}: kind ${kind} is in both ${other} and ${member.union}`);
          seen.set(kind, member.union);
        }
      }
    }
  }
}
