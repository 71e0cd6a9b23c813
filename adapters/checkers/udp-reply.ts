// UDP_CHECK's datagram and its reply test (keepalived check_udp.c check_udp_reply, layer4.c set_buf).
import type { Checker } from '../../core/config/lvs/model.js';

type UdpChecker = Extract<Checker, { kind: 'UDP_CHECK' }>;

/** layer4.c UDP_BUFSIZE and set_buf: without `payload` keepalived sends 32 bytes of this text. */
const DEFAULT_PAYLOAD_BYTES = 32;
const FILLER = 'keepalived check - ';

export function fillerBytes(length: number): Buffer {
  return Buffer.from(FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length), 'latin1');
}

export function udpPayload(checker: UdpChecker): Buffer {
  return checker.payload.length === 0 ? fillerBytes(DEFAULT_PAYLOAD_BYTES) : Buffer.from(checker.payload);
}

/**
 * check_udp_reply, applied only when require_reply gave bytes to expect: the reply's length must be
 * within min_reply_length..max_reply_length, and its first min(length, expected) bytes must equal
 * the expected ones except where the mask marks wildcard bits (the X nibbles).
 */
export function replyMatches(checker: UdpChecker, reply: Buffer): boolean {
  if (reply.length < checker.minReplyLength || reply.length > checker.maxReplyLength) return false;
  const length = Math.min(reply.length, checker.replyData.length);
  for (let i = 0; i < length; i++) {
    const wildcard = checker.replyMask[i] ?? 0;
    if (((reply[i] ?? 0) ^ (checker.replyData[i] ?? 0)) & ~wildcard & 0xff) return false;
  }
  return true;
}
