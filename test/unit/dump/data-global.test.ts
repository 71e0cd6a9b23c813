// The "Global definitions" section with most global_defs set (keepalived 2.2.7 global_data.c
// dump_global_data; lines and order as Debian's 2.2.7 wrote them for the same global_defs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataDump, type IdentityLookup } from '../../../projections/dump/index.js';
import { TestNode } from '../../support/node.js';
import { NOW, section } from './support.js';

const CONFIG = `
global_defs {
  router_id nodeD
  notification_email_from from@example.com
  smtp_server 192.0.2.25
  smtp_alert_vrrp true
  smtp_alert_checker false
  no_email_faults
  checker_log_all_failures
  dynamic_interfaces
  vrrp_garp_interval 0.01
  vrrp_gna_interval 0.02
  vrrp_check_unicast_src
  vrrp_skip_check_adv_addr
  lvs_flush
  lvs_flush_onstop VS
  notify_fifo /run/keepalived.fifo
  notify_fifo_script "/usr/local/bin/fifo.sh arg"
  vrrp_notify_fifo /run/vrrp.fifo
  fifo_write_vrrp_states_on_reload
  vrrp_garp_master_refresh 30
  vrrp_garp_master_refresh_repeat 2
  vrrp_lower_prio_no_advert
  vrrp_higher_prio_send_advert
  vrrp_down_timer_adverts 4
  vrrp_priority -5
  vrrp_no_swap
  vrrp_rt_priority 10
  vrrp_rlimit_rttime 20000
  checker_priority 3
  bfd_no_swap
  enable_snmp_vrrp
  enable_traps
  snmp_socket udp:1.2.3.4:705
  enable_dbus
  dbus_service_name org.example.vigil
  vrrp_rx_bufs_policy MTU
  vrrp_rx_bufs_multiplier 4
  rs_init_notifies
  no_checker_emails
  vrrp_netlink_cmd_rcv_bufs 1000000
  vrrp_netlink_monitor_rcv_bufs_force true
  lvs_netlink_cmd_rcv_bufs 2000
  process_monitor_rcv_bufs 3000
  lvs_timeouts tcp 100 tcpfin 20 udp 30
  lvs_sync_daemon eth0 VI_1 id 7 maxlen 1400 port 8848 ttl 3 group 224.0.0.81
  vrrp_mcast_group4 224.0.0.19
  vrrp_version 3
  max_auto_priority -1
  vmac_prefix vx
  disable_local_igmp
  script_user nobody
  vrrp_startup_delay 0.5
  log_unknown_vrids
  config_save_dir /var/lib/keepalived
  reload_time_file /run/keepalived.reload_time
  reload_file /run/keepalived.reload_me
  data_use_instance
}
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority 100
  virtual_ipaddress {
    192.168.100.10
  }
}
`;

const lookup: IdentityLookup = (user) => (user === 'nobody' ? { uid: 65534, gid: 65534 } : user === 'root' ? { uid: 0, gid: 0 } : undefined);

function globals(identity?: IdentityLookup): string[] {
  const n = new TestNode(CONFIG);
  n.boot(0);
  return section(dataDump(n.state, NOW, identity === undefined ? {} : { identity }), 'Global definitions');
}

describe('dataDump global definitions', () => {
  it('prints every setting Vigil holds in 2.2.7 order, with its conditional lines', () => {
    assert.deepEqual(globals(lookup), [
      '------< Global definitions >------',
      ' Config save dir = /var/lib/keepalived',
      ' Network namespace = (default)',
      ' Network namespace ipvs = (main namespace)',
      ' Router ID = nodeD',
      ' Smtp server = 192.0.2.25',
      ' Smtp server port = 25',
      // smtp_helo_name defaults to the host name (the test parser's is "test"), the timeout to 30 s.
      ' Smtp HELO name = test',
      ' Smtp server connection timeout = 30',
      ' Email notification from = from@example.com',
      ' Email notification to:',
      ' Default smtp_alert = unset',
      ' Default smtp_alert_vrrp = on',
      ' Default smtp_alert_checker = off',
      ' Checkers log all failures = true',
      ' No test config before reload',
      ' Reload time file = /run/keepalived.reload_time',
      ' No reload scheduled',
      ' Reload_file = /run/keepalived.reload_me',
      ' Use instance name in data dumps',
      ' Dynamic interfaces = true',
      ' Allow interface changes = false',
      ' Send emails for fault transitions = off',
      ' LVS TCP timeout = 100',
      ' LVS TCP FIN timeout = 20',
      // sic: 2.2.7 labels the UDP timeout "TCP" too.
      ' LVS TCP timeout = 30',
      ' Default interface = eth0',
      ' Disable local IGMP = yes',
      ' LVS syncd vrrp instance = VI_1',
      ' LVS syncd interface = eth0',
      ' LVS syncd syncid = 7',
      ' LVS syncd maxlen = 1400',
      ' LVS mcast group 224.0.0.81',
      ' LVS syncd mcast port = 8848',
      ' LVS syncd mcast ttl = 3',
      ' LVS flush = true',
      ' LVS flush on stop = VS',
      ' Global notify fifo = /run/keepalived.fifo, uid:gid 0:0',
      // The FIFO's path is the script's last argument; it runs as the default script user.
      " Global notify fifo script = '/usr/local/bin/fifo.sh' 'arg' '/run/keepalived.fifo', uid:gid 65534:65534",
      ' VRRP notify fifo = /run/vrrp.fifo, uid:gid 0:0',
      ' FIFO write vrrp states on reload = true',
      ' VRRP notify priority changes = false',
      ' VRRP IPv4 mcast group = 224.0.0.19',
      ' VRRP IPv6 mcast group = ff02::12',
      ' Gratuitous ARP delay = 5',
      ' Gratuitous ARP repeat = 5',
      ' Gratuitous ARP refresh timer = 30',
      ' Gratuitous ARP refresh repeat = 2',
      // The VRRP process prints the lower-priority GARP settings after defaulting them to the others.
      ' Gratuitous ARP lower priority delay = 5',
      ' Gratuitous ARP lower priority repeat = 5',
      ' Num adverts before down = 4',
      ' Gratuitous ARP for each secondary VMAC = 0s',
      ' Send advert after receive lower priority advert = false',
      ' Send advert after receive higher priority advert = true',
      ' Gratuitous ARP interval = 0.010000',
      ' Gratuitous NA interval = 0.020000',
      ' VRRP default protocol version = 3',
      ' nftables without counters',
      ' VRRP check unicast_src = true',
      ' VRRP skip check advert addresses = true',
      ' VRRP strict mode = false',
      ' Max auto priority = Disabled',
      ' Min auto priority delay = 1000000 usecs',
      ' VRRP process priority = -5',
      " VRRP don't swap = true",
      ' VRRP realtime priority = 10',
      ' VRRP realtime limit = 20000',
      ' Checker process priority = 3',
      " Checker don't swap = false",
      ' Checker realtime priority = 0',
      ' Checker realtime limit = 10000',
      ' BFD process priority = 0',
      " BFD don't swap = true",
      ' BFD realtime priority = 0',
      ' BFD realtime limit = 10000',
      ' SNMP vrrp enabled',
      ' SNMP checker disabled',
      ' SNMP RFCv2 disabled',
      ' SNMP RFCv3 disabled',
      ' SNMP traps enabled',
      ' SNMP socket = udp:1.2.3.4:705',
      ' DBus enabled',
      ' DBus service name = org.example.vigil',
      ' Script security disabled',
      ' Default script uid:gid 65534:65534',
      ' vrrp_netlink_cmd_rcv_bufs = 1000000',
      ' vrrp_netlink_cmd_rcv_bufs_force = 0',
      ' vrrp_netlink_monitor_rcv_bufs = 0',
      ' vrrp_netlink_monitor_rcv_bufs_force = 1',
      ' process_monitor_rcv_bufs = 3000',
      ' process_monitor_rcv_bufs_force = 0',
      ' lvs_netlink_cmd_rcv_bufs = 2000',
      ' lvs_netlink_cmd_rcv_bufs_force = 0',
      ' lvs_netlink_monitor_rcv_bufs = 0',
      ' lvs_netlink_monitor_rcv_bufs_force = 0',
      ' rs_init_notifies = 1',
      ' no_checker_emails = 1',
      ' rx_bufs_policy = MTU',
      ' rx_bufs_multiples = 4',
      ' umask = 0177',
      ' vrrp_startup_delay = 0.5',
      ' log_unknown_vrids',
      ' VMAC prefix = vx',
    ]);
  });

  it('without an identity lookup, a user it cannot resolve is printed by name', () => {
    const lines = globals();
    assert.ok(lines.includes(' Default script uid:gid nobody:nobody'));
    assert.ok(lines.includes(" Global notify fifo script = '/usr/local/bin/fifo.sh' 'arg' '/run/keepalived.fifo', uid:gid nobody:nobody"));
  });
});
