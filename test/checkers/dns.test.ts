// DNS_CHECK against a tiny real DNS responder on loopback (dgram): the query keepalived sends, an
// answer with the query's id and RCODE 0, an error RCODE, replies it ignores, silence, no server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo } from 'node:dgram';
import type { Checker, DnsQueryType } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, connection, targetFor, timing } from './support.js';

function dnsCheck(port: number, queryType: DnsQueryType = 'A', queryName = 'www.example.com'): Checker {
  return { ...base, ...timing, retry: 3, kind: 'DNS_CHECK', connection: connection(port), queryType, queryName };
}

/** Answers each query with `answer(query)` (undefined = stay silent); records the queries. */
async function responder(answer: (query: Buffer) => Buffer[]) {
  const queries: Buffer[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (query: Buffer, from: RemoteInfo) => {
    queries.push(query);
    for (const reply of answer(query)) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, queries, close: () => new Promise<void>((resolve) => socket.close(() => { resolve(); })) };
}

/** A response to `query`: same id and question, QR set, the given RCODE, no answers. */
function response(query: Buffer, rcode = 0, id = query.readUInt16BE(0)): Buffer {
  const reply = Buffer.from(query);
  reply.writeUInt16BE(id, 0);
  reply.writeUInt16BE(0x8180 | rcode, 2);
  return reply;
}

describe('DNS_CHECK', () => {
  it('asks for name and type, recursion desired, and is up on a matching NOERROR response', async () => {
    const server = await responder((q) => [response(q)]);
    try {
      assert.deepEqual(await runProbe(targetFor(dnsCheck(server.port, 'MX', 'example.org'))), { ok: true, detail: '' });
      const query = server.queries[0];
      assert.ok(query !== undefined);
      assert.equal(query.readUInt16BE(2), 0x0100);
      assert.equal(query.readUInt16BE(4), 1);
      assert.deepEqual([...query.subarray(12)], [7, ...Buffer.from('example'), 3, ...Buffer.from('org'), 0, 0, 15, 0, 1]);
    } finally {
      await server.close();
    }
  });

  it('asks the root for SOA by default name "."', async () => {
    const server = await responder((q) => [response(q)]);
    try {
      assert.equal((await runProbe(targetFor(dnsCheck(server.port, 'SOA', '.')))).ok, true);
      assert.deepEqual([...(server.queries[0] ?? Buffer.alloc(0)).subarray(12)], [0, 0, 6, 0, 1]);
    } finally {
      await server.close();
    }
  });

  it('an error RCODE fails', async () => {
    const server = await responder((q) => [response(q, 2)]);
    try {
      assert.deepEqual(await runProbe(targetFor(dnsCheck(server.port))), { ok: false, detail: `DNS_CHECK ([127.0.0.1]:udp:${server.port}) read error occurred. (rcode = 2)` });
    } finally {
      await server.close();
    }
  });

  it('ignores replies with another id or without QR, and answers the matching one that follows', async () => {
    const server = await responder((q) => {
      const notResponse = Buffer.from(q);
      return [response(q, 0, (q.readUInt16BE(0) + 1) & 0xffff), notResponse, Buffer.from([1, 2, 3]), response(q)];
    });
    try {
      assert.deepEqual(await runProbe(targetFor(dnsCheck(server.port))), { ok: true, detail: '' });
    } finally {
      await server.close();
    }
  });

  it('only replies it ignores, or none, time out', async () => {
    const server = await responder((q) => [response(q, 0, (q.readUInt16BE(0) + 1) & 0xffff)]);
    try {
      assert.deepEqual(await runProbe(targetFor(dnsCheck(server.port))), { ok: false, detail: `DNS_CHECK ([127.0.0.1]:udp:${server.port}) read timeout from socket` });
    } finally {
      await server.close();
    }
  });

  it('no server on the port: the ICMP port unreachable fails the read', async () => {
    const server = await responder(() => []);
    const port = server.port;
    await server.close();
    assert.deepEqual(await runProbe(targetFor(dnsCheck(port))), { ok: false, detail: `DNS_CHECK ([127.0.0.1]:udp:${port}) failed to read socket; errno 111 (Connection refused)` });
  });
});
