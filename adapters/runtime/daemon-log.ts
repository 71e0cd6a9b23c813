// Where the daemon's log lines go, as keepalived decides it: syslog (LOG_DAEMON, or -S's
// facility) unless -G, and the console with -l, each console line prefixed with the time.
import type { LogLevel } from '../../core/events/index.js';
import { SyslogWriter } from './syslog.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * keepalived's console line: "Sun Nov 22 02:00:00 2026: (VI_1) Entering MASTER STATE". Names from
 * tables, not toLocaleDateString: that built Intl formatters per line (~80 µs each, and hundreds
 * of MB of RSS for 30,000 start-up lines of a 10,000-server config).
 */
export function consoleLine(message: string, d: Date = new Date()): string {
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return `${DAYS[d.getDay()] ?? ''} ${MONTHS[d.getMonth()] ?? ''} ${String(d.getDate()).padStart(2, ' ')} ${time} ${d.getFullYear()}: ${message}\n`;
}

export interface DaemonLogOptions {
  readonly console: boolean;
  readonly syslog?: SyslogWriter;
  readonly stdout?: (text: string) => void;
}

export type DaemonLog = (message: string, level?: LogLevel) => void;

export function daemonLog(options: DaemonLogOptions): DaemonLog {
  const stdout = options.stdout ?? ((text: string) => { process.stdout.write(text); });
  return (message, level = 'info') => {
    if (options.console) stdout(consoleLine(message));
    options.syslog?.write(level, message);
  };
}
