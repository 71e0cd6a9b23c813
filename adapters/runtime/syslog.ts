// keepalived logs through syslog(3): LOG_DAEMON unless -S picks local0..7, ident Keepalived_vrrp
// (or Keepalived_healthcheckers for the checker process). Vigil writes the same datagrams to
// /dev/log itself (glibc's format, RFC 3164 style), so journalctl -t Keepalived_vrrp and rsyslog
// rules written for keepalived keep matching.
import type { LogLevel } from '../../core/events/index.js';

export const SYSLOG_SOCKET = '/dev/log';
export const LOG_DAEMON = 3 << 3;
const LOG_LOCAL0 = 16 << 3;

const PRIORITY: Readonly<Record<LogLevel, number>> = { error: 3, warning: 4, info: 6, debug: 7 };

/**
 * keepalived's `-S/--log-facility`: 0..7 mean local0..local7, and the names daemon, user and
 * local0..local7 are accepted. undefined when it is none of these.
 */
export function logFacility(option: string): number | undefined {
  if (/^[0-7]$/.test(option)) return LOG_LOCAL0 + (Number(option) << 3);
  const local = /^local([0-7])$/.exec(option);
  if (local !== null) return LOG_LOCAL0 + (Number(local[1]) << 3);
  if (option === 'daemon') return LOG_DAEMON;
  if (option === 'user') return 1 << 3;
  return undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** glibc's syslog(3) datagram: "<PRI>Mmm dd hh:mm:ss IDENT[PID]: MESSAGE", local time. */
export function syslogDatagram(at: Date, facility: number, level: LogLevel, ident: string, pid: number, message: string): string {
  const stamp = `${MONTHS[at.getMonth()] ?? ''} ${String(at.getDate()).padStart(2, ' ')} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  return `<${facility | PRIORITY[level]}>${stamp} ${ident}[${pid}]: ${message}`;
}

export interface SyslogOptions {
  readonly ident: string;
  readonly facility: number;
  /** Sends one datagram; throws when it cannot (no log daemon, its queue full). */
  readonly send: (datagram: Buffer) => void;
  readonly now?: () => Date;
}

/** Writes log lines to syslog; lines it cannot deliver are counted, never thrown. */
export class SyslogWriter {
  private lostLines = 0;
  private readonly options: SyslogOptions;

  constructor(options: SyslogOptions) {
    this.options = options;
  }

  get lost(): number {
    return this.lostLines;
  }

  write(level: LogLevel, message: string): void {
    const { ident, facility, send, now = () => new Date() } = this.options;
    try {
      send(Buffer.from(syslogDatagram(now(), facility, level, ident, process.pid, message)));
    } catch {
      this.lostLines++;
    }
  }
}
