// TCP_CHECK against real loopback sockets: up on connect, refused, connect timeout, and the
// connection options (connect_ip/connect_port, bindto/bind_port) really used.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Checker } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, blackholePort, closedPort, connection, realServer, targetFor, tcpServer, timed, timing } from './support.js';

function tcpCheck(port: number, options: Parameters<typeof connection>[1] = {}): Checker {
  return { ...base, ...timing, kind: 'TCP_CHECK', connection: connection(port, options) };
}

describe('TCP_CHECK', () => {
  it('is up when the connection is established, and closes it', async () => {
    let closedByChecker = false;
    const server = await tcpServer((socket) => {
      socket.on('end', () => {
        closedByChecker = true;
      });
    });
    try {
      assert.deepEqual(await runProbe(targetFor(tcpCheck(server.port))), { ok: true, detail: '' });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(closedByChecker, true);
    } finally {
      await server.close();
    }
  });

  it('a refused connection fails in keepalived words', async () => {
    const port = await closedPort();
    assert.deepEqual(await runProbe(targetFor(tcpCheck(port))), { ok: false, detail: `TCP connection to [127.0.0.1]:tcp:${port} failed.` });
  });

  it('a SYN nobody answers times out after connect_timeout', async () => {
    const hole = await blackholePort();
    try {
      const { value, ms } = await timed(() => runProbe(targetFor(tcpCheck(hole.port, { connectTimeoutMicros: 300_000 }))));
      assert.deepEqual(value, { ok: false, detail: `TCP connection to [127.0.0.1]:tcp:${hole.port} timedout.` });
      assert.ok(ms >= 290 && ms < 2000, `took ${ms} ms`);
    } finally {
      hole.close();
    }
  });

  it('connects to connect_ip:connect_port, not the real server, and says the real server in messages', async () => {
    const server = await tcpServer(() => undefined);
    try {
      const checker = tcpCheck(server.port);
      // The real server itself is somewhere nothing listens; connect_ip/port point at our server.
      const rs = realServer('127.0.0.9', await closedPort());
      assert.equal((await runProbe(targetFor(checker, { realServer: rs }))).ok, true);
      const refused = tcpCheck(await closedPort());
      assert.equal((await runProbe(targetFor(refused, { realServer: rs }))).detail, `TCP connection to ${rs.label} failed.`);
    } finally {
      await server.close();
    }
  });

  it('binds to bindto:bind_port', async () => {
    const seen: { address: string | undefined; port: number | undefined }[] = [];
    const server = await tcpServer((socket) => {
      seen.push({ address: socket.remoteAddress, port: socket.remotePort });
    }, '0.0.0.0');
    const bindPort = await closedPort();
    try {
      const checker = tcpCheck(server.port, { bindAddress: { family: 'inet', address: '127.0.0.2', port: 0 }, bindPort });
      assert.equal((await runProbe(targetFor(checker))).ok, true);
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(seen, [{ address: '127.0.0.2', port: bindPort }]);
    } finally {
      await server.close();
    }
  });

  it('is cancelled by its AbortSignal, releasing the socket at once', async () => {
    const hole = await blackholePort();
    try {
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 50);
      const { value, ms } = await timed(() => runProbe(targetFor(tcpCheck(hole.port, { connectTimeoutMicros: 5_000_000 })), controller.signal));
      assert.deepEqual(value, { ok: false, detail: 'probe cancelled' });
      assert.ok(ms < 1000, `took ${ms} ms`);
    } finally {
      hole.close();
    }
  });
});
