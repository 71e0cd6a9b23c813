// keepalived.data for sync groups and vrrp_scripts as their state moves: a script still in its
// first run holds its instance (and so the group) in INIT; its failure, and a group-tracked
// interface going down, put the members in FAULT (keepalived 2.2.7 dump_vgroup, dump_vscript).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dataDump } from '../../../projections/dump/index.js';
import { TestNode } from '../../support/node.js';
import { instanceBlock, NOW, section } from './support.js';

const CONFIG = `
vrrp_script chk_db {
  script "/usr/local/bin/chk_db"
  interval 5
}
vrrp_script chk_grp {
  script "/usr/local/bin/chk_grp --quick"
  interval 3
  timeout 2
  rise 2
  fall 2
}
vrrp_sync_group G1 {
  group {
    VI_A
    VI_B
  }
  track_interface {
    eth1
  }
  track_script {
    chk_grp
  }
  notify_master "/usr/local/bin/g master"
  notify_fault "/usr/local/bin/g fault"
  notify "/usr/local/bin/g"
  smtp_alert
}
vrrp_instance VI_A {
  state BACKUP
  interface eth0
  virtual_router_id 61
  priority 100
  virtual_ipaddress {
    192.168.100.61
  }
  track_script {
    chk_db
  }
}
vrrp_instance VI_B {
  state BACKUP
  interface eth0
  virtual_router_id 62
  priority 100
  virtual_ipaddress {
    192.168.100.62
  }
}
`;

function booted(): TestNode {
  const n = new TestNode(CONFIG);
  n.send(0, { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: true, running: true });
  n.boot(0);
  return n;
}

/** The head of an instance block, up to the line after "Master down timer". */
function head(text: string, name: string): string[] {
  const block = instanceBlock(text, name);
  return block.slice(0, block.findIndex((l) => l.startsWith('   Master down timer')) + 1);
}

const GROUP_TAIL = [
  '   VRRP member instances :',
  '     VI_A',
  '     VI_B',
  '   Using smtp notification = yes',
  '   Tracked interfaces :',
  '     eth1 weight 0',
  '   Tracked scripts :',
  '     chk_grp weight 0',
  "   Master state transition script = '/usr/local/bin/g' 'master', uid:gid 0:0",
  "   Fault state transition script = '/usr/local/bin/g' 'fault', uid:gid 0:0",
  "   Generic state transition script = '/usr/local/bin/g', uid:gid 0:0",
];

describe('dataDump sync groups and scripts', () => {
  it('while the scripts run for the first time: INIT everywhere, counted as "track scripts init"', () => {
    const text = dataDump(booted().state, NOW);
    assert.deepEqual(head(text, 'VI_A'), [
      ' VRRP Instance = VI_A',
      '   VRRP Version = 2',
      '   Sync group = G1',
      '   State = INIT',
      '   Flags: none',
      '   Wantstate = BACKUP',
      '   Number of config faults = 0',
      '   Number of interface and track script faults = 0',
      // chk_db (its own) and chk_grp (its group's), both unweighted and without a result.
      '   Number of track scripts init = 2',
      '   Last transition = 1699999990.000000 (Tue Nov 14 22:13:10.000000 2023)',
      '   Read timeout = DISABLED',
      '   Master down timer = 3609375 usecs',
    ]);
    assert.deepEqual(section(text, 'VRRP Sync groups'), [
      '------< VRRP Sync groups >------',
      ' VRRP Sync Group = G1, INIT',
      '   Num member fault 0, num member init 2',
      ...GROUP_TAIL,
    ]);
    assert.deepEqual(section(text, 'VRRP Scripts'), [
      '------< VRRP Scripts >------',
      ' VRRP Script = chk_db',
      "   Command = '/usr/local/bin/chk_db'",
      '   Interval = 5 sec',
      '   Timeout = 5 sec',
      '   Weight = 0',
      '   Rise = 1',
      '   Fall = 1',
      // vrrp_init_script: rise - 1, so one success is enough.
      '   Result = 0',
      '   Init state = INIT',
      '   Status = BAD',
      '   Script uid:gid = 0:0',
      '   VRRP instances :',
      '   Tracking instances :',
      '     VI_A, weight 0',
      '   State = running',
      ' VRRP Script = chk_grp',
      "   Command = '/usr/local/bin/chk_grp' '--quick'",
      '   Interval = 3 sec',
      '   Timeout = 2 sec',
      '   Weight = 0',
      '   Rise = 2',
      '   Fall = 2',
      '   Result = 1',
      '   Init state = INIT',
      '   Status = BAD',
      '   Script uid:gid = 0:0',
      '   VRRP instances :',
      '   Tracking instances :',
      '     VI_A, weight 0',
      '     VI_B, weight 0',
      '   State = running',
    ]);
  });

  it('a failed script and a group interface down: FAULT, each fault counted where it applies', () => {
    const n = booted();
    n.send(500_000, { kind: 'ScriptResult', script: 'chk_grp', outcome: 'exited', status: 0 });
    n.send(1_000_000, { kind: 'ScriptResult', script: 'chk_db', outcome: 'exited', status: 1 });
    n.send(2_000_000, { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: false, running: false });
    const text = dataDump(n.state, NOW);
    const faultHead = (name: string, faults: number): string[] => [
      ` VRRP Instance = ${name}`,
      '   VRRP Version = 2',
      '   Sync group = G1',
      '   State = FAULT',
      '   Flags: none',
      '   Wantstate = FAULT',
      '   Number of config faults = 0',
      `   Number of interface and track script faults = ${faults}`,
      '   Number of track scripts init = 0',
      // Both left INIT for FAULT when chk_db failed at 1 s.
      '   Last transition = 1699999991.000000 (Tue Nov 14 22:13:11.000000 2023)',
      '   Read timeout = DISABLED',
      '   Master down timer = 3609375 usecs',
    ];
    // VI_A: chk_db and the group's eth1; VI_B: eth1 only.
    assert.deepEqual(head(text, 'VI_A'), faultHead('VI_A', 2));
    assert.deepEqual(head(text, 'VI_B'), faultHead('VI_B', 1));
    assert.deepEqual(section(text, 'VRRP Sync groups'), [
      '------< VRRP Sync groups >------',
      ' VRRP Sync Group = G1, FAULT',
      '   Num member fault 2, num member init 0',
      ...GROUP_TAIL,
    ]);
    const scripts = section(text, 'VRRP Scripts');
    // chk_grp: one success from rise - 1 goes to rise + fall - 1; chk_db: a failure goes to 0.
    assert.deepEqual(
      scripts.filter((l) => /^ {3}(Result|Init state|Status|State) /.test(l)),
      [
        '   Result = 0',
        '   Init state = unknown',
        '   Status = BAD',
        '   State = idle',
        '   Result = 3',
        '   Init state = unknown',
        '   Status = GOOD',
        '   State = idle',
      ],
    );
  });
});
