// What the generated equality (equality.generated.ts) calls for the values it cannot compare with
// `===`: bytes, lists, optional fields and external JSON values.

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two lists of the same length whose items are pairwise `same`. */
export function sameItems<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i] as T, b[i] as T)) return false;
  return true;
}

export function sameScalar<T>(a: T, b: T): boolean {
  return a === b;
}

/** An optional field: absent (undefined) on both sides, or present and `same` on both. */
export function sameOptional<T>(a: T | undefined, b: T | undefined, same: (x: T, y: T) => boolean): boolean {
  return a === undefined || b === undefined ? a === b : same(a, b);
}

/**
 * External JSON (config-json.ts): plain objects, arrays, strings, numbers and booleans, equal when
 * their JSON texts are — the same keys (an undefined one included, as the JSON carries it as null)
 * with equal values; 0 and -0 are one value, as the text makes them.
 */
export function samePlainData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    return sameItems<unknown>(a, b, samePlainData);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] ?? '';
    // In key order: the JSON text lists keys as they come.
    if (k !== kb[i] || !samePlainData((a as Readonly<Record<string, unknown>>)[k], (b as Readonly<Record<string, unknown>>)[k])) return false;
  }
  return true;
}
