// The records of the crash test: record n is a pure function of n, so the test can tell, byte for
// byte, what every sequence in the journal must hold without the writer telling it.
import { encodeRecord, type Event } from '../../core/events/index.js';
import type { RecordDraft } from '../../adapters/store/store.js';

export const CRASH_NODE = 'crash-test';
export const CRASH_VIGIL_VERSION = '0.1.0-crash';
export const CRASH_CONFIG_DIGEST = 'c0ffee';

/** A VRRPv2 advert as keepalived sends it: VRID 51, priority 150, one address, PASS auth (RFC 3768 §5.1). */
const ADVERT = Uint8Array.from([
  0x21, 0x33, 0x96, 0x01, 0x01, 0x01, 0x00, 0x00, 0xc0, 0xa8, 0x64, 0x64,
  0x76, 0x69, 0x67, 0x69, 0x6c, 0x31, 0x32, 0x33,
]);
const LONG_DETAIL = 'HTTP status code 503; body: '.padEnd(4000, '.');

/**
 * Mostly adverts (what a journal mostly holds); now and then a checker result, and a 4 KB one (a
 * record larger than most). No sample files are loaded: the writer is started 100 times.
 */
function body(sequence: bigint): Event {
  if (sequence % 997n === 0n) return { kind: 'CheckResult', checker: `HTTP_GET ${sequence}`, ok: false, detail: LONG_DETAIL };
  if (sequence % 97n === 0n) return { kind: 'ScriptResult', script: `chk_${sequence}`, outcome: 'exited', status: Number(sequence % 256n) };
  const payload = ADVERT.slice();
  new DataView(payload.buffer).setUint32(payload.length - 4, Number(sequence & 0xffffffffn));
  return {
    kind: 'AdvertReceived', interface: 'eth0', family: 'inet', source: '192.168.100.100', destination: '224.0.0.18',
    ttlOrHopLimit: 255, payload, ipHeaderLength: 20, ipTotalLength: 40, ipProtocol: 112,
  };
}

export function crashRecord(sequence: bigint): RecordDraft {
  return { monotonicNs: sequence * 1_000_000n, wallNs: 1_700_000_000_000_000_000n + sequence * 1000n, nodeId: CRASH_NODE, body: body(sequence) };
}

/** What sequence n's bytes in the journal must be. */
export function crashRecordBytes(sequence: bigint): Uint8Array {
  return encodeRecord({ ...crashRecord(sequence), sequence });
}
