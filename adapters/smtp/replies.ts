// SMTP replies out of what a server sends (RFC 5321 §4.2): "250-first\r\n250 last\r\n" is one
// reply. keepalived's smtp_read_thread does the same: lines with '-' after the code are skipped, the
// code comes from the last line. A bare "\n" ends a line too (keepalived waits for "\r\n").

export interface SmtpReply {
  readonly code: number;
  /** The text of every line, joined by a space. */
  readonly text: string;
}

/** keepalived reads into 1024 bytes; a line or reply this long is not an SMTP server talking. */
const MAX_PENDING = 64 * 1024;
const MAX_LINES = 1000;

export class ReplyParser {
  private pending = '';
  private lines: string[] = [];

  /**
   * Takes the next chunk of decoded text and returns the replies it completes, or an Error naming
   * what was wrong with the stream.
   */
  push(chunk: string): SmtpReply[] | Error {
    this.pending += chunk;
    const replies: SmtpReply[] = [];
    for (let end = this.pending.indexOf('\n'); end >= 0; end = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, end).replace(/\r$/, '');
      this.pending = this.pending.slice(end + 1);
      const match = /^(\d{3})([ -]|$)(.*)$/.exec(line);
      if (match === null) return new Error(`SMTP: malformed reply "${line.slice(0, 60)}"`);
      this.lines.push((match[3] ?? '').trim());
      if (match[2] === '-') {
        if (this.lines.length > MAX_LINES) return new Error('SMTP: reply too long');
        continue;
      }
      replies.push({ code: Number(match[1]), text: this.lines.filter((l) => l !== '').join(' ') });
      this.lines = [];
    }
    if (this.pending.length > MAX_PENDING) return new Error('SMTP: reply too long');
    return replies;
  }
}
