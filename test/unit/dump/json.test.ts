// /tmp/keepalived.json (keepalived 2.2.7 vrrp_json.c): field names, order and values, and the
// text as keepalived's json_writer prints it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDump, jsonDumpText } from '../../../projections/dump/index.js';
import { TestNode } from '../../support/node.js';
import { mainScenario } from './scenario.js';
import { NOW } from './support.js';

const ZERO_STATS = {
  advert_rcvd: 0,
  advert_sent: 0,
  become_master: 0,
  release_master: 0,
  packet_len_err: 0,
  advert_interval_err: 0,
  ip_ttl_err: 0,
  invalid_type_rcvd: 0,
  addr_list_err: 0,
  invalid_authtype: 0,
  authtype_mismatch: 0,
  auth_failure: 0,
  pri_zero_rcvd: 0,
  pri_zero_sent: 0,
};

/** keepalived 2.2.7 vrrp_json_data_dump, in its order (fields with nothing to say are absent). */
const DATA_KEYS = [
  'iname', 'dont_track_primary', 'skip_check_adv_addr', 'strict_mode', 'vmac_ifname', 'ifp_ifname',
  'master_priority', 'last_transition', 'garp_delay', 'garp_refresh', 'garp_rep', 'garp_refresh_rep',
  'garp_lower_prio_delay', 'garp_lower_prio_rep', 'lower_prio_no_advert', 'higher_prio_send_advert',
  'vrid', 'base_priority', 'effective_priority', 'vipset', 'promote_secondaries', 'adver_int',
  'master_adver_int', 'accept', 'nopreempt', 'preempt_delay', 'state', 'wantstate', 'version',
  'smtp_alert', 'notify_deleted', 'script_master', 'script', 'vips', 'evips', 'track_script',
  'auth_type', 'auth_data',
];

describe('jsonDump', () => {
  it('gives one { data, stats } per instance with keepalived 2.2.7 names and values', () => {
    assert.deepEqual(jsonDump(mainScenario().state, NOW), [
      {
        data: {
          iname: 'VI_1',
          dont_track_primary: 0,
          skip_check_adv_addr: 0,
          strict_mode: 0,
          vmac_ifname: '',
          ifp_ifname: 'eth0',
          master_priority: 0,
          last_transition: 1699999993.375,
          garp_delay: 5,
          garp_refresh: 0,
          garp_rep: 5,
          garp_refresh_rep: 1,
          garp_lower_prio_delay: 5,
          garp_lower_prio_rep: 5,
          lower_prio_no_advert: 0,
          higher_prio_send_advert: 0,
          vrid: 51,
          base_priority: 150,
          effective_priority: 160,
          vipset: true,
          promote_secondaries: false,
          adver_int: 1,
          master_adver_int: 1,
          accept: 1,
          nopreempt: false,
          preempt_delay: 0,
          state: 2,
          wantstate: 2,
          version: 2,
          smtp_alert: true,
          notify_deleted: false,
          script_master: "'/etc/keepalived/master.sh' 'VI_1'",
          script: "'/etc/keepalived/notify.sh'",
          vips: ['192.168.100.10/24 dev eth0 scope global set', '192.168.100.11 dev eth0 scope global label eth0:1 set'],
          evips: ['10.1.0.10/16 dev eth0 scope global set'],
          track_script: ["'/usr/bin/curl' '-sf' 'http://127.0.0.1/'"],
          auth_type: 1,
          auth_data: 'secret',
        },
        stats: { ...ZERO_STATS, advert_sent: 1, become_master: 1 },
      },
      {
        data: {
          iname: 'VI_2',
          dont_track_primary: 0,
          skip_check_adv_addr: 0,
          strict_mode: 0,
          vmac_ifname: '',
          ifp_ifname: 'eth0',
          master_priority: 200,
          last_transition: 1699999990,
          garp_delay: 5,
          garp_refresh: 0,
          garp_rep: 5,
          garp_refresh_rep: 1,
          garp_lower_prio_delay: 5,
          garp_lower_prio_rep: 5,
          lower_prio_no_advert: 0,
          higher_prio_send_advert: 0,
          vrid: 52,
          base_priority: 100,
          effective_priority: 100,
          vipset: false,
          promote_secondaries: false,
          adver_int: 0.5,
          master_adver_int: 1,
          accept: 1,
          nopreempt: true,
          preempt_delay: 0,
          state: 1,
          wantstate: 1,
          version: 3,
          smtp_alert: false,
          notify_deleted: false,
          vips: ['192.168.100.20 dev eth0 scope global'],
          auth_type: 0,
        },
        stats: { ...ZERO_STATS, advert_rcvd: 1 },
      },
    ]);
  });

  it('keeps keepalived field order', () => {
    const [first] = jsonDump(mainScenario().state, NOW) as { data: object }[];
    assert.deepEqual(Object.keys(first?.data ?? {}), DATA_KEYS);
  });

  it('is an empty array before a config is loaded', () => {
    assert.deepEqual(jsonDump(new TestNode('').state, NOW), []);
  });
});

describe('jsonDumpText', () => {
  it('writes keepalived json_writer text: "/" escaped, last_transition with six decimals, newline', () => {
    const n = new TestNode(`
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  advert_int 2
  notify_backup "/bin/echo backup"
  virtual_ipaddress {
    192.168.100.10/24
  }
}
`);
    n.boot(2_500_000);
    assert.equal(
      jsonDumpText(n.state, NOW),
      '[{"data":{"iname":"VI_1","dont_track_primary":0,"skip_check_adv_addr":0,"strict_mode":0,"vmac_ifname":"",' +
        '"ifp_ifname":"eth0","master_priority":0,"last_transition":1699999992.500000,"garp_delay":5,"garp_refresh":0,' +
        '"garp_rep":5,"garp_refresh_rep":1,"garp_lower_prio_delay":5,"garp_lower_prio_rep":5,"lower_prio_no_advert":0,' +
        '"higher_prio_send_advert":0,"vrid":51,"base_priority":100,"effective_priority":100,"vipset":false,' +
        '"promote_secondaries":false,"adver_int":2,"master_adver_int":2,"accept":1,"nopreempt":false,"preempt_delay":0,' +
        '"state":1,"wantstate":1,"version":2,"smtp_alert":false,"notify_deleted":false,' +
        '"script_backup":"\'\\/bin\\/echo\' \'backup\'","vips":["192.168.100.10\\/24 dev eth0 scope global"],' +
        '"auth_type":0},"stats":{"advert_rcvd":0,"advert_sent":0,"become_master":0,"release_master":0,' +
        '"packet_len_err":0,"advert_interval_err":0,"ip_ttl_err":0,"invalid_type_rcvd":0,"addr_list_err":0,' +
        '"invalid_authtype":0,"authtype_mismatch":0,"auth_failure":0,"pri_zero_rcvd":0,"pri_zero_sent":0}}]\n',
    );
  });

  it('parses back to what jsonDump gives', () => {
    const state = mainScenario().state;
    assert.deepEqual(JSON.parse(jsonDumpText(state, NOW)), jsonDump(state, NOW));
  });
});
