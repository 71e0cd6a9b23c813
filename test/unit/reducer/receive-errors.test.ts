// Bad adverts are dropped and counted, never fatal (reference keepalived.md §2.8).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceConfig } from '../../support/cluster.js';
import { advertEvent, TestNode } from '../../support/node.js';

describe('bad adverts', () => {
  it('a wrong password is logged, counted, and does not touch the timer', () => {
    const n = new TestNode(instanceConfig({ priority: 100, extra: 'authentication { auth_type PASS\nauth_pass secret }' }));
    n.boot(0);
    const deadline = n.instance().deadline;
    const effects = n.advert(1_000_000, { priority: 200, source: '192.168.100.1', password: 'wrong' });
    assert.deepEqual(n.logs(effects), ['(VI_1) received an invalid passwd!']);
    assert.equal(n.instance().stats.auth_failure, 1);
    assert.equal(n.instance().deadline, deadline);
  });

  it('the right password is accepted', () => {
    const n = new TestNode(instanceConfig({ priority: 100, extra: 'authentication { auth_type PASS\nauth_pass secret }' }));
    n.boot(0);
    n.advert(1_000_000, { priority: 200, source: '192.168.100.1', password: 'secret' });
    assert.equal(n.instance().master?.address, '192.168.100.1');
  });

  it('a TTL other than 255 on multicast is rejected (RFC 5798 §7.1)', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    n.advert(1_000_000, { priority: 200, source: '192.168.100.1', ttl: 64 });
    assert.equal(n.instance().stats.ip_ttl_err, 1);
    assert.equal(n.instance().master, undefined);
  });

  it('a different address list is logged but accepted (RFC 9568, keepalived >= 2.3.3)', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    const effects = n.advert(1_000_000, { priority: 200, source: '192.168.100.1', addresses: ['192.168.100.99'] });
    assert.equal(n.instance().master?.address, '192.168.100.1');
    assert.ok(n.logs(effects).length > 0);
  });

  it('an unknown VRID and a truncated packet are dropped and counted at node level', () => {
    const n = new TestNode(instanceConfig({ priority: 100, global: 'log_unknown_vrids' }));
    n.boot(0);
    const effects = n.advert(1_000_000, { priority: 200, source: '192.168.100.1', vrid: 7 });
    assert.deepEqual(n.logs(effects), ['Unknown VRID(7) received on interface(eth0). ignoring...']);
    const e = advertEvent({ priority: 200, source: '192.168.100.1' });
    if (e.kind !== 'AdvertReceived') throw new Error('unreachable');
    n.send(1_000_001, { ...e, payload: e.payload.subarray(0, 5) });
    assert.deepEqual(n.state.dropped, { truncated: 1, unknownVrid: 1 });
  });

  it('random bytes never throw', () => {
    const n = new TestNode(instanceConfig({ priority: 100 }));
    n.boot(0);
    const e = advertEvent({ priority: 200, source: '192.168.100.1' });
    if (e.kind !== 'AdvertReceived') throw new Error('unreachable');
    for (let i = 0; i < 200; i++) {
      const payload = e.payload.slice();
      const j = (i * 7) % payload.length;
      payload[j] = (payload[j] ?? 0) ^ ((i * 37) & 0xff || 1);
      assert.doesNotThrow(() => n.send(1_000_000 + i, { ...e, payload }));
    }
  });
});
