// One smtp_alert mail as a SendMail effect, from global_defs (keepalived/core/smtp.c smtp_alert();
// reference keepalived.md §1.8, §3.4). Pure: the adapter adds the headers, the Date and the dialogue.
import type { KeepalivedConfig } from '../config/model.js';
import type { SendMail } from '../events/index.js';

/**
 * keepalived/include/smtp.h: MAX_HEADERS_LENGTH 256 and MAX_BODY_LENGTH 512 are C buffers, so the
 * subject (snprintf) and the body (strncpy, then NUL at 511) keep one byte less.
 */
export const MAX_SUBJECT_BYTES = 255;
export const MAX_BODY_BYTES = 511;

/** `[router_id] ` — every subject smtp_alert() formats starts with the router_id in brackets. */
export function subjectPrefix(config: KeepalivedConfig): string {
  return `[${config.global.routerId}]`;
}

/**
 * The mail smtp_alert() would send, or undefined where it returns early: "Only send mail if email
 * specified" — no notification_email or no smtp_server. Subject and body are cut to keepalived's
 * buffer sizes; keepalived cuts bytes, here the cut never splits a UTF-8 character.
 */
export function alertMail(config: KeepalivedConfig, subject: string, body: string): SendMail | undefined {
  const g = config.global;
  if (g.smtpServer === undefined || g.notificationEmails.length === 0) return undefined;
  return {
    kind: 'SendMail',
    server: g.smtpServer.host,
    port: g.smtpServer.port,
    helo: g.smtpHeloName,
    from: g.notificationEmailFrom,
    to: g.notificationEmails.map((e) => e.address),
    subject: truncateUtf8(subject, MAX_SUBJECT_BYTES),
    body: truncateUtf8(body, MAX_BODY_BYTES),
    connectTimeoutMicros: g.smtpConnectTimeoutMicros,
  };
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes` (whole code points only). */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) return text.slice(0, end);
    bytes += size;
    end += ch.length;
  }
  return text;
}
