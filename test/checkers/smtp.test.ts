// SMTP_CHECK against a real SMTP server (smtp-server) and against scripted loopback servers for
// each failure: wrong banner, wrong HELO answer, silence, refusal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import type { Checker } from '../../core/config/lvs/model.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, closedPort, connection, targetFor, tcpServer, timing } from './support.js';

function smtpCheck(port: number, heloName = 'smtpchecker.keepalived.org'): Checker {
  return { ...base, ...timing, kind: 'SMTP_CHECK', connection: connection(port), heloName };
}

/** Answers each line the client sends with the next reply; records the lines. */
async function scriptedServer(banner: string | undefined, replies: string[]) {
  const lines: string[] = [];
  const server = await tcpServer((socket) => {
    if (banner !== undefined) socket.write(banner);
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        lines.push(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
        const reply = replies.shift();
        if (reply !== undefined) socket.write(reply);
      }
    });
  });
  return { ...server, lines };
}

describe('SMTP_CHECK', () => {
  it('is up against a real SMTP server: 220 greeting, HELO answered 250, QUIT', async () => {
    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const address = smtp.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      assert.deepEqual(await runProbe(targetFor(smtpCheck(address.port))), { ok: true, detail: '' });
    } finally {
      await new Promise<void>((resolve) => {
        smtp.close(resolve);
      });
    }
  });

  it('says HELO with helo_name, then QUIT', async () => {
    const server = await scriptedServer('220 mx.example.com ESMTP\r\n', ['250 mx.example.com\r\n', '221 bye\r\n']);
    try {
      assert.equal((await runProbe(targetFor(smtpCheck(server.port, 'checker.example.org')))).ok, true);
      assert.deepEqual(server.lines, ['HELO checker.example.org', 'QUIT']);
    } finally {
      await server.close();
    }
  });

  it('a greeting other than 220 fails', async () => {
    const server = await scriptedServer('554 no service here\r\n', []);
    try {
      assert.deepEqual(await runProbe(targetFor(smtpCheck(server.port))), { ok: false, detail: `SMTP_CHECK Bad greeting banner from server [127.0.0.1]:${server.port}` });
    } finally {
      await server.close();
    }
  });

  it('a multi-line 220- greeting fails, as keepalived reads only its first line', async () => {
    const server = await scriptedServer('220-mx.example.com hello\r\n220 more\r\n', ['250 ok\r\n', '221 bye\r\n']);
    try {
      assert.equal((await runProbe(targetFor(smtpCheck(server.port)))).detail, `SMTP_CHECK Bad greeting banner from server [127.0.0.1]:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('a HELO answered other than 250 fails', async () => {
    const server = await scriptedServer('220 mx ESMTP\r\n', ['502 go away\r\n']);
    try {
      assert.equal((await runProbe(targetFor(smtpCheck(server.port)))).detail, `SMTP_CHECK Bad HELO response from server [127.0.0.1]:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('a server that never greets times out reading', async () => {
    const server = await scriptedServer(undefined, []);
    try {
      assert.equal((await runProbe(targetFor(smtpCheck(server.port)))).detail, `SMTP_CHECK Read timeout from server [127.0.0.1]:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('a server that hangs up instead of answering QUIT fails reading', async () => {
    const server = await tcpServer((socket) => {
      socket.write('220 mx ESMTP\r\n');
      socket.on('data', (chunk: Buffer) => {
        if (chunk.toString().startsWith('HELO')) socket.write('250 mx\r\n');
        else socket.end();
      });
    });
    try {
      assert.equal((await runProbe(targetFor(smtpCheck(server.port)))).detail, `SMTP_CHECK Read failure from server [127.0.0.1]:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('a refused connection fails', async () => {
    const port = await closedPort();
    assert.deepEqual(await runProbe(targetFor(smtpCheck(port))), { ok: false, detail: `SMTP_CHECK Could not connect to server [127.0.0.1]:${port}` });
  });
});
