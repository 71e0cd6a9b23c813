// Everything one probe needs to know, looked up by the runtime from the running configuration.
import type { Checker, RealServer, SslConfig, VirtualServer } from '../../core/config/lvs/model.js';

export interface CheckTarget {
  readonly checker: Checker;
  /** The server probed; its label ("[10.0.0.11]:tcp:80") is keepalived's FMT_CHK in messages. */
  readonly realServer: RealServer;
  readonly virtualServer: VirtualServer;
  /** The root `SSL { }` block: SSL_GET's client certificate, key, password and CA. */
  readonly ssl?: SslConfig | undefined;
  /** FILE_CHECK: the `file` of the track_file the checker names (global track_file blocks). */
  readonly trackFilePath?: string | undefined;
  /** MISC_CHECK without its own `user`: script_user (else keepalived_script, else root). */
  readonly scriptUser?: { readonly user: string; readonly group?: string | undefined } | undefined;
}

/** Milliseconds for Node's timers from the model's microseconds (connect_timeout, misc_timeout). */
export function millis(micros: number): number {
  return Math.max(0, Math.round(micros / 1000));
}

/** keepalived's inet_sockaddrtopair: "[10.0.0.11]:25" (IPv6 the same, in brackets). */
export function addressPair(address: string, port: number): string {
  return `[${address}]:${port}`;
}
