// The scenario several dump tests share: two instances, one MASTER with a script and a track
// file, one v3 BACKUP that heard a master.
import { TestNode } from '../../support/node.js';

export const MAIN_CONFIG = `
global_defs {
  router_id lb-1
  notification_email {
    ops@example.com
    oncall@example.com
  }
  notification_email_from vigil@example.com
  smtp_server 192.168.100.25 2525
  smtp_helo_name lb-1.example.com
  smtp_connect_timeout 20
  script_user root
  enable_script_security
}
vrrp_script chk_web {
  script "/usr/bin/curl -sf http://127.0.0.1/"
  interval 2
  timeout 3
  weight 10
  rise 2
  fall 3
}
track_file maint {
  file "/var/run/maint"
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 150
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass secret
  }
  virtual_ipaddress {
    192.168.100.10/24 dev eth0
    192.168.100.11 label eth0:1
  }
  virtual_ipaddress_excluded {
    10.1.0.10/16
  }
  track_script {
    chk_web
  }
  track_file {
    maint weight -2
  }
  notify_master "/etc/keepalived/master.sh VI_1"
  notify "/etc/keepalived/notify.sh"
  smtp_alert
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority 100
  version 3
  advert_int 0.5
  nopreempt
  virtual_ipaddress {
    192.168.100.20
  }
}
`;

/**
 * Both instances enter BACKUP at 0. chk_web succeeds at 0.5 s (rise 2 from rise-1: straight to
 * rise+fall-1 = 4, +10), maint reads 0 (no change); VI_1 (160) times out at
 * 3 × 1 s + (256 - 160)/256 s = 3.375 s and becomes MASTER. VI_2 hears a v3 master (priority 200,
 * 1 s) at 1 s: its down timer is 3 × 1 s + (256 - 100) × 1 s/256 = 3.609375 s, due at 4.609375 s.
 */
export function mainScenario(): TestNode {
  const n = new TestNode(MAIN_CONFIG);
  n.boot(0);
  n.send(500_000, { kind: 'ScriptResult', script: 'chk_web', outcome: 'exited', status: 0 });
  n.send(600_000, { kind: 'TrackFileChanged', file: 'maint', value: 0 });
  n.advert(1_000_000, { source: '192.168.100.1', vrid: 52, version: 3, interval: 100, priority: 200, addresses: ['192.168.100.20'] });
  n.runToDeadline('VI_1');
  return n;
}
