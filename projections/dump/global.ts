// "------< Global definitions >------" as the VRRP process writes it at the top of keepalived.data
// (keepalived 2.2.7 core/global_data.c dump_global_data). Order and texts: Debian's 2.2.7 binary
// (its format strings and its dumps under many global_defs); conditions as in global_data.c.
import type { GlobalConfig, NotifyFifo, ProcessRole } from '../../core/config/global/model.js';
import type { VigilState } from '../../core/reducer/state.js';
import {
  commandText,
  defaultScriptIdentity,
  enabledDisabled,
  identityText,
  printfF,
  printfG,
  scriptIdentity,
  trueFalse,
  wholeSeconds,
  yesNo,
  type IdentityLookup,
} from './format.js';

const onOff = (v: boolean | undefined): string => (v === undefined ? 'unset' : v ? 'on' : 'off');

export function globalSection(state: VigilState, g: GlobalConfig, lookup: IdentityLookup): string[] {
  const lines = ['------< Global definitions >------'];
  if (g.configSaveDir !== undefined) lines.push(` Config save dir = ${g.configSaveDir}`);
  lines.push(
    ` Network namespace = ${g.netNamespace ?? '(default)'}`,
    ` Network namespace ipvs = ${g.netNamespaceIpvs === undefined ? '(main namespace)' : g.netNamespaceIpvs === '' ? '(default)' : g.netNamespaceIpvs}`,
  );
  if (g.instanceName !== undefined) lines.push(` Instance name = ${g.instanceName}`);
  if (g.processName !== undefined) lines.push(` Parent process name = ${g.processName}`);
  if (g.vrrpProcessName !== undefined) lines.push(` VRRP process name = ${g.vrrpProcessName}`);
  if (g.checkerProcessName !== undefined) lines.push(` LVS process name = ${g.checkerProcessName}`);
  if (g.bfdProcessName !== undefined) lines.push(` BFD process name = ${g.bfdProcessName}`);
  lines.push(` Router ID = ${g.routerId}`);
  lines.push(...smtpLines(g));
  lines.push(
    ` Default smtp_alert = ${onOff(g.smtpAlert)}`,
    ` Default smtp_alert_vrrp = ${onOff(g.smtpAlertVrrp)}`,
    ` Default smtp_alert_checker = ${onOff(g.smtpAlertChecker)}`,
    ` Checkers log all failures = ${trueFalse(g.checkerLogAllFailures)}`,
  );
  if (typeof g.reloadCheckConfig === 'string') lines.push(` Test config before reload, log to ${g.reloadCheckConfig}`);
  else if (g.reloadCheckConfig === undefined) lines.push(' No test config before reload');
  if (g.reloadTimeFile !== undefined) {
    // Vigil schedules no reload from the file's date.
    lines.push(` Reload time file = ${g.reloadTimeFile}${g.reloadRepeat ? ' (repeat)' : ''}`, ' No reload scheduled');
  }
  if (g.reloadFile !== undefined) lines.push(` Reload_file = ${g.reloadFile}`);
  if (g.dataUseInstance) lines.push(' Use instance name in data dumps');
  lines.push(` Dynamic interfaces = ${trueFalse(g.dynamicInterfaces)}`);
  if (g.dynamicInterfaces) lines.push(` Allow interface changes = ${trueFalse(g.allowIfChanges)}`);
  if (g.noEmailFaults) lines.push(' Send emails for fault transitions = off');
  // 2.2.7 labels the UDP timeout "LVS TCP timeout" too.
  if (g.lvsTimeouts.tcp !== undefined) lines.push(` LVS TCP timeout = ${g.lvsTimeouts.tcp}`);
  if (g.lvsTimeouts.tcpFin !== undefined) lines.push(` LVS TCP FIN timeout = ${g.lvsTimeouts.tcpFin}`);
  if (g.lvsTimeouts.udp !== undefined) lines.push(` LVS TCP timeout = ${g.lvsTimeouts.udp}`);
  lines.push(` Default interface = ${g.defaultInterface}`, ` Disable local IGMP = ${yesNo(g.disableLocalIgmp)}`);
  lines.push(...syncDaemonLines(state, g));
  lines.push(
    ` LVS flush = ${trueFalse(g.lvsFlush)}`,
    ` LVS flush on stop = ${g.lvsFlushOnStop === 'all' ? 'full' : g.lvsFlushOnStop === 'vs' ? 'VS' : 'disabled'}`,
  );
  lines.push(...fifoLines('Global', g.notifyFifo, g, lookup), ...fifoLines('VRRP', g.vrrpNotifyFifo, g, lookup), ...fifoLines('LVS', g.lvsNotifyFifo, g, lookup));
  lines.push(...vrrpDefaults(g));
  lines.push(...processLines(g));
  lines.push(
    ` SNMP vrrp ${enabledDisabled(g.enableSnmpVrrp)}`,
    ` SNMP checker ${enabledDisabled(g.enableSnmpChecker)}`,
    ` SNMP RFCv2 ${enabledDisabled(g.enableSnmpRfcV2)}`,
    ` SNMP RFCv3 ${enabledDisabled(g.enableSnmpRfcV3)}`,
    ` SNMP traps ${enabledDisabled(g.enableTraps)}`,
    ` SNMP socket = ${g.snmpSocket ?? 'default (unix:/var/agentx/master)'}`,
    ` DBus ${enabledDisabled(g.enableDbus)}`,
    ` DBus service name = ${g.dbusServiceName ?? ''}`,
    ` Script security ${enabledDisabled(g.enableScriptSecurity)}`,
    ` Default script uid:gid ${defaultScriptIdentity(g, lookup)}`,
  );
  lines.push(...tailLines(g));
  return lines;
}

/** Only with an smtp_server does keepalived fill in the HELO name, timeout and sender. */
function smtpLines(g: GlobalConfig): string[] {
  const lines: string[] = [];
  if (g.smtpServer !== undefined) {
    lines.push(
      ` Smtp server = ${g.smtpServer.host}`,
      ` Smtp server port = ${g.smtpServer.port}`,
      ` Smtp HELO name = ${g.smtpHeloName}`,
      ` Smtp server connection timeout = ${wholeSeconds(g.smtpConnectTimeoutMicros)}`,
    );
  }
  if (g.smtpServer !== undefined || g.notificationEmails.length > 0) {
    lines.push(` Email notification from = ${g.notificationEmailFrom}`, ' Email notification to:');
    for (const e of g.notificationEmails) lines.push(`   ${e.address}`);
  }
  return lines;
}

function syncDaemonLines(state: VigilState, g: GlobalConfig): string[] {
  const d = g.lvsSyncDaemon;
  if (d?.vrrpInstance === undefined) return [];
  const index = state.byName.get(d.vrrpInstance);
  const instance = index === undefined ? undefined : state.instances[index];
  const lines = [
    instance === undefined ? ` LVS syncd vrrp name = ${d.vrrpInstance}` : ` LVS syncd vrrp instance = ${d.vrrpInstance}`,
    ` LVS syncd interface = ${d.interface}`,
    ` LVS syncd syncid = ${d.syncId ?? instance?.config.vrid ?? 0}`,
  ];
  if (d.maxlen !== undefined) lines.push(` LVS syncd maxlen = ${d.maxlen}`);
  if (d.group !== undefined) lines.push(` LVS mcast group ${d.group}`);
  if (d.port !== undefined) lines.push(` LVS syncd mcast port = ${d.port}`);
  if (d.ttl !== undefined) lines.push(` LVS syncd mcast ttl = ${d.ttl}`);
  return lines;
}

/** The FIFO belongs to root unless a user is given; its script gets the FIFO path appended. */
function fifoLines(label: string, fifo: NotifyFifo | undefined, g: GlobalConfig, lookup: IdentityLookup): string[] {
  if (fifo === undefined) return [];
  const owner = fifo.user === undefined ? '0:0' : identityText(lookup(fifo.user, fifo.group), fifo.user, fifo.group);
  const lines = [` ${label} notify fifo = ${fifo.path}, uid:gid ${owner}`];
  if (fifo.script !== undefined) {
    const command = commandText([...fifo.script.argv, fifo.path]);
    lines.push(` ${label} notify fifo script = ${command}, uid:gid ${scriptIdentity(fifo.script, g, lookup)}`);
  }
  return lines;
}

function vrrpDefaults(g: GlobalConfig): string[] {
  const lines = [
    ` FIFO write vrrp states on reload = ${trueFalse(g.fifoWriteVrrpStatesOnReload)}`,
    ` VRRP notify priority changes = ${trueFalse(g.notifyPriorityChanges)}`,
    ` VRRP IPv4 mcast group = ${g.mcastGroup4}`,
    ` VRRP IPv6 mcast group = ${g.mcastGroup6}`,
    ` Gratuitous ARP delay = ${wholeSeconds(g.garpMasterDelayMicros)}`,
    ` Gratuitous ARP repeat = ${g.garpMasterRepeat}`,
    ` Gratuitous ARP refresh timer = ${wholeSeconds(g.garpMasterRefreshMicros)}`,
    ` Gratuitous ARP refresh repeat = ${g.garpMasterRefreshRepeat}`,
    ` Gratuitous ARP lower priority delay = ${wholeSeconds(g.garpLowerPrioDelayMicros)}`,
    ` Gratuitous ARP lower priority repeat = ${g.garpLowerPrioRepeat}`,
    ` Num adverts before down = ${g.downTimerAdverts}`,
    ` Gratuitous ARP for each secondary ${g.garpExtraIf?.all === true ? 'i/f' : 'VMAC'} = ${wholeSeconds(g.garpExtraIf?.intervalMicros ?? 0)}s`,
    ` Send advert after receive lower priority advert = ${trueFalse(!g.lowerPrioNoAdvert)}`,
    ` Send advert after receive higher priority advert = ${trueFalse(g.higherPrioSendAdvert)}`,
    ` Gratuitous ARP interval = ${printfF(g.garpIntervalMicros / 1_000_000)}`,
    ` Gratuitous NA interval = ${printfF(g.gnaIntervalMicros / 1_000_000)}`,
    ` VRRP default protocol version = ${g.vrrpVersion}`,
  ];
  const nft = g.nftables;
  if (nft !== undefined) {
    lines.push(
      ` nftables table name = ${nft.table}`,
      ` nftables base chain priority = ${nft.priority}`,
      ` nftables ${nft.ifindex ? '' : "don't "}force use ifindex for link local IPv6`,
    );
  }
  lines.push(
    ` nftables with${nft?.counters === true ? '' : 'out'} counters`,
    ` VRRP check unicast_src = ${trueFalse(g.checkUnicastSrc)}`,
    ` VRRP skip check advert addresses = ${trueFalse(g.skipCheckAdvAddr)}`,
    ` VRRP strict mode = ${trueFalse(g.strict)}`,
    ` Max auto priority = ${g.maxAutoPriority < 0 ? 'Disabled' : g.maxAutoPriority}`,
    ` Min auto priority delay = ${g.minAutoPriorityDelayMicros} usecs`,
  );
  return lines;
}

const ROLES: readonly (readonly [ProcessRole, string])[] = [
  ['vrrp', 'VRRP'],
  ['checker', 'Checker'],
  ['bfd', 'BFD'],
];

function processLines(g: GlobalConfig): string[] {
  return ROLES.flatMap(([role, label]) => {
    const t = g.processTuning[role];
    return [
      ` ${label} process priority = ${t.priority ?? 0}`,
      ` ${label} don't swap = ${trueFalse(t.noSwap)}`,
      ` ${label} realtime priority = ${t.rtPriority ?? 0}`,
      ` ${label} realtime limit = ${t.rlimitRttimeMicros}`,
    ];
  });
}

const BUFFERS = ['vrrp_netlink_cmd', 'vrrp_netlink_monitor', 'process_monitor', 'lvs_netlink_cmd', 'lvs_netlink_monitor'];

function tailLines(g: GlobalConfig): string[] {
  const lines: string[] = [];
  for (const prefix of BUFFERS) {
    const b = g.bufferSizes.find((x) => x.keyword === prefix);
    lines.push(` ${prefix}_rcv_bufs = ${b?.bytes ?? 0}`, ` ${prefix}_rcv_bufs_force = ${b?.force === true ? 1 : 0}`);
  }
  lines.push(` rs_init_notifies = ${g.rsInitNotifies ? 1 : 0}`, ` no_checker_emails = ${g.noCheckerEmails ? 1 : 0}`);
  const policy = g.vrrpRxBufsPolicy;
  if (policy === 'MTU' || policy === 'ADVERT') lines.push(` rx_bufs_policy = ${policy}`);
  else if (policy !== undefined) lines.push(` rx_bufs_size = ${policy}`);
  lines.push(` rx_bufs_multiples = ${g.vrrpRxBufsMultiplier}`, ` umask = 0${g.umask.toString(8)}`);
  if (g.vrrpStartupDelayMicros > 0) lines.push(` vrrp_startup_delay = ${printfG(g.vrrpStartupDelayMicros / 1_000_000)}`);
  if (g.logUnknownVrids) lines.push(' log_unknown_vrids');
  if (g.vmacPrefix !== 'vrrp') lines.push(` VMAC prefix = ${g.vmacPrefix}`);
  return lines;
}
