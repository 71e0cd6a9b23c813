// SSL_GET's TLS client as keepalived sets it up (check_ssl.c build_ssl_ctx, ssl_connect): the
// root SSL block's certificate, key, password and CA are loaded, but the server's certificate is
// never verified (keepalived never calls SSL_CTX_set_verify, so OpenSSL's default VERIFY_NONE
// holds); SNI is sent only with enable_sni, naming the url's, else the checker's virtual host.
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import type { Checker, HttpUrl, SslConfig } from '../../core/config/lvs/model.js';
import { virtualHostOf } from './http-message.js';

type HttpChecker = Extract<Checker, { kind: 'HTTP_GET' | 'SSL_GET' }>;

/** What a failed load says (keepalived's words at start-up, where it fails the same way). */
export type TlsMaterial = { readonly ok: true; readonly options: ConnectionOptions } | { readonly ok: false; readonly detail: string };

async function load(path: string, detail: string): Promise<Buffer | string> {
  try {
    return await readFile(path);
  } catch {
    return detail;
  }
}

export async function tlsMaterial(ssl: SslConfig | undefined): Promise<TlsMaterial> {
  // Never verify: the default VERIFY_NONE of keepalived's context, even when `ca` is given.
  const options: ConnectionOptions = { rejectUnauthorized: false };
  if (ssl === undefined) return { ok: true, options };
  const parts: [keyof ConnectionOptions, string | undefined, string][] = [
    ['cert', ssl.certificateFile, 'SSL error : Cant load certificate file...'],
    ['key', ssl.keyFile, 'SSL error : Cant load key file...'],
    ['ca', ssl.caFile, 'SSL error : Cant load CA file...'],
  ];
  const loaded: Record<string, Buffer> = {};
  for (const [name, path, detail] of parts) {
    if (path === undefined) continue;
    const content = await load(path, detail);
    if (typeof content === 'string') return { ok: false, detail: content };
    loaded[name] = content;
  }
  return { ok: true, options: { ...options, ...loaded, ...(ssl.password === undefined ? {} : { passphrase: ssl.password }) } };
}

/** The SNI name, or undefined for none (check_ssl.c ssl_connect). */
export function sniName(checker: HttpChecker, url: HttpUrl): string | undefined {
  return checker.enableSni ? virtualHostOf(checker, url) : undefined;
}
