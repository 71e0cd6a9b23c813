// Where the daemon's log lines go, as keepalived decides it: syslog (LOG_DAEMON, or -S's
// facility) unless -G, and the console with -l, each console line prefixed with the time.
import type { LogLevel } from '../../core/events/index.js';
import { SyslogWriter } from './syslog.js';

/** keepalived's console line: "Sun Nov 22 02:00:00 2026: (VI_1) Entering MASTER STATE". */
export function consoleLine(message: string, d: Date = new Date()): string {
  const day = d.toLocaleDateString('en-US', { weekday: 'short' });
  const month = d.toLocaleDateString('en-US', { month: 'short' });
  const time = d.toTimeString().slice(0, 8);
  return `${day} ${month} ${String(d.getDate()).padStart(2, ' ')} ${time} ${d.getFullYear()}: ${message}\n`;
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
