// Canonical JSON: JSON.stringify of a deep copy whose objects got their keys in sorted order and
// lost the keys whose value is undefined — written without making the copy: a snapshot is checked
// at every one replay passes, and copying the state to sort it cost more than the replay itself.
// Objects whose keys already come in canonical order (the snapshot builds its records that way)
// are written as they are; any other object's keys are put in order first, so the text never
// depends on the order in which a record's keys were set.

/** The canonical text of an object or array (see above). */
export function canonicalJson(value: object): string {
  return valueText(value) ?? 'null';
}

/** A string's JSON text; plain printable ASCII needs no escaping and skips JSON.stringify. */
export function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** The value's text, or undefined where JSON.stringify leaves a key out (undefined, a function, a symbol). */
function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return arrayText(value);
      if (isPlain(value)) return objectText(value as Readonly<Record<string, unknown>>);
      return JSON.stringify(sortedCopy(value));
    case 'bigint':
      // JSON.stringify refuses it, and so does this.
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

function arrayText(items: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += ',';
    text += valueText(items[i]) ?? 'null';
  }
  return `${text}]`;
}

/**
 * A plain object without a toJSON of its own: anything else (a Map, a Date, a typed array) is
 * written through the copy, which is what the copy-then-stringify definition does with it.
 */
function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

/**
 * An array index ('0', '17'): a JavaScript object lists these first, in numeric order, whatever
 * order they were set in — so the sorted copy has them first too.
 */
function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/** Keys in the sorted copy's order: array indices (as listed, already numeric), then the rest sorted. */
function canonicalKeys(record: object): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    const before = keys[i - 1] ?? '';
    if (before >= (keys[i] ?? '') && !isIndex(before)) {
      const indices = keys.filter(isIndex);
      return indices.length === 0 ? keys.sort() : [...indices, ...keys.filter((k) => !isIndex(k)).sort()];
    }
  }
  return keys;
}

function objectText(record: Readonly<Record<string, unknown>>): string {
  let text = '{';
  let first = true;
  for (const key of canonicalKeys(record)) {
    const v = valueText(record[key]);
    if (v === undefined) continue;
    text += `${first ? '' : ','}${jsonString(key)}:${v}`;
    first = false;
  }
  return `${text}}`;
}

/** The slow definition, for values that are not plain data: a deep copy with keys sorted. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortedCopy(v);
  }
  return out;
}
