import type { KeywordTable } from '../blocks.js';
import type { ConfigNode } from '../syntax.js';
import type { NotifyFifo } from './model.js';
import { splitUserGroup } from '../script-argv.js';
import { readNotifyScript } from './script-command.js';
import { boolSetting, flag, globalBoolMessage, type GlobalDefsTarget, type GlobalHandler } from './global-defs-target.js';
import { isIpv4, isIpv6, notImplemented, readIntegerOr } from './readers.js';

/**
 * global_defs keywords for identity, e-mail, SNMP/DBus, scripts and FIFOs
 * (keepalived/core/global_parser.c).
 */

const SECOND = 1_000_000;

type FifoField = 'notifyFifo' | 'vrrpNotifyFifo' | 'lvsNotifyFifo';

// global_parser.c notify_fifo(): `[vrrp_|lvs_]notify_fifo PATH [USER [GROUP]]`.
function notifyFifo(field: FifoField, prefix: string): GlobalHandler {
  return (node, { draft, sink }) => {
    const path = node.args[0];
    if (path === undefined) {
      sink.error(`No ${prefix}notify_fifo name specified`, node.loc);
      return;
    }
    const existing = draft[field];
    if (existing?.path !== undefined && existing.path !== '') {
      sink.error(`${prefix}notify_fifo already specified - ignoring ${path}`, node.loc);
      return;
    }
    const fifo: NotifyFifo = {
      path,
      ...splitUserGroup(node.args.slice(1)),
      ...(existing?.script === undefined ? {} : { script: existing.script }),
      loc: node.loc,
    };
    draft[field] = fifo;
  };
}

// global_parser.c notify_fifo_script(): the script may come before or after the FIFO.
function notifyFifoScript(field: FifoField, prefix: string): GlobalHandler {
  return (node, { draft, sink }) => {
    if (node.args[0] === undefined) {
      sink.error(`No ${prefix}notify_fifo_script specified`, node.loc);
      return;
    }
    const existing = draft[field];
    if (existing?.script !== undefined) {
      sink.error(`${prefix}notify_fifo_script already specified - ignoring ${node.args[0]}`, node.loc);
      return;
    }
    const script = readNotifyScript(node, `No ${prefix}notify_fifo_script specified`, sink);
    if (script === undefined) return;
    draft[field] = existing === undefined ? { path: '', script, loc: node.loc } : { ...existing, script };
  };
}

function smtpServer(node: ConfigNode, { draft, sink }: GlobalDefsTarget): void {
  const host = node.args[0];
  if (host === undefined) {
    sink.error('smtp_server requires a parameter', node.loc);
    return;
  }
  const portText = node.args[1] ?? '25';
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  // keepalived resolves names with getaddrinfo; here only the syntax of a name is checked.
  const validHost = isIpv4(host) || isIpv6(host) || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host);
  if (!validHost || !(port >= 1 && port <= 65535)) {
    sink.error(`Invalid smtp server ${host} ${portText}`, node.loc);
    return;
  }
  draft.smtpServer = { host, port, loc: node.loc };
}

export const notifyKeywords: KeywordTable<GlobalDefsTarget> = {
  router_id: (node, { draft, sink }) => {
    const id = node.args[0];
    if (id === undefined) {
      sink.error('routerid name missing - ignoring', node.loc);
      return;
    }
    draft.routerId = id;
  },
  notification_email_from: (node, { draft, sink }) => {
    const from = node.args[0];
    if (from === undefined) {
      sink.error('emailfrom missing - ignoring', node.loc);
      return;
    }
    draft.notificationEmailFrom = from;
  },
  notification_email: (node, { draft, sink }) => {
    // read_value_block: every word of every line is one address.
    const addresses = (node.children ?? []).flatMap((child) => [child.keyword, ...child.args].map((address) => ({ address, loc: child.loc })));
    if (addresses.length === 0) {
      sink.error('Warning - empty notification_email block', node.loc);
      return;
    }
    draft.notificationEmails.push(...addresses);
  },
  smtp_server: smtpServer,
  smtp_helo_name: (node, { draft }) => {
    const name = node.args[0];
    if (name !== undefined) draft.smtpHeloName = name;
  },
  smtp_connect_timeout: (node, { draft, sink }) => {
    const max = Math.floor(4294967295 / SECOND);
    let value = readIntegerOr(node, 0, 0, max, sink, (t) => `smtp_connect_timeout '${t}' must be in [0, ${max}] - ignoring`);
    if (value === undefined) return;
    if (value === 0) {
      // sic: keepalived's spelling.
      sink.error('smtp_conect_timeout must be greater than 0, setting to 1', node.loc);
      value = 1;
    }
    draft.smtpConnectTimeoutMicros = value * SECOND;
  },
  smtp_alert: boolSetting('smtpAlert', globalBoolMessage('smtp_alert')),
  smtp_alert_vrrp: boolSetting('smtpAlertVrrp', globalBoolMessage('smtp_alert_vrrp')),
  smtp_alert_checker: boolSetting('smtpAlertChecker', globalBoolMessage('smtp_alert_checker')),
  no_email_faults: flag('noEmailFaults'),
  checker_log_all_failures: boolSetting('checkerLogAllFailures', () => 'Invalid value for checker_log_all_failures specified'),
  no_checker_emails: boolSetting('noCheckerEmails', globalBoolMessage('no_checker_emails')),
  rs_init_notifies: boolSetting('rsInitNotifies', globalBoolMessage('rs_init_notifies')),
  vrrp_notify_priority_changes: boolSetting('notifyPriorityChanges', globalBoolMessage('vrrp_notify_priority_changes')),
  fifo_write_vrrp_states_on_reload: boolSetting('fifoWriteVrrpStatesOnReload', globalBoolMessage('fifo_write_vrrp_states_on_reload')),

  snmp_socket: (node, { draft, sink }) => {
    if (node.args.length > 1) sink.error('Too many parameters specified for snmp_socket - ignoring', node.loc);
    else if (node.args[0] === undefined) sink.error('SNMP error : snmp socket name missing', node.loc);
    else if (draft.snmpSocket !== undefined) sink.error(`SNMP socket already set to ${draft.snmpSocket} - ignoring`, node.loc);
    else draft.snmpSocket = node.args[0];
    notImplemented(node, sink, 'SNMP');
  },
  enable_traps: flag('enableTraps', true),
  enable_snmp_vrrp: flag('enableSnmpVrrp', true),
  enable_snmp_keepalived: (node, target) => {
    // Deprecated v2.0.0 alias of enable_snmp_vrrp; keepalived prints nothing.
    target.sink.warning("'enable_snmp_keepalived' is deprecated - please use 'enable_snmp_vrrp'", node.loc);
    flag('enableSnmpVrrp', true)(node, target);
  },
  enable_snmp_checker: flag('enableSnmpChecker', true),
  enable_snmp_rfc: (node, { draft, sink }) => {
    draft.enableSnmpRfcV2 = true;
    draft.enableSnmpRfcV3 = true;
    notImplemented(node, sink);
  },
  enable_snmp_rfcv2: flag('enableSnmpRfcV2', true),
  enable_snmp_rfcv3: flag('enableSnmpRfcV3', true),
  snmp_vs_stats_update_interval: snmpInterval('snmpVsStatsUpdateIntervalMicros'),
  snmp_rs_stats_update_interval: snmpInterval('snmpRsStatsUpdateIntervalMicros'),
  enable_dbus: flag('enableDbus', true),
  dbus_service_name: (node, { draft, sink }) => {
    if (node.args[0] === undefined) sink.error('dbus_service_name missing - ignoring', node.loc);
    else draft.dbusServiceName = node.args[0];
    notImplemented(node, sink, 'DBus');
  },
  dbus_no_interface_name: (node, { draft, sink }) => {
    if (node.args[0] !== undefined) draft.dbusNoInterfaceName = node.args[0];
    notImplemented(node, sink, 'DBus');
  },

  script_user: (node, { draft, sink }) => {
    if (node.args[0] === undefined) {
      sink.error('No script username specified', node.loc);
      return;
    }
    const { user, group } = splitUserGroup(node.args);
    if (user === undefined) {
      sink.error('No script username specified', node.loc);
      return;
    }
    // Whether the user exists is a fact of the machine: checkScriptSecurity reports it.
    draft.scriptUser = { user, ...(group === undefined ? {} : { group }), loc: node.loc };
  },
  enable_script_security: flag('enableScriptSecurity'),
  notify_fifo: notifyFifo('notifyFifo', ''),
  notify_fifo_script: notifyFifoScript('notifyFifo', ''),
  vrrp_notify_fifo: notifyFifo('vrrpNotifyFifo', 'vrrp_'),
  vrrp_notify_fifo_script: notifyFifoScript('vrrpNotifyFifo', 'vrrp_'),
  lvs_notify_fifo: notifyFifo('lvsNotifyFifo', 'lvs_'),
  lvs_notify_fifo_script: notifyFifoScript('lvsNotifyFifo', 'lvs_'),
};

function snmpInterval(field: 'snmpVsStatsUpdateIntervalMicros' | 'snmpRsStatsUpdateIntervalMicros'): GlobalHandler {
  return (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, 4294, sink, undefined);
    if (value !== undefined) draft[field] = value * SECOND;
    notImplemented(node, sink, 'SNMP');
  };
}
