// HTTP_GET against real loopback servers: the request keepalived sends, status codes and ranges,
// the MD5 digest of the body, regex, several urls, and every failure keepalived words differently.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Checker, HttpUrl } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, blackholePort, closedPort, connection, targetFor, tcpServer, timing } from './support.js';

const loc = { file: 'keepalived.conf', line: 1 };
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

function url(path: string, more: Partial<HttpUrl> = {}): HttpUrl {
  return { loc, path, digest: undefined, statusCodes: [[200, 299]], virtualhost: undefined, regex: undefined, ...more };
}

// The model holds HTTP_GET and SSL_GET as one shape.
type HttpChecker = Extract<Checker, { kind: 'HTTP_GET' | 'SSL_GET' }>;

function httpGet(port: number, urls: HttpUrl[], more: Partial<HttpChecker> = {}): HttpChecker {
  return {
    ...base, ...timing, kind: 'HTTP_GET', connection: connection(port), httpProtocol: '1.0', virtualhost: undefined,
    enableSni: false, fastRecovery: false, urls, ...more,
  };
}

/** A raw HTTP server: reads the request head, records it, answers with `respond(path)` and closes. */
async function httpServer(respond: (path: string) => string | undefined) {
  const requests: string[] = [];
  const server = await tcpServer((socket: Socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      requests.push(head);
      const path = head.split(' ')[1] ?? '';
      const answer = respond(path);
      if (answer !== undefined) socket.end(answer);
    });
  });
  return { ...server, requests };
}

const ok = (body: string, status = '200 OK'): string => `HTTP/1.0 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

describe('HTTP_GET', () => {
  it('sends keepalived request and is up on a 200 whose body has the digest', async () => {
    const server = await httpServer(() => ok('hello world'));
    try {
      const checker = httpGet(server.port, [url('/health', { digest: md5('hello world') })]);
      assert.deepEqual(await runProbe(targetFor(checker)), { ok: true, detail: '' });
      assert.equal(server.requests[0], `GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    } finally {
      await server.close();
    }
  });

  it('HTTP/1.1 and 1.0C ask the server to close; a virtualhost is the Host, without a port', async () => {
    const server = await httpServer(() => ok('x'));
    try {
      await runProbe(targetFor(httpGet(server.port, [url('/a')], { httpProtocol: '1.1', virtualhost: 'www.example.com' })));
      await runProbe(targetFor(httpGet(server.port, [url('/b', { virtualhost: 'url.example.com' })], { httpProtocol: '1.0C', virtualhost: 'www.example.com' })));
      assert.equal(server.requests[0], 'GET /a HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example.com\r\n\r\n');
      assert.equal(server.requests[1], 'GET /b HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: url.example.com\r\n\r\n');
    } finally {
      await server.close();
    }
  });

  it('an IPv6 target is connected over IPv6 and named in brackets in Host', async () => {
    const requests: string[] = [];
    const server = await tcpServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        requests.push(chunk.toString('latin1'));
        socket.end(ok('six'));
      });
    }, '::1');
    try {
      const checker = httpGet(server.port, [url('/')], { connection: connection(server.port, { address: '::1' }) });
      assert.deepEqual(await runProbe(targetFor(checker)), { ok: true, detail: '' });
      assert.equal(requests[0], `GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: [::1]:${server.port}\r\n\r\n`);
    } finally {
      await server.close();
    }
  });

  it('a status outside status_code fails; a range accepts what it covers', async () => {
    const server = await httpServer(() => ok('busy', '503 Service Unavailable'));
    try {
      const target = targetFor(httpGet(server.port, [url('/')]));
      assert.deepEqual(await runProbe(target), { ok: false, detail: `HTTP status code error to server [127.0.0.1]:tcp:${server.port}.` });
      const ranged = targetFor(httpGet(server.port, [url('/', { statusCodes: [[200, 200], [500, 503]] })]));
      assert.equal((await runProbe(ranged)).ok, true);
    } finally {
      await server.close();
    }
  });

  it('a status line without a reason phrase has no status, as in keepalived', async () => {
    const server = await httpServer(() => 'HTTP/1.0 200\r\n\r\nbody');
    try {
      assert.equal((await runProbe(targetFor(httpGet(server.port, [url('/')])))).detail, `HTTP status code error to server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('a body with another digest fails', async () => {
    const server = await httpServer(() => ok('changed content'));
    try {
      const checker = httpGet(server.port, [url('/', { digest: md5('expected content') })]);
      assert.deepEqual(await runProbe(targetFor(checker)), { ok: false, detail: `MD5 digest error to server [127.0.0.1]:tcp:${server.port}.` });
    } finally {
      await server.close();
    }
  });

  it('regex must match, or with regex_no_match must not, within its offsets', async () => {
    const server = await httpServer(() => ok('status: all systems GREEN'));
    const regex = (pattern: string, more: Partial<NonNullable<HttpUrl['regex']>> = {}): HttpUrl =>
      url('/', { regex: { pattern, noMatch: false, options: [], minOffset: 0, maxOffset: undefined, stack: undefined, ...more } });
    try {
      const probe = async (u: HttpUrl) => (await runProbe(targetFor(httpGet(server.port, [u])))).detail;
      assert.equal(await probe(regex('GREEN$')), '');
      assert.equal(await probe(regex('RED')), `Regex match failed server [127.0.0.1]:tcp:${server.port}.`);
      assert.equal(await probe(regex('RED', { noMatch: true })), '');
      assert.equal(await probe(regex('GREEN', { noMatch: true })), `Regex match failed server [127.0.0.1]:tcp:${server.port}.`);
      assert.equal(await probe(regex('green', { options: ['caseless'] })), '');
      // "GREEN" starts at offset 20: a window ending before it does not see it.
      assert.equal(await probe(regex('GREEN', { maxOffset: 19 })), `Regex match failed server [127.0.0.1]:tcp:${server.port}.`);
      assert.equal(await probe(regex('status', { minOffset: 1 })), `Regex match failed server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('checks every url in turn and fails on the first that fails', async () => {
    const server = await httpServer((path) => (path === '/ok' ? ok('fine') : ok('gone', '404 Not Found')));
    try {
      const outcome = await runProbe(targetFor(httpGet(server.port, [url('/ok'), url('/missing'), url('/ok')])));
      assert.equal(outcome.detail, `HTTP status code error to server [127.0.0.1]:tcp:${server.port}.`);
      assert.deepEqual(server.requests.map((r) => r.split(' ')[1]), ['/ok', '/missing']);
    } finally {
      await server.close();
    }
  });

  it('a refused connection fails', async () => {
    const port = await closedPort();
    assert.deepEqual(await runProbe(targetFor(httpGet(port, [url('/')]))), { ok: false, detail: `Connection failed server [127.0.0.1]:tcp:${port}.` });
  });

  it('a connection never established times out', async () => {
    const hole = await blackholePort();
    try {
      assert.equal((await runProbe(targetFor(httpGet(hole.port, [url('/')])))).detail, `Timeout connecting server [127.0.0.1]:tcp:${hole.port}.`);
    } finally {
      hole.close();
    }
  });

  it('a server that accepts and never answers times out reading', async () => {
    const server = await httpServer(() => undefined);
    try {
      assert.equal((await runProbe(targetFor(httpGet(server.port, [url('/')])))).detail, `Timeout WEB read server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('a server that stalls in the middle of its answer times out reading', async () => {
    const server = await tcpServer((socket) => {
      socket.once('data', () => socket.write('HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\nhalf'));
    });
    try {
      assert.equal((await runProbe(targetFor(httpGet(server.port, [url('/')])))).detail, `Timeout HTTP read server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('a server that closes without an answer sent no data', async () => {
    const server = await tcpServer((socket) => socket.once('data', () => socket.end()));
    try {
      assert.equal((await runProbe(targetFor(httpGet(server.port, [url('/')])))).detail, `Read, no data received from  server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });
});
