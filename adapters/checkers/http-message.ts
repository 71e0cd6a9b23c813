// The bytes of HTTP_GET / SSL_GET as keepalived writes and reads them (check_http.c
// http_request_thread, html.c): pure functions, so the quirks are visible and testable.
import type { Checker, HttpRegex, HttpUrl, SocketAddress } from '../../core/config/lvs/model.js';

type HttpChecker = Extract<Checker, { kind: 'HTTP_GET' | 'SSL_GET' }>;

/** check_http.h MAX_BUFFER_LENGTH: the status line and headers must end within this many bytes. */
export const MAX_HEADER_BYTES = 4096 - 1;

/** HTTP_STATUS_CODE_MIN / _MAX: a status outside is never accepted. */
const STATUS_MIN = 100;
const STATUS_MAX = 599;

/** The Host keepalived names: url virtualhost, else the checker's (cascaded from RS and VS). */
export function virtualHostOf(checker: HttpChecker, url: HttpUrl): string | undefined {
  return url.virtualhost ?? checker.virtualhost;
}

/**
 * request_template: "GET path HTTP/1.x", keepalived's User-Agent, `Connection: close` for 1.0C and
 * 1.1, and Host = the virtual host (no port) or the address:port connected to (IPv6 bracketed).
 */
export function httpRequest(checker: HttpChecker, url: HttpUrl, destination: SocketAddress): string {
  const vhost = virtualHostOf(checker, url);
  const minor = checker.httpProtocol === '1.1' ? 1 : 0;
  const close = checker.httpProtocol === '1.0' ? '' : 'Connection: close\r\n';
  let host: string;
  if (vhost !== undefined) host = vhost;
  else if (destination.family === 'inet6') host = `[${destination.address}]:${destination.port}`;
  else host = `${destination.address}:${destination.port}`;
  return `GET ${url.path} HTTP/1.${minor}\r\nUser-Agent: KeepAliveClient\r\n${close}Host: ${host}\r\n\r\n`;
}

/** extract_html: the offset just past the first CRLFCRLF, or -1 while the headers are incomplete. */
export function headerEnd(buffer: Buffer): number {
  const at = buffer.indexOf('\r\n\r\n');
  return at < 0 ? -1 : at + 4;
}

/**
 * extract_status_code: the three digits after the first space of the status line, which must be
 * followed by a space ("HTTP/1.1 200\r\n" without a reason phrase gives 0, as in keepalived).
 */
export function statusCodeOf(header: Buffer): number {
  const text = header.toString('latin1');
  let i = 0;
  while (i < text.length && text[i] !== ' ' && text[i] !== '\r') i++;
  if (text[i] !== ' ') return 0;
  i++;
  if (i + 3 >= text.length || text[i] === ' ' || text[i + 3] !== ' ') return 0;
  const digits = text.slice(i, i + 3);
  return /^\d{3}$/.test(digits) ? Number(digits) : 0;
}

/** The url's status_code set (default 200-299), within 100..599. */
export function acceptsStatus(url: HttpUrl, status: number): boolean {
  if (status < STATUS_MIN || status > STATUS_MAX) return false;
  return url.statusCodes.some(([low, high]) => status >= low && status <= high);
}

/** PCRE2 options with a JavaScript flag; keepalived's others have no equivalent (see README). */
const FLAGS: Readonly<Record<string, string>> = { caseless: 'i', multiline: 'm', dotall: 's', utf: 'u' };

export type RegexVerdict = { readonly ok: true } | { readonly ok: false; readonly invalid?: string };

/**
 * The url's regex against the body (check_regex): a match must start at or after regex_min_offset
 * and at or before regex_max_offset; with regex_no_match a match is the failure.
 */
export function regexVerdict(regex: HttpRegex, body: Buffer): RegexVerdict {
  const flags = regex.options.map((o) => FLAGS[o] ?? '').join('');
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex.pattern, `${flags}g`);
  } catch (err) {
    return { ok: false, invalid: err instanceof Error ? err.message : String(err) };
  }
  const subject = body.toString(flags.includes('u') ? 'utf8' : 'latin1');
  pattern.lastIndex = regex.minOffset;
  const match = pattern.exec(subject);
  const matched = match !== null && (regex.maxOffset === undefined || match.index <= regex.maxOffset);
  return matched === regex.noMatch ? { ok: false } : { ok: true };
}
