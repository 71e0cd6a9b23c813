// UDP_CHECK against real loopback UDP sockets: the payload sent, silence with and without
// require_reply, reply matching with X wildcards and length bounds, and ICMP port unreachable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo } from 'node:dgram';
import type { Checker } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, connection, targetFor, timing } from './support.js';

type UdpChecker = Extract<Checker, { kind: 'UDP_CHECK' }>;

function udpCheck(port: number, more: Partial<UdpChecker> = {}): UdpChecker {
  return {
    ...base, ...timing, kind: 'UDP_CHECK', connection: connection(port), payload: [], requireReply: false,
    replyData: [], replyMask: [], minReplyLength: 0, maxReplyLength: 255, ...more,
  };
}

/** Replies `reply` (or stays silent) to each datagram; records what arrived. */
async function udpServer(reply: Buffer | undefined) {
  const received: Buffer[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (message: Buffer, from: RemoteInfo) => {
    received.push(message);
    if (reply !== undefined) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, received, close: () => new Promise<void>((resolve) => socket.close(() => { resolve(); })) };
}

describe('UDP_CHECK', () => {
  it('sends the payload and is up on a reply', async () => {
    const server = await udpServer(Buffer.from('pong'));
    try {
      assert.deepEqual(await runProbe(targetFor(udpCheck(server.port, { payload: [0x70, 0x69, 0x6e, 0x67] }))), { ok: true, detail: '' });
      assert.equal(server.received[0]?.toString(), 'ping');
    } finally {
      await server.close();
    }
  });

  it('without payload sends keepalived filler, 32 bytes', async () => {
    const server = await udpServer(Buffer.from('x'));
    try {
      await runProbe(targetFor(udpCheck(server.port)));
      assert.equal(server.received[0]?.toString(), 'keepalived check - keepalived ch');
    } finally {
      await server.close();
    }
  });

  it('silence passes without require_reply and fails with it', async () => {
    const server = await udpServer(undefined);
    try {
      assert.deepEqual(await runProbe(targetFor(udpCheck(server.port))), { ok: true, detail: '' });
      assert.deepEqual(await runProbe(targetFor(udpCheck(server.port, { requireReply: true }))), { ok: false, detail: `UDP connection to [127.0.0.1]:udp:${server.port} failed.` });
    } finally {
      await server.close();
    }
  });

  it('an ICMP port unreachable fails, even without require_reply', async () => {
    const server = await udpServer(undefined);
    const port = server.port;
    await server.close();
    assert.deepEqual(await runProbe(targetFor(udpCheck(port))), { ok: false, detail: `UDP connection to [127.0.0.1]:udp:${port} failed.` });
  });

  it('require_reply bytes must match, X nibbles are wildcards, within the length bounds', async () => {
    const server = await udpServer(Buffer.from([0xab, 0xcd, 0xef]));
    try {
      const probe = async (more: Partial<UdpChecker>) => (await runProbe(targetFor(udpCheck(server.port, { requireReply: true, ...more })))).detail;
      const mismatch = `UDP check to [127.0.0.1]:udp:${server.port} reply data mismatch.`;
      assert.equal(await probe({ replyData: [0xab, 0xcd] }), '');
      assert.equal(await probe({ replyData: [0xab, 0xce] }), mismatch);
      // "ABCX": the low nibble of the second byte is a wildcard.
      assert.equal(await probe({ replyData: [0xab, 0xc0], replyMask: [0x00, 0x0f] }), '');
      assert.equal(await probe({ replyData: [0xab, 0x00], replyMask: [0x00, 0x0f] }), mismatch);
      assert.equal(await probe({ replyData: [0xab], maxReplyLength: 2 }), mismatch);
      assert.equal(await probe({ replyData: [0xab], minReplyLength: 4 }), mismatch);
      // Without bytes to expect any reply is enough, whatever its length.
      assert.equal(await probe({ maxReplyLength: 1 }), '');
    } finally {
      await server.close();
    }
  });
});
