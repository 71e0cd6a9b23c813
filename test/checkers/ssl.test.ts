// SSL_GET against a real TLS server with a self-signed certificate made at test time: the
// certificate is not verified (keepalived's default), SNI goes only with enable_sni, and TLS
// failures are worded as keepalived words them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import type { Checker, HttpUrl } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, connection, targetFor, tcpServer, timing } from './support.js';

const loc = { file: 'keepalived.conf', line: 1 };
let dir = '';
let key: Buffer;
let cert: Buffer;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-ssl-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  key = readFileSync(join(dir, 'key.pem'));
  cert = readFileSync(join(dir, 'cert.pem'));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

// The model holds HTTP_GET and SSL_GET as one shape.
type SslChecker = Extract<Checker, { kind: 'HTTP_GET' | 'SSL_GET' }>;

function sslGet(port: number, u: Partial<HttpUrl> = {}, more: Partial<SslChecker> = {}): SslChecker {
  const url: HttpUrl = { loc, path: '/', digest: undefined, statusCodes: [[200, 299]], virtualhost: undefined, regex: undefined, ...u };
  return { ...base, ...timing, kind: 'SSL_GET', connection: connection(port), httpProtocol: '1.0', virtualhost: undefined, enableSni: false, fastRecovery: false, urls: [url], ...more };
}

/** A TLS server answering `response` (or nothing); records each client's SNI name. */
async function tlsServer(response: string | undefined) {
  const names: (string | false | null)[] = [];
  const server = createServer({ key, cert }, (socket: TLSSocket) => {
    names.push(socket.servername);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (response !== undefined) socket.end(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    names,
    close: () => new Promise<void>((resolve) => server.close(() => { resolve(); })),
  };
}

describe('SSL_GET', () => {
  it('is up over TLS with a self-signed certificate when status and digest match; no SNI by default', async () => {
    const body = 'secure hello';
    const server = await tlsServer(`HTTP/1.0 200 OK\r\n\r\n${body}`);
    try {
      const digest = createHash('md5').update(body).digest('hex');
      assert.deepEqual(await runProbe(targetFor(sslGet(server.port, { digest }, { virtualhost: 'www.example.com' }))), { ok: true, detail: '' });
      assert.deepEqual(server.names, [false]);
      const wrong = await runProbe(targetFor(sslGet(server.port, { digest: createHash('md5').update('other').digest('hex') })));
      assert.equal(wrong.detail, `MD5 digest error to server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('sends SNI with enable_sni: the url virtualhost, else the checker one', async () => {
    const server = await tlsServer('HTTP/1.0 200 OK\r\n\r\nok');
    try {
      assert.equal((await runProbe(targetFor(sslGet(server.port, {}, { enableSni: true, virtualhost: 'www.example.com' })))).ok, true);
      assert.equal((await runProbe(targetFor(sslGet(server.port, { virtualhost: 'url.example.com' }, { enableSni: true, virtualhost: 'www.example.com' })))).ok, true);
      assert.deepEqual(server.names, ['www.example.com', 'url.example.com']);
    } finally {
      await server.close();
    }
  });

  it('a wrong status over TLS fails like HTTP_GET', async () => {
    const server = await tlsServer('HTTP/1.0 500 Internal Server Error\r\n\r\noops');
    try {
      assert.equal((await runProbe(targetFor(sslGet(server.port)))).detail, `HTTP status code error to server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('a server that is not TLS fails the handshake', async () => {
    const server = await tcpServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.0 400 Bad Request\r\n\r\nnot tls'));
    });
    try {
      assert.deepEqual(await runProbe(targetFor(sslGet(server.port))), { ok: false, detail: `SSL handshake/communication error connecting to server [127.0.0.1]:tcp:${server.port}.` });
    } finally {
      await server.close();
    }
  });

  it('a server that never does the handshake times out connecting', async () => {
    const server = await tcpServer(() => undefined);
    try {
      assert.equal((await runProbe(targetFor(sslGet(server.port)))).detail, `Timeout connecting server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('a TLS server that never answers the GET times out reading', async () => {
    const server = await tlsServer(undefined);
    try {
      assert.equal((await runProbe(targetFor(sslGet(server.port)))).detail, `Timeout SSL read server [127.0.0.1]:tcp:${server.port}.`);
    } finally {
      await server.close();
    }
  });

  it('loads the SSL block files, and says which one it could not load', async () => {
    const server = await tlsServer('HTTP/1.0 200 OK\r\n\r\nok');
    try {
      const withCert = targetFor(sslGet(server.port), { ssl: { loc, certificateFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem'), caFile: join(dir, 'cert.pem') } });
      assert.equal((await runProbe(withCert)).ok, true);
      const missing = targetFor(sslGet(server.port), { ssl: { loc, keyFile: join(dir, 'nope.pem') } });
      assert.deepEqual(await runProbe(missing), { ok: false, detail: 'SSL error : Cant load key file...' });
    } finally {
      await server.close();
    }
  });
});
