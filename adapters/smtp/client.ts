// One alert through an SMTP server on node:net, in keepalived's dialogue order (keepalived/core/
// smtp.c SMTP_FSM): banner 220, HELO 250, MAIL FROM 250, RCPT TO 250 for each recipient, DATA 354,
// headers + body + "." 250, QUIT 221. Every reply is waited for with smtp_connect_timeout, as
// keepalived re-arms smtp_connection_to for each read. Never throws: the promise resolves once the
// server accepted the message, or rejects with an Error whose message says what went wrong
// ("SMTP: connection refused", "SMTP: 550 reply to RCPT TO (No such user)"), and only after its
// connection is closed.
import { connect, type Socket } from 'node:net';
import type { SendMail } from '../../core/events/index.js';
import { envelopeAddress, messageData } from './message.js';
import { ReplyParser, type SmtpReply } from './replies.js';

export interface SendOptions {
  /** The wall clock, for the Date header. */
  readonly now?: () => Date;
}

export async function sendMail(mail: SendMail, options: SendOptions = {}): Promise<void> {
  if (mail.to.length === 0) throw new Error('SMTP: no recipients');
  if (/[\r\n]/.test(mail.helo)) throw new Error('SMTP: invalid HELO name (line break)');
  const from = envelopeAddress(mail.from);
  const recipients = mail.to.map(envelopeAddress);
  // At least 1 ms: keepalived's smallest is 1 s, but a zero timer would fire before any reply.
  const timeoutMs = Math.max(1, Math.ceil(mail.connectTimeoutMicros / 1000));
  const session = await SmtpSession.open(mail.server, mail.port, timeoutMs);
  try {
    await session.expect('banner', 220);
    await session.command(`HELO ${mail.helo}`, 'HELO', 250);
    await session.command(`MAIL FROM:${from}`, 'MAIL FROM', 250);
    // "We send RCPT TO command multiple time to add all our email receivers" (smtp.c rcpt_cmd).
    for (const to of recipients) await session.command(`RCPT TO:${to}`, 'RCPT TO', 250);
    await session.command('DATA', 'DATA', 354);
    session.write(messageData(mail, (options.now ?? (() => new Date()))()));
    await session.expect('reply to end of data', 250);
  } catch (err) {
    // keepalived sends QUIT after any unexpected reply or read timeout too.
    await session.quit();
    throw err;
  }
  await session.quit();
}

interface Waiter {
  readonly step: string;
  readonly resolve: (reply: SmtpReply) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** A connected socket, read as a sequence of replies. */
class SmtpSession {
  private readonly parser = new ReplyParser();
  private readonly replies: SmtpReply[] = [];
  /** Why the stream can give no more replies: "connection closed", "ECONNRESET", a parse error. */
  private broken: string | undefined;
  private waiter: Waiter | undefined;
  private quitting = false;
  /** A reply did not come in time: a QUIT would not be answered either. */
  private timedOut = false;
  private readonly socket: Socket;
  private readonly timeoutMs: number;

  private constructor(socket: Socket, timeoutMs: number) {
    this.socket = socket;
    this.timeoutMs = timeoutMs;
    // StringDecoder: a UTF-8 character split across two reads still decodes whole.
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => {
      this.onData(chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.fail(err.code ?? err.message);
    });
    socket.on('close', () => {
      this.fail('connection closed');
    });
  }

  /** Connects within `timeoutMs`; rejects with the reason keepalived would log it for. */
  static open(host: string, port: number, timeoutMs: number): Promise<SmtpSession> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const onError = (err: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(connectFailure(err, host)));
      };
      const timer = setTimeout(() => {
        socket.off('error', onError);
        socket.on('error', () => undefined);
        socket.destroy();
        reject(new Error('SMTP: timeout connecting'));
      }, timeoutMs);
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(new SmtpSession(socket, timeoutMs));
      });
    });
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text, 'utf8');
  }

  /** Sends `line` and waits for its reply. */
  command(line: string, name: string, expected: number): Promise<SmtpReply> {
    this.write(`${line}\r\n`);
    return this.expect(`reply to ${name}`, expected);
  }

  /** The next reply, which must carry `expected`; `step` names it in the error. */
  async expect(step: string, expected: number): Promise<SmtpReply> {
    const reply = await this.next(step);
    if (reply.code !== expected) {
      const text = reply.text === '' ? '' : ` (${reply.text.slice(0, 120)})`;
      throw new Error(`SMTP: ${reply.code} ${step}${text}`);
    }
    return reply;
  }

  /**
   * QUIT, then close: resolves once the connection is closed, so the next mail of the queue never
   * overlaps this one. keepalived expects 221 but the message is already accepted (or already
   * failed), so any reply, a close, or the step timeout ends it. After a timeout nothing is waited
   * for: a server that stopped answering gets its QUIT and the connection is dropped.
   */
  quit(): Promise<void> {
    if (this.quitting) return Promise.resolve();
    this.quitting = true;
    if (this.broken !== undefined || this.socket.destroyed) {
      this.socket.destroy();
      return Promise.resolve();
    }
    this.socket.write('QUIT\r\n');
    if (this.timedOut) {
      this.socket.end();
      this.socket.unref();
      setTimeout(() => this.socket.destroy(), this.timeoutMs).unref();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), this.timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private next(step: string): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.broken !== undefined) return Promise.reject(new Error(`SMTP: ${this.broken} waiting for ${step}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.timedOut = true;
        reject(new Error(`SMTP: timeout waiting for ${step}`));
      }, this.timeoutMs);
      this.waiter = { step, resolve, reject, timer };
    });
  }

  private onData(chunk: string): void {
    const parsed = this.parser.push(chunk);
    if (parsed instanceof Error) {
      this.fail(parsed.message.replace(/^SMTP: /, ''));
      this.socket.destroy();
      return;
    }
    if (this.quitting) {
      // The 221 (or anything): done; the server closes too, and 'close' ends quit().
      if (parsed.length > 0) this.socket.end();
      return;
    }
    this.replies.push(...parsed);
    const waiter = this.waiter;
    const reply = this.replies.shift();
    if (waiter === undefined || reply === undefined) {
      if (reply !== undefined) this.replies.unshift(reply);
      return;
    }
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(reply);
  }

  private fail(reason: string): void {
    this.broken ??= reason;
    const waiter = this.waiter;
    if (waiter === undefined) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(new Error(`SMTP: ${this.broken} waiting for ${waiter.step}`));
  }
}

function connectFailure(err: NodeJS.ErrnoException, host: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'SMTP: connection refused';
    case 'ETIMEDOUT':
      return 'SMTP: timeout connecting';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `SMTP: cannot resolve ${host}`;
    default:
      return `SMTP: cannot connect (${err.code ?? err.message})`;
  }
}
