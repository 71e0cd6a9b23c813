// keepalived.data instance blocks for the less common shapes: unicast, unicast without peers,
// IPv6, an interface down, AH, reverse weights and tracked processes (keepalived 2.2.7 dump_vrrp
// as Debian's binary writes it), and the static addresses section.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataDump } from '../../../projections/dump/index.js';
import { TestNode } from '../../support/node.js';
import { instanceBlock, NOW, section } from './support.js';

const CONFIG = `
static_ipaddress {
  10.9.0.1/24 dev eth1
  10.9.0.2/24 brd + dev eth1 scope link
}
vrrp_track_process haproxy {
  process haproxy
  weight 4
  quorum 2
  quorum_max 4
}
track_file tf {
  file "/run/tf"
  weight 2 reverse
}
vrrp_instance VI_U {
  state MASTER
  interface eth0
  virtual_router_id 71
  priority 120
  unicast_src_ip 192.168.100.2
  unicast_peer {
    192.168.100.3
    192.168.100.4 min_ttl 250 max_ttl 255
  }
  check_unicast_src
  unicast_ttl 10
  old_unicast_checksum never
  virtual_ipaddress {
    192.168.100.71/24
  }
}
vrrp_instance VI_N {
  state BACKUP
  interface eth0
  virtual_router_id 72
  priority 100
  unicast_peer {
  }
  unicast_fault_no_peer
  virtual_ipaddress {
    192.168.100.72
  }
}
vrrp_instance VI_6 {
  state BACKUP
  interface eth0
  virtual_router_id 73
  priority 100
  virtual_ipaddress {
    fe80::73/64
    2001:db8::73
  }
}
vrrp_instance VI_X {
  state BACKUP
  interface eth1
  virtual_router_id 74
  priority 90
  promote_secondaries
  preempt_delay 2.5
  debug 2
  kernel_rx_buf_size 65536
  notify_deleted "/usr/local/bin/deleted"
  authentication {
    auth_type AH
    auth_pass secret99
  }
  virtual_ipaddress {
    10.9.0.74
  }
  track_process {
    haproxy
  }
  track_file {
    tf
  }
  track_interface {
    eth0 weight -10 reverse
  }
}
`;

/** All enter their first state at 0; eth1 goes down at 2 s and takes VI_X to FAULT. */
function dump(): string {
  const n = new TestNode(CONFIG);
  // keepalived runs an instance whose unicast has no peers, and reports it as an error.
  n.allowConfigErrors = true;
  n.send(0, { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: true, running: true });
  n.send(0, { kind: 'AddressChanged', interface: 'eth0', family: 'inet6', address: 'fe80::2', prefixLength: 64, present: true });
  n.boot(0);
  n.send(2_000_000, { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: false, running: false });
  return dataDump(n.state, NOW);
}

const GARP_DEFAULTS = [
  '   Gratuitous ARP delay = 5',
  '   Gratuitous ARP repeat = 5',
  '   Gratuitous ARP refresh = 0',
  '   Gratuitous ARP refresh repeat = 1',
  '   Gratuitous ARP lower priority delay = 5',
  '   Gratuitous ARP lower priority repeat = 5',
  '   Down timer adverts = 3',
  '   Send advert after receive lower priority advert = true',
  '   Send advert after receive higher priority advert = false',
];

const NOTIFY_DEFAULTS = ['   Using smtp notification = no', '   Notify deleted = Fault', '   Notify priority changes = false'];

describe('dataDump instance blocks', () => {
  const text = dump();

  it('unicast: flags, configured source, no multicast line, TTL, peers and checksum mode', () => {
    assert.deepEqual(instanceBlock(text, 'VI_U'), [
      ' VRRP Instance = VI_U',
      '   VRRP Version = 2',
      '   State = BACKUP',
      // No master heard yet: keepalived's master_saddr still holds the multicast group.
      '   Master router = 224.0.0.18',
      '   Master priority = 0',
      '   Flags:',
      '     Using unicast',
      '   Wantstate = MASTER',
      '   Number of config faults = 0',
      '   Number of interface and track script faults = 0',
      '   Number of track scripts init = 0',
      '   Last transition = 1699999990.000000 (Tue Nov 14 22:13:10.000000 2023)',
      // 3 × 1 s + (256 - 120)/256 s after 0.
      '   Read timeout = 1699999993.531250 (Tue Nov 14 22:13:13.531250 2023)',
      '   Master down timer = 3531250 usecs',
      '   Interface = eth0',
      '   Using src_ip = 192.168.100.2 (from configuration)',
      ...GARP_DEFAULTS,
      '   Virtual Router ID = 71',
      '   Priority = 120',
      '   Effective priority = 120',
      '   Total priority = 120',
      '   Advert interval = 1 sec',
      '   Accept = enabled',
      '   Preempt = enabled',
      '   Promote_secondaries = disabled',
      '   Authentication type = none',
      '   Virtual IP (1):',
      '     192.168.100.71/24 dev eth0 scope global',
      '   Unicast TTL = 10',
      '   Check unicast src : yes',
      '   Unicast Peer :',
      '     192.168.100.3 min_ttl 0 max_ttl 255',
      '     192.168.100.4 min_ttl 250 max_ttl 255',
      '   Unicast checksum compatibility = never',
      ...NOTIFY_DEFAULTS,
    ]);
  });

  it('unicast_fault_no_peer without peers: multicast, FAULT, one config fault', () => {
    assert.deepEqual(instanceBlock(text, 'VI_N'), [
      ' VRRP Instance = VI_N',
      '   VRRP Version = 2',
      '   State = FAULT',
      '   Flags:',
      '     Unicast config option specified but using multicast',
      '     If unicast go to fault state if no peers',
      '   Wantstate = FAULT',
      '   Number of config faults = 1',
      '   Number of interface and track script faults = 1',
      '   Number of track scripts init = 0',
      '   Last transition = 1699999990.000000 (Tue Nov 14 22:13:10.000000 2023)',
      '   Read timeout = DISABLED',
      '   Master down timer = 3609375 usecs',
      '   Interface = eth0',
      '   Using src_ip = 192.168.100.2',
      '   Multicast address 224.0.0.18',
      ...GARP_DEFAULTS,
      '   Virtual Router ID = 72',
      '   Priority = 100',
      '   Effective priority = 100',
      '   Total priority = 100',
      '   Advert interval = 1 sec',
      '   Accept = enabled',
      '   Preempt = enabled',
      '   Promote_secondaries = disabled',
      '   Authentication type = none',
      '   Virtual IP (1):',
      '     192.168.100.72 dev eth0 scope global',
      ...NOTIFY_DEFAULTS,
    ]);
  });

  it('IPv6: native IPv6, v3 intervals, link-local source, ifindex, preferred lifetimes', () => {
    assert.deepEqual(instanceBlock(text, 'VI_6'), [
      ' VRRP Instance = VI_6',
      '   VRRP Version = 3',
      '   Using Native IPv6',
      '   State = BACKUP',
      '   Master router = ff02::12',
      '   Master priority = 0',
      '   Master advert int = 1.00 sec',
      '   Flags: none',
      '   Wantstate = BACKUP',
      '   Number of config faults = 0',
      '   Number of interface and track script faults = 0',
      '   Number of track scripts init = 0',
      '   Last transition = 1699999990.000000 (Tue Nov 14 22:13:10.000000 2023)',
      '   Read timeout = 1699999993.609375 (Tue Nov 14 22:13:13.609375 2023)',
      '   Master down timer = 3609375 usecs',
      '   Interface = eth0',
      '   Using src_ip = fe80::2',
      '   Multicast address ff02::12, ifindex 2',
      ...GARP_DEFAULTS,
      '   Virtual Router ID = 73',
      '   Priority = 100',
      '   Effective priority = 100',
      '   Total priority = 100',
      '   Advert interval = 1000 milli-sec',
      '   Master advert interval = 1000 milli-sec',
      '   Accept = enabled',
      '   Preempt = enabled',
      '   Promote_secondaries = disabled',
      '   Virtual IP (2):',
      // Without preferred_lft a /128 is deprecated, anything else forever (alloc_ipaddress).
      '     fe80::73/64 dev eth0 scope global preferred_lft forever',
      '     2001:db8::73 dev eth0 scope global deprecated',
      ...NOTIFY_DEFAULTS,
    ]);
  });

  it('interface down, AH, reverse weights, tracked file and process, notify_deleted script', () => {
    assert.deepEqual(instanceBlock(text, 'VI_X'), [
      ' VRRP Instance = VI_X',
      '   VRRP Version = 2',
      '   State = FAULT',
      '   Flags:',
      '   Wantstate = FAULT',
      '   Number of config faults = 0',
      '   Number of interface and track script faults = 1',
      '   Number of track scripts init = 0',
      '   Last transition = 1699999992.000000 (Tue Nov 14 22:13:12.000000 2023)',
      '   Read timeout = DISABLED',
      // 3 × 1 s + (256 - 90)/256 s
      '   Master down timer = 3648437 usecs',
      '   Interface = eth1',
      '   Using src_ip = (none)',
      '   Multicast address 224.0.0.18',
      ...GARP_DEFAULTS,
      '   Virtual Router ID = 74',
      '   Priority = 90',
      '   Effective priority = 90',
      '   Total priority = 90',
      '   Advert interval = 1 sec',
      '   Accept = enabled',
      '   Preempt = enabled',
      '   Preempt delay = 2.5 secs',
      '   Promote_secondaries = enabled',
      '   Authentication type = IPSEC_AH',
      '   Kernel rx buffer size = 65536',
      '   Debug level = 2',
      '   Virtual IP (1):',
      '     10.9.0.74 dev eth1 scope global',
      '   Tracked interfaces :',
      '     eth0 weight -10 reverse',
      '   Tracked files :',
      '     tf, weight 2 reverse',
      '   Tracked processes :',
      '     haproxy, weight 4',
      '   Using smtp notification = no',
      '   Notify deleted = Deleted',
      "   Deleted state transition script = '/usr/local/bin/deleted', uid:gid 0:0",
      '   Notify priority changes = false',
    ]);
  });

  it('static addresses come before the topology, never "set" (Vigil does not install them)', () => {
    assert.deepEqual(section(text, 'Static Addresses'), [
      '------< Static Addresses >------',
      '     10.9.0.1/24 dev eth1 scope global',
      '     10.9.0.2/24 brd 10.9.0.255 dev eth1 scope link',
    ]);
    assert.ok(text.indexOf('------< Static Addresses >------') < text.indexOf('------< VRRP Topology >------'));
  });

  it('track files and track processes sections', () => {
    assert.deepEqual(section(text, 'VRRP Track files'), [
      '------< VRRP Track files >------',
      ' Track file = tf',
      '   File = /run/tf',
      '   Status = 0',
      '   Weight = 2 reverse',
      '   Tracking instances :',
      '     VI_X, weight 2 reverse',
    ]);
    assert.deepEqual(section(text, 'VRRP Track processes'), [
      '------< VRRP Track processes >------',
      ' VRRP Track process = haproxy',
      '   Process = haproxy',
      '   Min processes = 2',
      '   Max processes = 4',
      '   Current processes = 0',
      '   Have quorum = false',
      '   Weight = 4',
      '   Terminate delay = 0.000000s',
      '   Fork delay = 0.000000s',
      '   Full command = false',
      '   Tracking instances :',
      '     VI_X, weight 4',
    ]);
  });
});

describe('dataDump instance flags', () => {
  // What Debian's keepalived 2.2.7 printed with each option alone (one run per option).
  const cases: { global?: string; instance?: string; flags: string[] }[] = [
    { flags: ['   Flags: none'] },
    { global: 'vrrp_check_unicast_src', flags: ['   Flags: none'] },
    { global: 'vrrp_garp_extra_if 10', flags: ['   Flags: none'] },
    { global: 'vrrp_garp_extra_if 10 all', flags: ['   Flags:'] },
    { global: 'vrrp_skip_check_adv_addr', flags: ['   Flags:'] },
    { instance: 'track_src_ip', flags: ['   Flags: none'] },
    { instance: 'higher_prio_send_advert', flags: ['   Flags: none'] },
    { instance: 'nopreempt', flags: ['   Flags:'] },
    { instance: 'promote_secondaries', flags: ['   Flags:'] },
    { instance: 'dont_track_primary', flags: ['   Flags:'] },
    { instance: 'skip_check_adv_addr', flags: ['   Flags:'] },
    { instance: 'mcast_src_ip 192.168.100.2', flags: ['   Flags:'] },
    { instance: 'check_unicast_src', flags: ['   Flags:', '     Unicast config option specified but using multicast'] },
  ];
  for (const c of cases) {
    it(`${c.global ?? ''}${c.instance ?? ''}`.trim() || 'no option', () => {
      const n = new TestNode(`
global_defs {
  ${c.global ?? ''}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  ${c.instance ?? ''}
  virtual_ipaddress {
    192.168.100.10
  }
}
`);
      n.allowConfigErrors = true;
      n.boot(0);
      const block = instanceBlock(dataDump(n.state, NOW), 'VI_1');
      const from = block.findIndex((l) => l.startsWith('   Flags:'));
      const to = block.findIndex((l) => l.startsWith('   Wantstate = '));
      assert.deepEqual(block.slice(from, to), c.flags);
    });
  }
});
