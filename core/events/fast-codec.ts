// The fast path of the codec: the generated write and read functions (codec.generated.ts) driven
// over one reused WireWriter and a WireReader per input (with one ReadCache for all of them). It
// takes the values and bytes the schema allows and throws on anything else (FastPathMiss, or
// whatever a forbidden value raises); codec.ts then asks the reference path (reflection-codec.ts),
// so every error is the reference's.
import { obj } from './wire-checks.js';
import { ReadCache } from './read-cache.js';
import { WireReader, type MessageReader } from './wire-reader.js';
import { WireWriter, type MessageWriter } from './wire-writer.js';

/** What a rendered codec (codec-source.ts) exports. */
export interface GeneratedCodec {
  readonly writers: ReadonlyMap<string, MessageWriter>;
  readonly readers: ReadonlyMap<string, MessageReader>;
}

export interface FastCodec {
  /** The named message's encoder: the bytes, or a throw when the fast path does not take the value. */
  readonly encoder: (type: string) => (value: unknown) => Uint8Array;
  /** The named message's decoder: the value, or a throw when the fast path does not take the bytes. */
  readonly decoder: (type: string) => (bytes: Uint8Array) => unknown;
}

export function fastCodec({ writers, readers }: GeneratedCodec): FastCodec {
  // One writer and its slab, reused (wire-writer.ts). An encode that starts while another is running
  // (a getter in the value that encodes) gets a writer of its own.
  let spare: WireWriter | undefined = new WireWriter();
  // Shared by every read (read-cache.ts): the strings and integers records repeat are read once.
  const cache = new ReadCache();
  return {
    encoder(type) {
      const write = writers.get(type);
      if (write === undefined) throw new Error(`no message ${type} in the schema`);
      return (value) => {
        const w = spare ?? new WireWriter();
        spare = undefined;
        try {
          write(w, obj(value));
          return w.finish();
        } finally {
          w.reset();
          spare = w;
        }
      };
    },
    decoder(type) {
      const read = readers.get(type);
      if (read === undefined) throw new Error(`no message ${type} in the schema`);
      return (bytes) => read(new WireReader(bytes, cache), bytes.length);
    },
  };
}
