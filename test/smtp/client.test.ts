// The SMTP client against real servers on loopback (keepalived core/smtp.c dialogue).
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { SendMail } from '../../core/events/index.js';
import { sendMail } from '../../adapters/smtp/client.js';
import { rfc5322Date } from '../../adapters/smtp/message.js';
import { errorName } from '../../adapters/runtime/executors.js';
import { closedPort, startRawServer, startRealServer, type RealServer } from './servers.js';

const AT = new Date(Date.UTC(2024, 5, 30, 12, 0, 5));

function mailTo(port: number, changes: Partial<SendMail> = {}): SendMail {
  return {
    kind: 'SendMail',
    server: '127.0.0.1',
    port,
    helo: 'lb1.example.com',
    from: 'Keepalived <ka@example.com>',
    to: ['ops@example.com', 'Pager <pager@example.com>'],
    subject: '[LB1] VRRP Instance VI_1 - Entering MASTER state',
    body: '=> VRRP Instance is now owning VRRP VIPs <=',
    connectTimeoutMicros: 2_000_000,
    ...changes,
  };
}

/** The rejection's message, as the pipeline's EffectResult will carry it. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return errorName(err);
  }
  throw new Error('expected a rejection');
}

describe('sendMail to smtp-server', () => {
  let server: RealServer;
  before(async () => {
    server = await startRealServer({
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@')) callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
        else callback();
      },
    });
  });
  after(() => server.close());

  it('delivers with keepalived\'s envelope, HELO name, headers, subject and body', async () => {
    const before = server.mails.length;
    await sendMail(mailTo(server.port), { now: () => AT });
    assert.equal(server.mails.length, before + 1);
    const mail = server.mails.at(-1);
    assert.deepEqual(mail && { helo: mail.helo, from: mail.from, to: mail.to }, {
      helo: 'lb1.example.com',
      from: 'ka@example.com',
      to: ['ops@example.com', 'pager@example.com'],
    });
    assert.equal(
      mail?.data,
      `Date: ${rfc5322Date(AT)}\r\n` +
        'From: Keepalived <ka@example.com>\r\n' +
        'Subject: [LB1] VRRP Instance VI_1 - Entering MASTER state\r\n' +
        'X-Mailer: Keepalived\r\n' +
        'To: ops@example.com,\r\n Pager <pager@example.com>\r\n' +
        '\r\n' +
        // keepalived's "%s\r\n" then "\r\n.\r\n": the body is followed by one empty line.
        '=> VRRP Instance is now owning VRRP VIPs <=\r\n\r\n',
    );
  });

  it('dot-stuffing: body lines starting with "." arrive intact', async () => {
    await sendMail(mailTo(server.port, { body: '.\n.hidden\nlast' }), { now: () => AT });
    const data = server.mails.at(-1)?.data ?? '';
    assert.ok(data.endsWith('\r\n\r\n.\r\n.hidden\r\nlast\r\n\r\n'), JSON.stringify(data));
  });

  it('a 550 on RCPT TO rejects and delivers nothing', async () => {
    const before = server.mails.length;
    const reason = await failure(sendMail(mailTo(server.port, { to: ['nobody@example.com', 'ops@example.com'] })));
    assert.equal(reason, 'SMTP: 550 reply to RCPT TO (No such user)');
    assert.equal(server.mails.length, before);
  });
});

describe('sendMail failure modes', () => {
  it('connection refused', async () => {
    assert.equal(await failure(sendMail(mailTo(await closedPort()))), 'SMTP: connection refused');
  });

  it('a server that never sends its banner: the per-step timeout, without blocking the event loop', async () => {
    const silent = await startRawServer(undefined);
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    try {
      const reason = await failure(sendMail(mailTo(silent.port, { connectTimeoutMicros: 300_000 })));
      assert.equal(reason, 'SMTP: timeout waiting for banner');
      assert.ok(ticks >= 5, `timers ran ${ticks} times while the client waited`);
      // keepalived sends QUIT after a read timeout.
      await waitFor(() => silent.transcripts[0] === 'QUIT\r\n');
    } finally {
      clearInterval(ticker);
      await silent.close();
    }
  });

  it('a banner other than 220 rejects, then QUIT is sent', async () => {
    const busy = await startRawServer('554 go away\r\n', (line) => (line === 'QUIT' ? '221 bye\r\n' : undefined));
    try {
      assert.equal(await failure(sendMail(mailTo(busy.port))), 'SMTP: 554 banner (go away)');
      await waitFor(() => busy.transcripts[0] === 'QUIT\r\n');
    } finally {
      await busy.close();
    }
  });

  it('the server hangs up after the banner', async () => {
    const rude = await startRawServer('220 hi\r\n', () => null);
    try {
      assert.equal(await failure(sendMail(mailTo(rude.port))), 'SMTP: connection closed waiting for reply to HELO');
    } finally {
      await rude.close();
    }
  });

  it('a timeout in the middle of the dialogue names the step', async () => {
    const slow = await startRawServer('220 hi\r\n', (line) => (line.startsWith('HELO') ? '250 ok\r\n' : undefined));
    try {
      const reason = await failure(sendMail(mailTo(slow.port, { connectTimeoutMicros: 200_000 })));
      assert.equal(reason, 'SMTP: timeout waiting for reply to MAIL FROM');
    } finally {
      await slow.close();
    }
  });
});

describe('the dialogue byte for byte (keepalived SMTP_FSM order)', () => {
  it('banner, HELO, MAIL FROM, RCPT TO each, DATA, message and ".", QUIT; multi-line replies', async () => {
    const scripted = await startRawServer('220-mail.example.com ESMTP\r\n220 ready\r\n', (line) => {
      if (line === 'DATA') return '354 go ahead\r\n';
      if (line === 'QUIT') return '221 bye\r\n';
      if (line.startsWith('HELO')) return '250-hello\r\n250 nice to meet you\r\n';
      return '250 ok\r\n';
    });
    try {
      await sendMail(mailTo(scripted.port, { to: ['ops@example.com', 'Pager <pager@example.com>', 'third@example.com'] }), { now: () => AT });
      await waitFor(() => scripted.transcripts[0]?.endsWith('QUIT\r\n') === true);
      const transcript = scripted.transcripts[0] ?? '';
      const dataStart = transcript.indexOf('DATA\r\n') + 'DATA\r\n'.length;
      assert.equal(
        transcript.slice(0, dataStart),
        'HELO lb1.example.com\r\n' +
          'MAIL FROM:<ka@example.com>\r\n' +
          'RCPT TO:<ops@example.com>\r\n' +
          'RCPT TO:<pager@example.com>\r\n' +
          'RCPT TO:<third@example.com>\r\n' +
          'DATA\r\n',
      );
      assert.ok(transcript.endsWith('=> VRRP Instance is now owning VRRP VIPs <=\r\n\r\n.\r\nQUIT\r\n'), JSON.stringify(transcript));
      assert.ok(transcript.slice(dataStart).startsWith(`Date: ${rfc5322Date(AT)}\r\nFrom: Keepalived <ka@example.com>\r\n`));
    } finally {
      await scripted.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
