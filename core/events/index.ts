// The journal record schema (schema/*.proto) as TypeScript types, and the codec between those values
// and protobuf bytes. `Record` shadows TypeScript's utility type: import it under another name
// (`import type { Record as JournalRecord } from '../events/index.js'`).
export * from './schema.generated.js';
export { sameEffect, sameEvent, sameRecord } from './equality.generated.js';
export {
  decodeEffect,
  decodeEvent,
  decodeRecord,
  encodeEffect,
  encodeEvent,
  encodeRecord,
  type DecodeResult,
} from './codec.js';
