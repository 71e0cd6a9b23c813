// The source of equality.generated.ts, rendered from the schema model by scripts/generate-schema.ts:
// for every message, `same<Message>(a, b)`, true exactly when the codec writes the two values to the
// same bytes — so replay can check an effect against the recorded one without encoding either.
// Straight-line, one comparison per schema field and no allocation, as codec-source.ts renders the
// codec and for the same reason. What the bytes hold decides what counts: the schema's fields only,
// an optional field left out equal to one set to undefined, floats by Object.is (the codec writes
// -0, and leaves 0 out), external JSON by its keys in order (equality-checks.ts samePlainData).
import type { FieldModel, MessageModel, OneofMember, SchemaModel, ValueModel } from './schema-model.js';

/** Renders the code of one schema. */
class EqualitySource {
  private readonly schema: SchemaModel;
  private readonly unions = new Map<string, MessageModel & { form: 'union' }>();
  /** Plain messages without fields: any two values are equal, and no function is rendered for them. */
  private readonly empty = new Set<string>();

  constructor(schema: SchemaModel) {
    this.schema = schema;
    for (const m of schema.messages.values()) {
      if (m.form === 'union') this.unions.set(m.name, m);
      if (m.form === 'plain' && m.properties.length === 0) this.empty.add(m.name);
    }
  }

  /** The comparison of one value (not a list, not optional) of a field's type, as an expression. */
  private valueEquality(value: ValueModel, a: string, b: string): string {
    switch (value.form) {
      case 'scalar':
        if (value.scalar === 'bytes') return `sameBytes(${a}, ${b})`;
        if (value.scalar === 'double' || value.scalar === 'float') return `Object.is(${a}, ${b})`;
        return `${a} === ${b}`;
      case 'enum':
        return `${a} === ${b}`;
      case 'message':
        return this.empty.has(value.name) ? 'true' : `same${value.name}(${a}, ${b})`;
      case 'json':
        return `samePlainData(${a}, ${b})`;
    }
  }

  /** The same comparison as a function, for sameItems and sameOptional. */
  private valueComparer(value: ValueModel): string {
    switch (value.form) {
      case 'scalar':
        if (value.scalar === 'bytes') return 'sameBytes';
        if (value.scalar === 'double' || value.scalar === 'float') return 'Object.is';
        return 'sameScalar';
      case 'enum':
        return 'sameScalar';
      case 'message':
        return this.empty.has(value.name) ? '() => true' : `same${value.name}`;
      case 'json':
        return 'samePlainData';
    }
  }

  private fieldEquality(field: FieldModel): string {
    const a = `a.${field.name}`;
    const b = `b.${field.name}`;
    if (field.repeated) return `sameItems(${a}, ${b}, ${this.valueComparer(field.value)})`;
    const direct = this.valueEquality(field.value, a, b);
    // `===` already treats undefined on both sides as equal.
    if (!field.optional || direct === `${a} === ${b}`) return direct;
    return `sameOptional(${a}, ${b}, ${this.valueComparer(field.value)})`;
  }

  /** `case` lines for one union's members: each compared by its own function. */
  private memberCases(union: MessageModel & { form: 'union' }): string[] {
    return union.members.map((m) => m.kind).flatMap((kind) => [`    case '${kind}':`, this.empty.has(kind) ? '      return true;' : `      return same${kind}(a, b as ${kind});`]);
  }

  private unionOf(name: string): MessageModel & { form: 'union' } {
    const u = this.unions.get(name);
    if (u === undefined) throw new Error(`equality source: ${name} is not a union message`);
    return u;
  }

  /** A oneof of union messages: the same kind, then that union's comparison. */
  private oneofFunction(message: string, property: string, members: readonly OneofMember[]): string[] {
    const type = members.map((m) => m.union).join(' | ');
    const cases = members.flatMap((m) => [...this.unionOf(m.union).members.map((u) => `    case '${u.kind}':`), `      return same${m.union}(a, b as ${m.union});`]);
    return [
      `function ${oneofName(message, property)}(a: ${type}, b: ${type}): boolean {`,
      '  if (a.kind !== b.kind) return false;',
      '  switch (a.kind) {',
      ...cases,
      '  }',
      '}',
    ];
  }

  private plainFunction(m: MessageModel & { form: 'plain' }): string[] {
    const terms = m.properties.map((p) => (p.form === 'field' ? this.fieldEquality(p.field) : `${oneofName(m.name, p.name)}(a.${p.name}, b.${p.name})`));
    return [`export function same${m.name}(a: ${m.name}, b: ${m.name}): boolean {`, `  return ${terms.join('\n    && ')};`, '}'];
  }

  private unionFunction(m: MessageModel & { form: 'union' }): string[] {
    const head = `export function same${m.name}(a: ${m.name}, b: ${m.name}): boolean {`;
    const [only] = m.members;
    if (m.members.length === 1 && only !== undefined) {
      // One member: the kinds cannot differ.
      if (this.empty.has(only.kind)) throw new Error(`equality source: union ${m.name} has one member, without fields`);
      return [head, `  return same${only.kind}(a, b);`, '}'];
    }
    return [head, '  if (a.kind !== b.kind) return false;', '  switch (a.kind) {', ...this.memberCases(m), '  }', '}'];
  }

  blocks(): string[][] {
    const blocks: string[][] = [];
    for (const m of this.schema.messages.values()) {
      if (m.form === 'json' || this.empty.has(m.name)) continue;
      if (m.form === 'union') {
        blocks.push(this.unionFunction(m));
        continue;
      }
      if (m.kind === undefined && m.properties.length === 0) throw new Error(`equality source: ${m.name} has no fields`);
      for (const p of m.properties) if (p.form === 'oneof') blocks.push(this.oneofFunction(m.name, p.name, p.members));
      blocks.push(this.plainFunction(m));
    }
    return blocks;
  }

  /** The message types the functions name. */
  types(): string[] {
    return [...this.schema.messages.values()].filter((m) => m.form !== 'json' && !this.empty.has(m.name)).map((m) => m.name);
  }
}

function oneofName(message: string, property: string): string {
  return `same${message}${property.charAt(0).toUpperCase()}${property.slice(1)}`;
}

const helpers = ['sameBytes', 'sameItems', 'sameOptional', 'samePlainData', 'sameScalar'];

/** equality.generated.ts for `schema`; `header` is its first line. */
export function renderEquality(schema: SchemaModel, header: string): string {
  const source = new EqualitySource(schema);
  const body = source.blocks().map((b) => b.join('\n')).join('\n\n');
  const used = helpers.filter((h) => new RegExp(`\\b${h}\\b`).test(body));
  const types = source.types().filter((t) => new RegExp(`\\b${t}\\b`).test(body)).sort();
  return [
    header,
    '// Equality of values as the codec writes them (core/events/equality-source.ts renders it from the',
    '// schema model): same<Message>(a, b) is true exactly when a and b encode to the same bytes.',
    `import { ${used.join(', ')} } from './equality-checks.js';`,
    `import type {\n${types.map((t) => `  ${t},`).join('\n')}\n} from './schema.generated.js';`,
    '',
    body,
    '',
  ].join('\n');
}
