// DNS_CHECK's datagrams (keepalived check_dns.c dns_make_query, dns_recv_thread), pure.
import type { DnsQueryType } from '../../core/config/lvs/model.js';

/** check_dns.h DNS_TYPE_*: the record types DNS_CHECK may ask for. */
export const DNS_TYPE_CODES: Readonly<Record<DnsQueryType, number>> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, RRSIG: 46, DNSKEY: 48,
};

const FLAG_RD = 0x0100;
const FLAG_QR = 0x8000;
const CLASS_IN = 1;

/**
 * A standard query, recursion desired, for `name` (labels split at dots; "." is the root) of
 * `type`, class IN, with the given id.
 */
export function dnsQuery(id: number, name: string, type: DnsQueryType): Buffer {
  const labels: Buffer[] = [];
  if (name !== '.') {
    for (const label of name.split('.')) {
      if (label === '') continue; // a trailing dot ends the name, as keepalived's loop does
      const bytes = Buffer.from(label, 'latin1');
      labels.push(Buffer.from([bytes.length]), bytes);
    }
  }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(FLAG_RD, 2);
  header.writeUInt16BE(1, 4); // QDCOUNT
  const tail = Buffer.alloc(5);
  tail.writeUInt8(0, 0); // the root label ends the name
  tail.writeUInt16BE(DNS_TYPE_CODES[type], 1);
  tail.writeUInt16BE(CLASS_IN, 3);
  return Buffer.concat([header, ...labels, tail]);
}

/**
 * What keepalived makes of a datagram: too short, another id, or not a response → `ignore` (it
 * keeps waiting); RCODE ≠ 0 → `error`; else `answer`.
 */
export type DnsReplyVerdict = { readonly kind: 'ignore' } | { readonly kind: 'error'; readonly rcode: number } | { readonly kind: 'answer' };

/**
 * keepalived's length test is `sizeof (r_header)`, the size of a pointer (8 bytes on the 64-bit
 * hosts it runs on), not of the 12-byte header; the id and flags are in the first 4 bytes.
 */
const MIN_REPLY_BYTES = 8;

export function dnsReplyVerdict(query: Buffer, reply: Buffer): DnsReplyVerdict {
  if (reply.length < MIN_REPLY_BYTES) return { kind: 'ignore' };
  if (reply.readUInt16BE(0) !== query.readUInt16BE(0)) return { kind: 'ignore' };
  const flags = reply.readUInt16BE(2);
  if ((flags & FLAG_QR) === 0) return { kind: 'ignore' };
  const rcode = flags & 0x000f;
  return rcode === 0 ? { kind: 'answer' } : { kind: 'error', rcode };
}
