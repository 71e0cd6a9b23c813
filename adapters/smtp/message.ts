// What goes on the wire for one alert: the envelope addresses and the DATA text, as keepalived's
// smtp.c writes them (mail_cmd, rcpt_cmd, body_cmd).
import type { SendMail } from '../../core/events/index.js';

/**
 * An address as MAIL FROM / RCPT TO take it. keepalived (smtp.c mail_cmd, rcpt_cmd): a configured
 * address ending in '>' that holds a '<' ("Ops <ops@example.com>") is sent from its last '<'; any
 * other is wrapped in <>. Throws on CR or LF, which would end the command early.
 */
export function envelopeAddress(address: string): string {
  if (/[\r\n]/.test(address)) throw new Error('SMTP: invalid address (line break)');
  const start = address.lastIndexOf('<');
  if (address.endsWith('>') && start >= 0) return address.slice(start);
  return `<${address}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * keepalived's Date header: strftime "%a, %d %b %Y %H:%M:%S %z" of localtime (smtp.c body_cmd),
 * e.g. "Mon, 01 Mar 2021 09:44:08 +0000" — an RFC 5322 date in the local zone, C-locale names.
 */
export function rfc5322Date(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  const day = DAYS[date.getDay()] ?? '';
  const month = MONTHS[date.getMonth()] ?? '';
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${day}, ${two(date.getDate())} ${month} ${date.getFullYear()} ${time} ${zone}`;
}

/** A header value on one line: a line break in it would start another header. */
function headerValue(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/**
 * Everything sent after DATA's 354, up to and including the terminating "\r\n.\r\n". keepalived's
 * body_cmd: Date, From, Subject, "X-Mailer: Keepalived" (kept: mail filters match on it), then To
 * with one recipient per folded line ("To: a,\r\n b"), a blank line, the body, "\r\n", and
 * "\r\n.\r\n" — so the body is followed by one empty line. Unlike keepalived, body lines are
 * CRLF-normalised and dot-stuffed (RFC 5321 §4.5.2), and nothing is cut at 1024 bytes.
 */
export function messageData(mail: SendMail, date: Date): string {
  const to = mail.to.map((address, i) => `${i === 0 ? '' : ',\r\n'} ${headerValue(address)}`).join('');
  const headers =
    `Date: ${rfc5322Date(date)}\r\n` +
    `From: ${headerValue(mail.from)}\r\n` +
    `Subject: ${headerValue(mail.subject)}\r\n` +
    'X-Mailer: Keepalived\r\n' +
    `To:${to}\r\n` +
    '\r\n';
  const body = mail.body
    .split(/\r\n|\r|\n/)
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');
  return `${headers}${body}\r\n\r\n.\r\n`;
}
