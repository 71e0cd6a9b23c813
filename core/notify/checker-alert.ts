// LVS smtp_alert mails: a real server going UP or DOWN after one of its checkers changed, a real
// server removed, a virtual server gaining or losing quorum (keepalived/check/check_*.c and
// ipwrapper.c smtp_alert calls; subjects from keepalived/core/smtp.c smtp_alert(); reference
// keepalived.md §3.4, §4.7). Pure.
import type { KeepalivedConfig } from '../config/model.js';
import type { RealServer, VirtualServer } from '../config/lvs/model.js';
import type { SendMail } from '../events/index.js';
import { alertMail, subjectPrefix, truncateUtf8 } from './mail.js';

/** What a checker concluded, in the terms its smtp_alert body needs. */
export type CheckerOutcome =
  | { readonly checker: 'HTTP_GET' | 'SSL_GET' | 'TCP_CHECK' | 'UDP_CHECK' | 'PING_CHECK' | 'DNS_CHECK'; readonly up: boolean }
  /**
   * `reason`: smtp_final()'s formatted text when the check failed, e.g. "Read timeout from server
   * [10.0.0.2]:tcp:25"; absent = keepalived's no-format failure.
   */
  | { readonly checker: 'SMTP_CHECK'; readonly up: boolean; readonly reason?: string }
  /** check_misc.c script_exit_type. */
  | { readonly checker: 'MISC_CHECK'; readonly result: 'succeeded' | 'failed' | 'timed out' }
  /** check_bfd.c: the bfd_instance name (evt->iname). */
  | { readonly checker: 'BFD_CHECK'; readonly bfd: string; readonly up: boolean };

/**
 * The body each checker passes to smtp_alert(SMTP_MSG_RS, ...), word for word (keepalived 2.2
 * sources; FILE_CHECK sends no mail: track_file.c only updates the checker state).
 */
export function checkerAlertBody(outcome: CheckerOutcome): string {
  switch (outcome.checker) {
    // check_http.c epilog() (SSL_GET shares it).
    case 'HTTP_GET':
    case 'SSL_GET':
      return outcome.up ? '=> CHECK succeed on service <=' : '=> CHECK failed on service : HTTP request failed <=';
    // check_tcp.c tcp_epilog().
    case 'TCP_CHECK':
      return `=> TCP CHECK ${outcome.up ? 'succeed' : 'failed'} on service <=`;
    // check_udp.c udp_epilog().
    case 'UDP_CHECK':
      return `=> UDP CHECK ${outcome.up ? 'succeed' : 'failed'} on service <=`;
    // check_ping.c icmp_epilog().
    case 'PING_CHECK':
      return `=> ICMP CHECK ${outcome.up ? 'succeed' : 'failed'} on service <=`;
    // check_dns.c dns_final().
    case 'DNS_CHECK':
      return `=> DNS_CHECK: ${outcome.up ? 'succeed' : 'failed'} on service <=`;
    // check_smtp.c smtp_final(): "=> CHECK failed on service : %s <=" into char smtp_buff[542].
    case 'SMTP_CHECK':
      if (outcome.up) return '=> CHECK succeed on service <=';
      if (outcome.reason === undefined) return '=> CHECK failed on service <=';
      return truncateUtf8(`=> CHECK failed on service : ${outcome.reason} <=`, 541);
    // check_misc.c misc_check_child_thread(): char message[40].
    case 'MISC_CHECK':
      return truncateUtf8(`=> MISC CHECK ${outcome.result} on service <=`, 39);
    // check_bfd.c bfd_check_handle_event(): char message[80].
    case 'BFD_CHECK':
      return truncateUtf8(`=> BFD CHECK ${outcome.bfd} ${outcome.up ? 'succeeded' : 'failed'} on service <=`, 79);
  }
}

/** One LVS event that keepalived may mail about. */
export type CheckerAlert =
  /**
   * A checker of `realServer` changed state (the caller calls only on a change: keepalived's
   * `checker_was_up` tests). `wasAlive` / `alive`: the real server before and after
   * update_svr_checker_state — the subject says UP/DOWN from `alive`, not from the checker.
   */
  | {
      readonly kind: 'realServer';
      readonly virtualServer: VirtualServer;
      readonly realServer: RealServer;
      readonly outcome: CheckerOutcome;
      readonly wasAlive: boolean;
      readonly alive: boolean;
    }
  /** ipwrapper.c clear_service_rs(): an alive, set real server removed (reload) or shut down. */
  | { readonly kind: 'realServerRemoved'; readonly virtualServer: VirtualServer; readonly realServer: RealServer; readonly stopping: boolean }
  /**
   * ipwrapper.c do_vs_notifies(): quorum gained or lost. `init`: at start-up ("Starting with
   * quorum up|down"). `threshold`: update_quorum_state's quorum ± hysteresis (quorum − hysteresis
   * on a loss found by update_vs_notifies). `weightSum`: weigh_live_realservers().
   */
  | {
      readonly kind: 'quorum';
      readonly virtualServer: VirtualServer;
      readonly up: boolean;
      readonly init: boolean;
      readonly threshold: number;
      readonly weightSum: number;
    }
  /** ipwrapper.c do_vs_notifies() with `stopping`: the checker process shutting down. */
  | { readonly kind: 'quorumStopping'; readonly virtualServer: VirtualServer };

/**
 * The mail keepalived sends for `alert`, or undefined when it sends none. Subjects (smtp.c
 * smtp_alert): `[<router_id>] Realserver <FMT_RS> of virtual server <FMT_VS> - UP|DOWN`
 * (SMTP_MSG_RS, SMTP_MSG_RS_SHUT) and `[<router_id>] Virtualserver <FMT_VS> - UP|DOWN`
 * (SMTP_MSG_VS).
 */
export function checkerAlertMail(config: KeepalivedConfig, alert: CheckerAlert): SendMail | undefined {
  switch (alert.kind) {
    case 'realServer': {
      const { realServer: rs, virtualServer: vs } = alert;
      // Every check_*.c: rs->smtp_alert && (rs_was_alive != rs->alive || !no_checker_emails).
      if (!rs.smtpAlert) return undefined;
      if (alert.wasAlive === alert.alive && config.global.noCheckerEmails) return undefined;
      return alertMail(config, realServerSubject(config, vs, rs, alert.alive ? 'UP' : 'DOWN'), checkerAlertBody(alert.outcome));
    }
    case 'realServerRemoved': {
      const { realServer: rs, virtualServer: vs } = alert;
      // clear_service_rs(): at shutdown only omega servers notify; smtp_alert only for rs->smtp_alert.
      if ((alert.stopping && !vs.omega) || !rs.smtpAlert) return undefined;
      return alertMail(config, realServerSubject(config, vs, rs, 'DOWN'), alert.stopping ? '=> Shutting down <=' : '=> Removing <=');
    }
    case 'quorum': {
      const vs = alert.virtualServer;
      if (!vs.smtpAlert) return undefined;
      const what = alert.up ? (alert.init ? 'Starting with quorum up' : 'Gained quorum') : alert.init ? 'Starting with quorum down' : 'Lost quorum';
      // "=> %s %u+%u=%ld <= %ld <=" into char message[80]: '+' even for a loss (the log line has '-').
      const body = truncateUtf8(`=> ${what} ${vs.quorum}+${vs.hysteresis}=${alert.threshold} <= ${alert.weightSum} <=`, 79);
      return alertMail(config, virtualServerSubject(config, vs, alert.up ? 'UP' : 'DOWN'), body);
    }
    case 'quorumStopping': {
      const vs = alert.virtualServer;
      // do_vs_notifies(): "Only send non SNMP notifies when stopping if omega set"; quorum_state_up
      // was cleared just before, so the subject says DOWN.
      if (!vs.omega || !vs.smtpAlert) return undefined;
      return alertMail(config, virtualServerSubject(config, vs, 'DOWN'), '=> Shutting down <=');
    }
  }
}

function realServerSubject(config: KeepalivedConfig, vs: VirtualServer, rs: RealServer, state: 'UP' | 'DOWN'): string {
  return `${subjectPrefix(config)} Realserver ${rs.label} of virtual server ${vs.label} - ${state}`;
}

function virtualServerSubject(config: KeepalivedConfig, vs: VirtualServer, state: 'UP' | 'DOWN'): string {
  return `${subjectPrefix(config)} Virtualserver ${vs.label} - ${state}`;
}
