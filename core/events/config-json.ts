// External JSON messages (`ts-type:` in the schema, e.g. ParsedConfig holding a KeepalivedConfig):
// the value is stored as JSON text. The hand-written model types are plain data — objects, arrays,
// strings, finite numbers, booleans — whose optional properties are `T | undefined` keys that are
// always present (core/config/model.ts), and never null. JSON drops undefined keys, so undefined is
// written as null and read back as undefined: the round trip keeps every key. Encoding throws
// TypeError for what JSON cannot carry back unchanged (null, NaN, Infinity, Map, class instances, ...).
import { DecodeFailure } from './wire-values.js';

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The value as JSON text; `where` names the field in error messages. */
export function toJsonText(value: unknown, where: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an object`);
  }
  return JSON.stringify(value, (key: string, v: unknown): unknown => {
    const at = key === '' ? where : `${where} (key ${JSON.stringify(key)})`;
    if (v === undefined) return null;
    if (v === null) throw new TypeError(`${at}: null cannot be stored (JSON null stands for undefined)`);
    switch (typeof v) {
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`${at}: ${v} has no JSON form`);
        return Object.is(v, -0) ? 0 : v; // -0 and 0 are one value in a config
      case 'string':
      case 'boolean':
        return v;
      case 'object':
        if (!Array.isArray(v) && !isPlainObject(v)) throw new TypeError(`${at}: only plain objects and arrays are stored`);
        return v;
      default:
        throw new TypeError(`${at}: a ${typeof v} has no JSON form`);
    }
  });
}

/** JSON null → undefined, in place, through the whole tree JSON.parse built. */
function restoreUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreUndefined(value[i]);
    return value;
  }
  for (const [key, v] of Object.entries(value)) {
    // defineProperty, not assignment: a "__proto__" key from JSON.parse is an own data property.
    Object.defineProperty(value, key, { value: restoreUndefined(v), writable: true, enumerable: true, configurable: true });
  }
  return value;
}

/** JSON text → the value; DecodeFailure when it is not JSON of an object. */
export function fromJsonText(text: string, where: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DecodeFailure(`${where}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DecodeFailure(`${where}: JSON is not an object`);
  }
  return restoreUndefined(parsed);
}
