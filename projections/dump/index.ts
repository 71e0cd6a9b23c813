// keepalived's dump files from Vigil's state: pure functions; the daemon writes the files.
export { dataDump, type DataDumpOptions } from './data.js';
export { type Identity, type IdentityLookup } from './format.js';
export { jsonDump, jsonDumpText } from './json.js';
export { statsDump } from './stats.js';
export { type DumpTime } from './time.js';
