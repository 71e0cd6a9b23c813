// Each checker's verdict lines, in keepalived's words (check_tcp.c tcp_epilog, check_udp.c
// udp_epilog, check_ping.c icmp_epilog, check_smtp.c smtp_final, check_http.c epilog).
import type { LaunchedChecker } from './state.js';

export interface VerdictPhrases {
  /** Logged when a success brings the checker up (or is its first result). */
  readonly success: ((rs: string) => string) | undefined;
  /** Logged when failures bring it down; `retries` is undefined for "failed." without a count. */
  readonly failed: ((rs: string, vs: string, retries: number | undefined) => string) | undefined;
}

function failedLine(prefix: string): VerdictPhrases['failed'] {
  return (rs, _vs, retries) =>
    retries === undefined ? `${prefix} on service ${rs} failed.` : `${prefix} on service ${rs} failed after ${retries} retries.`;
}

const TCP: VerdictPhrases = { success: (rs) => `TCP connection to ${rs} success.`, failed: failedLine('TCP_CHECK') };
const UDP: VerdictPhrases = { success: (rs) => `UDP connection to ${rs} success.`, failed: failedLine('UDP_CHECK') };
const PING: VerdictPhrases = {
  success: (rs) => `ICMP connection to ${rs} success.`,
  failed: (rs, vs, retries) =>
    retries === undefined ? `ICMP CHECK on service ${rs} failed.` : `ICMP CHECK on service ${rs} of ${vs} failed after ${retries} retries.`,
};
const HTTP: VerdictPhrases = { success: (rs) => `Remote Web server ${rs} succeed on service.`, failed: failedLine('HTTP_CHECK') };
// smtp_final and dns_final log the failure's own reason (the CheckResult detail), no verdict line.
const SMTP: VerdictPhrases = { success: (rs) => `Remote SMTP server ${rs} succeed on service.`, failed: undefined };
const DNS: VerdictPhrases = { success: undefined, failed: undefined };
const NONE: VerdictPhrases = { success: undefined, failed: undefined };

export function verdictPhrases(kind: LaunchedChecker['kind']): VerdictPhrases {
  switch (kind) {
    case 'TCP_CHECK':
      return TCP;
    case 'UDP_CHECK':
      return UDP;
    case 'PING_CHECK':
      return PING;
    case 'HTTP_GET':
    case 'SSL_GET':
      return HTTP;
    case 'SMTP_CHECK':
      return SMTP;
    case 'DNS_CHECK':
      return DNS;
    case 'MISC_CHECK':
      return NONE;
  }
}

/**
 * Whether a failed attempt's own line (CheckResult.detail, e.g. "TCP connection to [ip]:tcp:80
 * timedout.") is logged: while the checker is up, with log_all_failures or
 * checker_log_all_failures; dns_final logs it whenever the checker is up.
 */
export function logsAttempt(checker: LaunchedChecker, isUp: boolean): boolean {
  return isUp && (checker.logAllFailures || checker.kind === 'DNS_CHECK');
}
