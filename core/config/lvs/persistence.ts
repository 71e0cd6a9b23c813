import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { VirtualServerDraft } from './drafts.js';
import { readUnsigned } from './numbers.js';

/**
 * `persistence_granularity MASK` (keepalived check_parser.c pgr_handler): an
 * IPv4 netmask (getaddrinfo numeric, so inet_aton forms like "64" pass) or an
 * IPv6 prefix length 1..128; the family comes from the virtual server, else
 * from a '.' in the text. Setting it makes the service persistent (360 s).
 */
export function parsePersistenceGranularity(node: ConfigNode, vs: VirtualServerDraft, sink: DiagnosticSink): void {
  const text = node.args[0] ?? '';
  const family = vs.family ?? (text.includes('.') ? 'inet' : 'inet6');
  if (family === 'inet6') {
    const length = readUnsigned(text, 1, 128, node.loc, sink);
    if (length === undefined) { sink.error(`Invalid IPv6 persistence_granularity specified - ${text}`, node.loc); return; }
    vs.persistenceGranularity = String(length);
  } else {
    const mask = inetAton(text);
    if (mask === undefined) { sink.error(`Invalid IPv4 persistence_granularity specified - ${text}`, node.loc); return; }
    vs.persistenceGranularity = mask;
  }
  vs.family ??= family;
  if (vs.persistenceTimeoutSeconds === 0) vs.persistenceTimeoutSeconds = 360;
}

/** inet_aton(): 1 to 4 numeric parts (decimal, 0x hex, 0 octal), the last filling the remaining bytes. */
function inetAton(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(part)) value = parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9]\d*$/.test(part)) value = Number(part);
    else return undefined;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  let address = last;
  values.forEach((v, i) => {
    address += v * 2 ** (8 * (3 - i));
  });
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}
