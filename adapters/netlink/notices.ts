// One datagram of rtnetlink notifications split into its messages (struct nlmsghdr: u32 length,
// u16 type, u16 flags, u32 seq, u32 port, in host byte order, then the payload; each message
// 4-byte aligned).
import { endianness } from 'node:os';

export interface NetlinkNotice {
  readonly type: number;
  /** The payload after the 16-byte header (ifinfomsg / ifaddrmsg and attributes). */
  readonly data: Buffer;
}

const NLMSG_HDRLEN = 16;
const align = (n: number): number => (n + 3) & ~3;
const LITTLE = endianness() === 'LE';

/** undefined when a length runs short of its header or past the datagram: the rest is unreadable. */
export function splitDatagram(datagram: Buffer): NetlinkNotice[] | undefined {
  const notices: NetlinkNotice[] = [];
  let at = 0;
  while (at + NLMSG_HDRLEN <= datagram.length) {
    const length = LITTLE ? datagram.readUInt32LE(at) : datagram.readUInt32BE(at);
    if (length < NLMSG_HDRLEN || at + length > datagram.length) return undefined;
    notices.push({ type: LITTLE ? datagram.readUInt16LE(at + 4) : datagram.readUInt16BE(at + 4), data: datagram.subarray(at + NLMSG_HDRLEN, at + length) });
    at += align(length);
  }
  return at >= datagram.length ? notices : undefined;
}
