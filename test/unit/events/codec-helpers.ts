// Helpers for holding the codec's fast path to its reference path (test/property/events.property.test.ts,
// fast-codec.test.ts): the outcome of an encode, a value's keys in order, values damaged in one place.
import fc from 'fast-check';

/** What an encode gave: its bytes, or the error it threw (name and message). */
export function outcome(encode: () => Uint8Array): { bytes: string } | { error: string } {
  try {
    return { bytes: Buffer.from(encode()).toString('hex') };
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/** A decoded value as text with its keys in order (deepStrictEqual ignores key order). */
export function shapeOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return `bytes ${Buffer.from(v).toString('hex')}`;
    if (v === undefined) return '<undefined>';
    if (typeof v === 'number' && (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0))) return `number ${Object.is(v, -0) ? '-0' : String(v)}`;
    return v;
  });
}

type Path = readonly (string | number)[];

/** Every place in a value: the value itself, each key of an object and each item of an array, recursively. */
function placesOf(value: unknown, path: Path = []): Path[] {
  const places: Path[] = [path];
  if (value instanceof Uint8Array || typeof value !== 'object' || value === null) return places;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v: unknown, i) => [i, v]) : Object.entries(value);
  for (const [key, v] of entries) places.push(...placesOf(v, [...path, key]));
  return places;
}

const REMOVED = Symbol('removed');

/** A copy of `value` with the place at `path` replaced (or, for REMOVED, its key deleted). */
function replaced(value: unknown, path: Path, by: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return by;
  if (Array.isArray(value)) {
    const copy = Array.from(value as readonly unknown[]);
    copy[Number(key)] = replaced(copy[Number(key)], rest, by);
    return copy;
  }
  return Object.fromEntries(Object.entries(value as object).flatMap(([k, v]: [string, unknown]) => {
    if (k !== String(key)) return [[k, v]];
    const inner = replaced(v, rest, by);
    return inner === REMOVED ? [] : [[k, inner]];
  }));
}

/** Values no field of the schema takes everywhere: wrong types, out of range, unpaired surrogates, a missing key. */
const odd: readonly unknown[] = [
  REMOVED, undefined, null, -1, -0, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, Number.NaN, Infinity, '', 'x', 'a\ud800b', '\udc00',
  0n, -1n, 2n ** 63n, 2n ** 64n, true, false, [], [1], {}, { kind: 'Nope' }, new Uint8Array(0), new Map(), 'inet4',
];

/** A valid value with one place in it replaced by an odd value (or its key removed). */
export function damagedValue<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.tuple(arbitrary, fc.nat(), fc.constantFrom(...odd)).map(([value, at, by]) => {
    const places = placesOf(value);
    const path = places[at % places.length] ?? [];
    const result = replaced(value, path, by);
    return result === REMOVED ? undefined : result;
  });
}
