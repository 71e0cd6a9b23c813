// Splitting a datagram of rtnetlink notifications into messages (linux/netlink.h nlmsghdr).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import { splitDatagram } from '../../../adapters/netlink/notices.js';

function message(type: number, payload: number[]): Buffer {
  const length = 16 + payload.length;
  const out = Buffer.alloc((length + 3) & ~3);
  if (endianness() === 'LE') {
    out.writeUInt32LE(length, 0);
    out.writeUInt16LE(type, 4);
  } else {
    out.writeUInt32BE(length, 0);
    out.writeUInt16BE(type, 4);
  }
  Buffer.from(payload).copy(out, 16);
  return out;
}

describe('splitDatagram', () => {
  it('splits consecutive messages at their aligned lengths and hands over each payload', () => {
    const notices = splitDatagram(Buffer.concat([message(16, [1, 2, 3, 4, 5]), message(20, [9, 9, 9, 9])]));
    assert.deepEqual(notices?.map((n) => [n.type, [...n.data]]), [[16, [1, 2, 3, 4, 5]], [20, [9, 9, 9, 9]]]);
  });

  it('an empty datagram holds no message', () => {
    assert.deepEqual(splitDatagram(Buffer.alloc(0)), []);
  });

  it('a length shorter than the header, past the end, or a stray tail: unreadable', () => {
    const short = message(16, [1, 2, 3, 4]);
    short.writeUInt32LE(8, 0);
    assert.equal(splitDatagram(short), undefined);
    const long = message(16, [1, 2, 3, 4]);
    long.writeUInt32LE(400, 0);
    assert.equal(splitDatagram(long), undefined);
    assert.equal(splitDatagram(Buffer.concat([message(16, [1, 2, 3, 4]), Buffer.alloc(7)])), undefined);
  });
});
