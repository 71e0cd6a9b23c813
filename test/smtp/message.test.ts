// What the SMTP client puts on the wire (keepalived smtp.c mail_cmd, rcpt_cmd, body_cmd).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { SendMail } from '../../core/events/index.js';
import { envelopeAddress, messageData, rfc5322Date } from '../../adapters/smtp/message.js';
import { ReplyParser } from '../../adapters/smtp/replies.js';

describe('envelopeAddress (smtp.c mail_cmd / rcpt_cmd)', () => {
  const cases: [string, string][] = [
    ['ops@example.com', '<ops@example.com>'],
    ['Ops <ops@example.com>', '<ops@example.com>'],
    ['"A <b>" <c@example.com>', '<c@example.com>'], // from the last '<'
    ['<ops@example.com>', '<ops@example.com>'],
    ['ops@example.com>', '<ops@example.com>>'], // ends in '>' but no '<': wrapped, as keepalived does
  ];
  for (const [configured, sent] of cases) {
    it(`${configured} → ${sent}`, () => {
      assert.equal(envelopeAddress(configured), sent);
    });
  }
  it('refuses a line break (it would end the command)', () => {
    assert.throws(() => envelopeAddress('a@example.com\r\nRCPT TO:<b@example.com>'), /SMTP: invalid address/);
  });
});

describe('rfc5322Date: strftime "%a, %d %b %Y %H:%M:%S %z" of localtime', () => {
  const savedTz = process.env['TZ'];
  after(() => {
    if (savedTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = savedTz;
  });
  const at = new Date(Date.UTC(2021, 2, 1, 20, 44, 8));
  const cases: [tz: string, text: string][] = [
    ['UTC', 'Mon, 01 Mar 2021 20:44:08 +0000'],
    ['Asia/Kolkata', 'Tue, 02 Mar 2021 02:14:08 +0530'],
    ['America/New_York', 'Mon, 01 Mar 2021 15:44:08 -0500'],
    ['Pacific/Chatham', 'Tue, 02 Mar 2021 10:29:08 +1345'],
  ];
  for (const [tz, text] of cases) {
    it(`TZ=${tz}`, () => {
      process.env['TZ'] = tz;
      assert.equal(rfc5322Date(at), text);
    });
  }
});

describe('messageData (smtp.c body_cmd)', () => {
  const mail: SendMail = {
    kind: 'SendMail',
    server: '127.0.0.1',
    port: 25,
    helo: 'lb1',
    from: 'Keepalived <ka@example.com>',
    to: ['ops@example.com', 'Pager <pager@example.com>'],
    subject: '[LB1] VRRP Instance VI_1 - Entering MASTER state',
    body: '=> VRRP Instance is now owning VRRP VIPs <=',
    connectTimeoutMicros: 1_000_000,
  };
  const date = new Date(Date.UTC(2021, 2, 1, 9, 44, 8));

  it('headers in keepalived\'s order, To folded one recipient a line, body, empty line, "."', () => {
    assert.equal(
      messageData(mail, date),
      `Date: ${rfc5322Date(date)}\r\n` +
        'From: Keepalived <ka@example.com>\r\n' +
        'Subject: [LB1] VRRP Instance VI_1 - Entering MASTER state\r\n' +
        'X-Mailer: Keepalived\r\n' +
        'To: ops@example.com,\r\n Pager <pager@example.com>\r\n' +
        '\r\n' +
        '=> VRRP Instance is now owning VRRP VIPs <=\r\n' +
        '\r\n.\r\n',
    );
  });

  it('dot-stuffs body lines and normalises line ends; header values stay on one line', () => {
    const data = messageData({ ...mail, subject: 'a\r\nBcc: x@example.com', body: 'one\n.two\r\n..three\rfour' }, date);
    assert.ok(data.includes('Subject: a Bcc: x@example.com\r\n'));
    assert.ok(data.endsWith('\r\n\r\none\r\n..two\r\n...three\r\nfour\r\n\r\n.\r\n'), JSON.stringify(data));
  });
});

describe('ReplyParser (smtp.c smtp_read_thread: the code of the last line)', () => {
  it('single, multi-line and split replies', () => {
    const parser = new ReplyParser();
    assert.deepEqual(parser.push('220 ready\r\n250-first\r\n250-'), [{ code: 220, text: 'ready' }]);
    assert.deepEqual(parser.push('second\r\n250 last\r'), []);
    assert.deepEqual(parser.push('\n354\r\n'), [
      { code: 250, text: 'first second last' },
      { code: 354, text: '' },
    ]);
  });
  it('a line that is not a reply', () => {
    assert.deepEqual(new ReplyParser().push('hello there\r\n'), new Error('SMTP: malformed reply "hello there"'));
  });
  it('a runaway line', () => {
    assert.deepEqual(new ReplyParser().push('2'.repeat(70_000)), new Error('SMTP: reply too long'));
  });
});
