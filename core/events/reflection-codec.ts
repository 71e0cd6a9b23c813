// The reference codec: a value ↔ the plain object protobufjs encodes (to-protobuf.ts, from-protobuf.ts),
// and protobufjs's own reflection-generated encoder and decoder for the bytes. It defines what the
// codec does; the fast path (fast-codec.ts) does the same faster, and whatever it does not take comes here,
// so every error message is this path's. Decoding never throws; encoding throws TypeError only for
// values the types forbid.
import protobuf from 'protobufjs/light.js';
import { fromProtobuf } from './from-protobuf.js';
import type { SchemaModel } from './schema-model.js';
import { toProtobuf } from './to-protobuf.js';
import { DecodeFailure } from './wire-values.js';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ReflectionCodec {
  /** The bytes of a value of the named message's TypeScript type; TypeError for what the type forbids. */
  readonly encode: (type: string, value: unknown) => Uint8Array;
  readonly decode: (type: string, bytes: Uint8Array) => DecodeResult<unknown>;
}

/** `schema` is buildSchemaModel(root). */
export function reflectionCodec(root: protobuf.Root, schema: SchemaModel): ReflectionCodec {
  return {
    encode(name, value) {
      const type = root.lookupType(name);
      const wire = toProtobuf(schema, type.name, value, type.name);
      // A plain Uint8Array, not the Buffer protobufjs's writer returns under Node.
      return new Uint8Array(type.encode(wire).finish());
    },
    decode(name, bytes) {
      const type = root.lookupType(name);
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
    },
  };
}
