// /tmp/keepalived.stats from states the reducer built (keepalived 2.2.7 vrrp_print.c
// vrrp_print_stats). Expected texts are keepalived's layout with the counts the scenario must give
// by keepalived's rules (reference keepalived.md §2.8: what is counted where).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initialState } from '../../../core/reducer/reduce.js';
import { statsDump } from '../../../projections/dump/index.js';
import { TestNode } from '../../support/node.js';
import { linesOf } from './support.js';

const CONFIG = `
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  authentication {
    auth_type PASS
    auth_pass secret
  }
  virtual_ipaddress {
    192.168.100.10
  }
}
vrrp_instance VI_2 {
  state BACKUP
  interface eth0
  virtual_router_id 52
  priority 50
  virtual_ipaddress {
    192.168.100.20
  }
}
`;

const PEER = '192.168.100.1';

/** VI_1 becomes MASTER, gets bad adverts and a priority 0, then loses to a higher priority. */
function scenario(): TestNode {
  const n = new TestNode(CONFIG);
  n.boot(0);
  n.runToDeadline('VI_1');
  assert.equal(n.instance('VI_1').state, 'master');
  const vi1 = { source: PEER, addresses: ['192.168.100.10'], password: 'secret' };
  n.advert(4_000_000, { ...vi1, priority: 90, ttl: 64 });
  n.advert(4_100_000, { ...vi1, priority: 90, password: 'wrong' });
  n.advert(4_200_000, { ...vi1, priority: 0 });
  n.advert(4_300_000, { ...vi1, priority: 200 });
  assert.equal(n.instance('VI_1').state, 'backup');
  const vi2 = { source: PEER, vrid: 52, addresses: ['192.168.100.20'] };
  n.advert(4_400_000, { ...vi2, priority: 100, interval: 2 });
  n.advert(4_500_000, { ...vi2, priority: 100, password: 'secret' });
  n.runToDeadline('VI_2');
  assert.equal(n.instance('VI_2').state, 'master');
  n.send(9_000_000, { kind: 'ShutdownRequested', signal: 'SIGTERM' });
  return n;
}

describe('statsDump', () => {
  it('writes keepalived 2.2.7 vrrp_print_stats blocks with the counters the events produced', () => {
    // VI_1: the TTL-64 and wrong-password adverts are rejected before advert_rcvd is counted;
    // the priority-0 advert is received (and answered by an advert), the priority-200 one is
    // received and makes it release MASTER. Sent: on becoming MASTER, and the answer.
    // VI_2: the v2 interval mismatch and the PASS auth on an instance without auth are rejected
    // uncounted as received; it sends on becoming MASTER and its priority 0 at shutdown.
    assert.deepEqual(linesOf(statsDump(scenario().state)), [
      'VRRP Instance: VI_1',
      '  Advertisements:',
      '    Received: 2',
      '    Sent: 2',
      '  Became master: 1',
      '  Released master: 1',
      '  Packet Errors:',
      '    Length: 0',
      '    TTL: 1',
      '    Invalid Type: 0',
      '    Advertisement Interval: 0',
      '    Address List: 0',
      '  Authentication Errors:',
      '    Invalid Type: 0',
      '    Type Mismatch: 0',
      '    Failure: 1',
      '  Priority Zero:',
      '    Received: 1',
      '    Sent: 0',
      'VRRP Instance: VI_2',
      '  Advertisements:',
      '    Received: 0',
      '    Sent: 2',
      '  Became master: 1',
      '  Released master: 0',
      '  Packet Errors:',
      '    Length: 0',
      '    TTL: 0',
      '    Invalid Type: 0',
      '    Advertisement Interval: 1',
      '    Address List: 0',
      '  Authentication Errors:',
      '    Invalid Type: 0',
      '    Type Mismatch: 1',
      '    Failure: 0',
      '  Priority Zero:',
      '    Received: 0',
      '    Sent: 1',
    ]);
  });

  it('lists instances in config order, all counters zero before any traffic', () => {
    const n = new TestNode(CONFIG);
    n.boot(0);
    const lines = linesOf(statsDump(n.state));
    assert.equal(lines.length, 2 * 19);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('VRRP Instance: ')),
      ['VRRP Instance: VI_1', 'VRRP Instance: VI_2'],
    );
    assert.deepEqual(
      lines.filter((l) => /^ +[A-Za-z ]+: \d+$/.test(l)).map((l) => l.replace(/.*: /, '')),
      Array<string>(2 * 14).fill('0'),
    );
  });

  it('is empty before a config is loaded, as keepalived writes no block without instances', () => {
    assert.equal(statsDump(initialState), '');
  });
});
