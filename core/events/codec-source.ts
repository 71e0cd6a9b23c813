// The source of codec.generated.ts, rendered from the schema model by scripts/generate-schema.ts: for
// every message, a function that writes a value of its TypeScript type straight into a WireWriter and
// one that reads it straight from a WireReader. Straight-line code with each property named where it
// is used is what lets V8 make these fast (a generic loop over field names cannot be); generating it
// ahead of time keeps eval out of the runtime. What it writes and reads follows protobufjs's
// encoder.js and decoder.js with to-protobuf.ts and from-protobuf.ts (the reference path); anything
// those would refuse, or treat in an unusual way, it leaves to them by missing (wire-checks.ts).
import type { EnumModel, FieldModel, MessageModel, OneofMember, ScalarType, SchemaModel } from './schema-model.js';

/** How one scalar type is written, read and defaulted in the generated code. */
interface ScalarSource {
  readonly wireType: number;
  /** A repeated field of it may come packed (decoder.js reads both forms of these). */
  readonly packable: boolean;
  /** The condition under which protobufjs writes the value of a field without presence (encoder.js); none: always. */
  readonly written: ((x: string) => string) | undefined;
  readonly write: (x: string) => string;
  readonly read: (r: string) => string;
  /** The proto3 default of a field without presence that is not on the wire (scalarDefault). */
  readonly zero: string;
}

function scalarSource(scalar: ScalarType, jsNumber: boolean): ScalarSource {
  const number = (wireType: number, write: (x: string) => string, read: string, written = (x: string): string => `${x} !== 0`): ScalarSource =>
    ({ wireType, packable: true, written, write, read: (r) => `${r}.${read}()`, zero: '0' });
  switch (scalar) {
    case 'string':
      return { wireType: 2, packable: false, written: (x) => `${x} !== ''`, write: (x) => `w.string(str(${x}))`, read: (r) => `${r}.string()`, zero: "''" };
    case 'bytes':
      return { wireType: 2, packable: false, written: (x) => `!isEmptyBytes(${x})`, write: (x) => `w.bytes(bytes(${x}))`, read: (r) => `${r}.bytes()`, zero: 'new Uint8Array(0)' };
    case 'bool':
      return { wireType: 0, packable: true, written: (x) => `${x} !== false`, write: (x) => `w.uint32(bool(${x}) ? 1 : 0)`, read: (r) => `${r}.bool()`, zero: 'false' };
    case 'double':
      return number(1, (x) => `w.double(double(${x}))`, 'double', (x) => `!Object.is(${x}, 0)`);
    case 'float':
      return number(5, (x) => `w.float(float(${x}))`, 'float', (x) => `!Object.is(${x}, 0)`);
    case 'int32':
      return number(0, (x) => `w.int32(int32(${x}))`, 'int32');
    case 'sint32':
      return number(0, (x) => `w.sint32(int32(${x}))`, 'sint32');
    case 'sfixed32':
      return number(5, (x) => `w.fixed32(int32(${x}))`, 'sfixed32');
    case 'uint32':
      return number(0, (x) => `w.uint32(uint32(${x}))`, 'uint32');
    case 'fixed32':
      return number(5, (x) => `w.fixed32(uint32(${x}))`, 'fixed32');
    default:
      break;
  }
  const unsigned = scalar === 'uint64' || scalar === 'fixed64';
  const fixed = scalar === 'fixed64' || scalar === 'sfixed64';
  const method = fixed ? 'fixed64' : scalar === 'sint64' ? 'sint64' : 'int64';
  const wireType = fixed ? 1 : 0;
  if (jsNumber) return number(wireType, (x) => `w.${method}Number(${unsigned ? 'safeUint' : 'safeInt'}(${x}))`, `${scalar}Number`);
  return {
    wireType, packable: true, written: (x) => `${x} !== 0n`, write: (x) => `w.${method}(${unsigned ? 'uint64' : 'int64'}(${x}))`,
    read: (r) => `${r}.${scalar}()`, zero: '0n',
  };
}

/** Readers of messages with at most this many optional fields build their value as one literal. */
const LITERALS_UP_TO = 2;

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
const quote = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const tagOf = (id: number, wireType: number): number => id * 8 + wireType;

/** An enum value ↔ its number: never 0, which is never written and never read. */
function enumLines(e: EnumModel): string[] {
  const name = lowerFirst(e.name);
  return [
    `function ${name}Number(value: unknown): number {`,
    '  switch (value) {',
    ...e.values.map((v) => `    case ${quote(v.ts)}: return ${v.number};`),
    '    default: return miss();',
    '  }',
    '}',
    '',
    `function ${name}Literal(number: number): string {`,
    '  switch (number) {',
    ...e.values.map((v) => `    case ${v.number}: return ${quote(v.ts)};`),
    '    default: return miss();',
    '  }',
    '}',
  ];
}

function kindTestLines(union: MessageModel & { form: 'union' }): string[] {
  return [
    `function is${union.name}Kind(kind: unknown): boolean {`,
    '  switch (kind) {',
    ...union.members.map((m) => `    case ${quote(m.kind)}:`),
    '      return true;',
    '    default:',
    '      return false;',
    '  }',
    '}',
  ];
}

/** Renders the code of one schema. */
class CodecSource {
  private readonly schema: SchemaModel;

  constructor(schema: SchemaModel) {
    this.schema = schema;
  }

  private scalarOrEnum(field: FieldModel): ScalarSource | undefined {
    const { value } = field;
    if (value.form === 'scalar') return scalarSource(value.scalar, value.jsNumber);
    if (value.form !== 'enum') return undefined;
    const name = lowerFirst(value.name);
    return {
      wireType: 0, packable: true, written: undefined, write: (x) => `w.int32(${name}Number(${x}))`,
      read: (r) => `${name}Literal(${r}.int32())`, zero: 'miss()',
    };
  }

  /** The message a message or external JSON field holds. */
  private static messageOf(field: FieldModel): string {
    if (field.value.form !== 'message' && field.value.form !== 'json') throw new Error(`codec source: ${field.name} holds no message`);
    return field.value.name;
  }

  private union(name: string): MessageModel & { form: 'union' } {
    const m = this.schema.messages.get(name);
    if (m?.form !== 'union') throw new Error(`codec source: ${name} is not a union message`);
    return m;
  }

  /** The statement writing one field, in its field-number place. */
  private fieldWrite(field: FieldModel): string {
    const { id, name } = field;
    const get = `v[${quote(name)}]`;
    const x = `x${id}`;
    const scalar = this.scalarOrEnum(field);
    if (scalar === undefined) {
      const write = `write${CodecSource.messageOf(field)}`;
      const tag = tagOf(id, 2);
      if (field.repeated) return `for (const item of list(${get})) { w.uint32(${tag}); w.message(${write}, item); }`;
      if (field.optional) return `const ${x} = ${get}; if (${x} !== undefined) { w.uint32(${tag}); w.message(${write}, ${x}); }`;
      return `w.uint32(${tag}); w.message(${write}, ${get});`;
    }
    if (field.repeated && field.packed) {
      return `const ${x} = list(${get}); if (${x}.length > 0) { w.uint32(${tagOf(id, 2)}); const at${id} = w.begin(); for (const item of ${x}) { ${scalar.write('item')}; } w.end(at${id}); }`;
    }
    const tag = tagOf(id, scalar.wireType);
    if (field.repeated) return `for (const item of list(${get})) { w.uint32(${tag}); ${scalar.write('item')}; }`;
    if (field.optional) return `const ${x} = ${get}; if (${x} !== undefined) { w.uint32(${tag}); ${scalar.write(x)}; }`;
    if (scalar.written === undefined) return `w.uint32(${tag}); ${scalar.write(get)};`;
    return `const ${x} = ${get}; if (${scalar.written(x)}) { w.uint32(${tag}); ${scalar.write(x)}; }`;
  }

  /** A oneof of unions: one statement per member in its field-number place; the value's kind picks the one that writes. */
  private oneofWrites(property: string, members: readonly OneofMember[], index: number): [number, string][] {
    const o = `o${index}`;
    const k = `k${index}`;
    const sorted = [...members].sort((a, b) => a.id - b.id);
    const anyKind = sorted.map((m) => `!is${m.union}Kind(${k})`).join(' && ');
    return sorted.map((member, i): [number, string] => {
      const write = `if (is${member.union}Kind(${k})) { w.uint32(${tagOf(member.id, 2)}); w.message(write${member.union}, ${o}); }`;
      if (i > 0) return [member.id, write];
      return [member.id, `const ${o} = obj(v[${quote(property)}]); const ${k} = ${o}['kind']; if (${anyKind}) miss();\n  ${write}`];
    });
  }

  private plainWriter(m: MessageModel & { form: 'plain' }): string[] {
    const placed = m.properties.flatMap((p, i): [number, string][] =>
      p.form === 'field' ? [[p.field.id, this.fieldWrite(p.field)]] : this.oneofWrites(p.name, p.members, i));
    if (placed.length === 0) return [`function write${m.name}(): void {`, '  // no fields', '}'];
    // encoder.js: "known fields should be written sequentially by field number".
    const body = placed.sort(([a], [b]) => a - b).map(([, line]) => `  ${line}`);
    return [`function write${m.name}(w: WireWriter, v: Fields): void {`, ...body, '}'];
  }

  /** The switch case(s) reading one field into p<index>. */
  private fieldReads(field: FieldModel, p: string): string[] {
    const scalar = this.scalarOrEnum(field);
    if (scalar === undefined) {
      const read = `r.message(read${CodecSource.messageOf(field)})`;
      const tag = tagOf(field.id, 2);
      // decoder.js merges a message seen twice; that is left to it.
      return [field.repeated ? `case ${tag}: (${p} ??= []).push(${read}); break;` : `case ${tag}: ${p} = ${p} === undefined ? ${read} : miss(); break;`];
    }
    const tag = tagOf(field.id, scalar.wireType);
    if (!field.repeated) return [`case ${tag}: ${p} = ${scalar.read('r')}; break;`];
    const unpacked = `case ${tag}: (${p} ??= []).push(${scalar.read('r')}); break;`;
    if (!scalar.packable) return [unpacked];
    return [unpacked, `case ${tagOf(field.id, 2)}: ${p} = r.packed(${p} ?? [], (s) => ${scalar.read('s')}); break;`];
  }

  /** What p<index> becomes when the field is not on the wire; undefined for an optional field (no key). */
  private absent(field: FieldModel): string | undefined {
    if (field.repeated) return '[]';
    if (field.optional) return undefined;
    return this.scalarOrEnum(field)?.zero ?? 'miss()';
  }

  private plainReader(m: MessageModel & { form: 'plain' }): string[] {
    const head = `function read${m.name}(r: WireReader, end: number): unknown {`;
    const kind = m.kind === undefined ? [] : [`kind: ${quote(m.kind)}`];
    if (m.properties.length === 0) return [head, '  if (r.pos < end) miss();', `  return {${kind.map((k) => ` ${k} `).join('')}};`, '}'];
    const declarations: string[] = [];
    const cases: string[] = [];
    const entries: (readonly [name: string, absent: string | undefined, p: string])[] = [];
    m.properties.forEach((property, i) => {
      const p = `p${i}`;
      if (property.form === 'field') {
        declarations.push(property.field.repeated ? `let ${p}: unknown[] | undefined;` : `let ${p}: unknown;`);
        cases.push(...this.fieldReads(property.field, p));
        entries.push([property.field.name, this.absent(property.field), p]);
        return;
      }
      declarations.push(`let ${p}: unknown;`);
      for (const member of property.members) {
        cases.push(`case ${tagOf(member.id, 2)}: ${p} = ${p} === undefined ? r.message(read${member.union}) : miss(); break;`);
      }
      entries.push([property.name, 'miss()', p]);
    });
    return [
      head,
      ...declarations.map((d) => `  ${d}`),
      '  while (r.pos < end) {',
      '    switch (r.tag()) {',
      ...cases.map((c) => `      ${c}`),
      '      default: miss();',
      '    }',
      '  }',
      ...CodecSource.built(kind, entries),
      '}',
    ];
  }

  /**
   * The statements that build the value, keys in declaration order as fromProtobuf adds them, an
   * optional field's key only when it was on the wire. With few optional fields, one object literal
   * for each combination of them: an object that gets keys after its literal keeps them in a
   * separate store, one more object to allocate (and, in a journal held in memory, to collect).
   */
  private static built(kind: readonly string[], entries: readonly (readonly [name: string, absent: string | undefined, p: string])[]): string[] {
    const optional = entries.filter(([, absent]) => absent === undefined).map(([, , p]) => p);
    const literal = (present: ReadonlySet<string>): string => {
      const fields = [...kind, ...entries.flatMap(([name, absent, p]) => {
        if (absent !== undefined) return [`${name}: ${p} ?? ${absent}`];
        return present.has(p) ? [`${name}: ${p}`] : [];
      })];
      return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
    };
    if (optional.length <= LITERALS_UP_TO) {
      // pA === undefined ? (pB === undefined ? {…} : {…, b}) : (…): each optional field halves the choice.
      const choose = (i: number, present: ReadonlySet<string>, indent: string): string => {
        const p = optional[i];
        if (p === undefined) return literal(present);
        const next = `${indent}  `;
        return `${p} === undefined\n${next}? ${choose(i + 1, present, next)}\n${next}: ${choose(i + 1, new Set([...present, p]), next)}`;
      };
      return [`  return ${choose(0, new Set(), '  ')};`];
    }
    // More: a literal up to the first optional field, the rest set one by one.
    const firstOptional = entries.findIndex(([, absent]) => absent === undefined);
    const fields = [...kind, ...entries.slice(0, firstOptional).map(([name, absent, p]) => `${name}: ${p} ?? ${absent ?? ''}`)];
    const rest = entries.slice(firstOptional).map(([name, absent, p]) =>
      absent === undefined ? `  if (${p} !== undefined) out[${quote(name)}] = ${p};` : `  out[${quote(name)}] = ${p} ?? ${absent};`);
    return [`  const out: Record<string, unknown> = ${fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`};`, ...rest, '  return out;'];
  }

  private unionWriter(m: MessageModel & { form: 'union' }): string[] {
    return [
      `function write${m.name}(w: WireWriter, v: Fields): void {`,
      "  switch (v['kind']) {",
      ...m.members.map((member) => `    case ${quote(member.kind)}: w.uint32(${tagOf(member.id, 2)}); w.message(write${member.kind}, v); return;`),
      '    default: miss();',
      '  }',
      '}',
    ];
  }

  private unionReader(m: MessageModel & { form: 'union' }): string[] {
    return [
      `function read${m.name}(r: WireReader, end: number): unknown {`,
      '  let value: unknown;',
      '  while (r.pos < end) {',
      '    if (value !== undefined) miss();',
      '    switch (r.tag()) {',
      ...m.members.map((member) => `      case ${tagOf(member.id, 2)}: value = r.message(read${member.kind}); break;`),
      '      default: miss();',
      '    }',
      '  }',
      '  return value ?? miss();',
      '}',
    ];
  }

  /** External JSON: the one field `string json = 1` (schema-model.ts); toJsonText never returns '', the default. */
  private jsonLines(m: MessageModel & { form: 'json' }): string[] {
    return [
      `function write${m.name}(w: WireWriter, v: Fields): void {`,
      `  w.uint32(${tagOf(1, 2)}); w.string(toJsonText(v, ${quote(m.name)}));`,
      '}',
      '',
      `function read${m.name}(r: WireReader, end: number): unknown {`,
      "  let text = '';",
      '  while (r.pos < end) {',
      '    switch (r.tag()) {',
      `      case ${tagOf(1, 2)}: text = r.string(); break;`,
      '      default: miss();',
      '    }',
      '  }',
      `  return fromJsonText(text, ${quote(m.name)});`,
      '}',
    ];
  }

  private messageBlocks(m: MessageModel): string[][] {
    switch (m.form) {
      case 'plain':
        return [this.plainWriter(m), this.plainReader(m)];
      case 'union':
        return [this.unionWriter(m), this.unionReader(m)];
      case 'json':
        return [this.jsonLines(m)];
    }
  }

  blocks(): string[][] {
    const inOneofs = new Set<string>();
    for (const m of this.schema.messages.values()) {
      if (m.form !== 'plain') continue;
      for (const p of m.properties) if (p.form === 'oneof') for (const member of p.members) inOneofs.add(member.union);
    }
    const blocks: string[][] = [];
    for (const d of this.schema.declarations) {
      if (d.form === 'enum') blocks.push(enumLines(d));
      else {
        if (inOneofs.has(d.name)) blocks.push(kindTestLines(this.union(d.name)));
        blocks.push(...this.messageBlocks(d));
      }
    }
    const names = [...this.schema.messages.keys()];
    blocks.push([
      'export const writers: ReadonlyMap<string, MessageWriter> = new Map<string, MessageWriter>([',
      ...names.map((n) => `  [${quote(n)}, write${n}],`),
      ']);',
    ]);
    blocks.push([
      'export const readers: ReadonlyMap<string, MessageReader> = new Map<string, MessageReader>([',
      ...names.map((n) => `  [${quote(n)}, read${n}],`),
      ']);',
    ]);
    return blocks;
  }
}

const checks = ['bool', 'bytes', 'double', 'float', 'int32', 'int64', 'isEmptyBytes', 'list', 'miss', 'obj', 'safeInt', 'safeUint', 'str', 'uint32', 'uint64'];

/** The names of `candidates` that `code` calls as plain functions (not as methods). */
function called(code: string, candidates: readonly string[]): string[] {
  return candidates.filter((name) => new RegExp(`(?<![\\w.])${name}\\(`).test(code));
}

/**
 * codec.generated.ts for `schema`. `header` is its first line; `runtime` is where it imports the wire
 * modules from (tests render schemas of their own into a temporary directory).
 */
export function renderCodec(schema: SchemaModel, header: string, runtime = '.'): string {
  const body = new CodecSource(schema).blocks().map((b) => b.join('\n')).join('\n\n');
  const json = called(body, ['fromJsonText', 'toJsonText']);
  const imports = [
    ...(json.length > 0 ? [`import { ${json.join(', ')} } from '${runtime}/config-json.js';`] : []),
    `import { ${[...called(body, checks), 'type Fields'].join(', ')} } from '${runtime}/wire-checks.js';`,
    `import type { MessageReader, WireReader } from '${runtime}/wire-reader.js';`,
    `import type { MessageWriter, WireWriter } from '${runtime}/wire-writer.js';`,
  ];
  const about = [
    '// The codec\'s fast path (core/events/codec-source.ts renders it from the schema model): one function',
    '// per message that writes a value into a WireWriter, one that reads it from a WireReader. Values',
    '// and bytes it does not take make it miss, and core/events/codec.ts uses the reference path.',
  ];
  return `${[header, ...about, ...imports].join('\n')}\n\n${body}\n`;
}
