import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouteSpec, RuleSpec } from '../../core/events/index.js';
import { Netns, privilegeGap } from '../support/netns.js';
import { NetlinkChild } from './netlink-child-driver.js';

/** Routes and policy rules through the executor, checked with `ip -j route` / `ip -j rule`. */

const gap = privilegeGap(['ip']);
if (gap !== undefined) console.log(`# skipping netlink route tests: ${gap}`);

const route = (over: Partial<RouteSpec>): RouteSpec => ({ family: 'inet', destination: '10.98.0.0/24', type: 'unicast', options: [], nexthops: [], ...over });
const rule: RuleSpec = { family: 'inet', from: '10.99.0.10/32', preference: 1000, action: 'table', actionValue: '100', options: [] };

interface IpRoute { dst: string; gateway?: string; dev?: string; metric?: number; protocol?: string; type?: string; prefsrc?: string }
interface IpRule { priority: number; src?: string; srclen?: number; table?: string }

describe('netlink adapter: routes and rules', { skip: gap }, () => {
  let ns: Netns | undefined;
  let child: NetlinkChild | undefined;
  const running = (): { ns: Netns; child: NetlinkChild } => {
    if (ns === undefined || child === undefined) throw new Error('namespace not set up');
    return { ns, child };
  };
  const routes = (table: string): IpRoute[] => JSON.parse(running().ns.ip('-j', 'route', 'show', 'table', table)) as IpRoute[];
  const rules = (): IpRule[] => JSON.parse(running().ns.ip('-j', 'rule', 'show')) as IpRule[];

  before(() => {
    ns = Netns.create('vigil-nlrt');
    ns.ip('link', 'add', 'name', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    ns.ip('link', 'set', 'va', 'up');
    ns.ip('link', 'set', 'vb', 'up');
    ns.ip('addr', 'add', '10.99.0.1/24', 'dev', 'va');
    child = new NetlinkChild(ns.name);
  });
  after(() => {
    child?.kill();
    ns?.delete();
  });

  test('a route via a gateway in table 100: added, EEXIST again, deleted, deleting again resolves', async () => {
    const { child } = running();
    const spec = route({ via: '10.99.0.2', dev: 'va', table: '100', metric: 50, src: '10.99.0.1' });
    assert.deepEqual(await child.execute({ kind: 'AddRoute', instance: 'VI_1', route: spec }), { ok: true });
    assert.deepEqual(routes('100').map(({ dst, gateway, dev, metric, protocol, prefsrc }) => ({ dst, gateway, dev, metric, protocol, prefsrc })), [
      { dst: '10.98.0.0/24', gateway: '10.99.0.2', dev: 'va', metric: 50, protocol: 'keepalived', prefsrc: '10.99.0.1' },
    ]);
    assert.equal((await child.execute({ kind: 'AddRoute', instance: 'VI_1', route: spec })).code, 'EEXIST');
    assert.deepEqual(await child.execute({ kind: 'DeleteRoute', instance: 'VI_1', route: spec }), { ok: true });
    assert.deepEqual(routes('100'), []);
    assert.deepEqual(await child.execute({ kind: 'DeleteRoute', instance: 'VI_1', route: spec }), { ok: true });
  });

  test('a default route and a blackhole route in the main table', async () => {
    const { child } = running();
    const viaDefault = route({ destination: 'default', via: '10.99.0.2' });
    const blackhole = route({ destination: '192.0.2.0/24', type: 'blackhole' });
    assert.deepEqual(await child.execute({ kind: 'AddRoute', instance: 'VI_1', route: viaDefault }), { ok: true });
    assert.deepEqual(await child.execute({ kind: 'AddRoute', instance: 'VI_1', route: blackhole }), { ok: true });
    const main = routes('main');
    assert.equal(main.find((r) => r.dst === 'default')?.gateway, '10.99.0.2');
    assert.equal(main.find((r) => r.dst === '192.0.2.0/24')?.type, 'blackhole');
    assert.deepEqual(await child.execute({ kind: 'DeleteRoute', instance: 'VI_1', route: viaDefault }), { ok: true });
    assert.deepEqual(await child.execute({ kind: 'DeleteRoute', instance: 'VI_1', route: blackhole }), { ok: true });
    assert.deepEqual(routes('main').filter((r) => r.dst === 'default' || r.dst === '192.0.2.0/24'), []);
  });

  test('a gateway that is not reachable rejects with the kernel errno', async () => {
    const result = await running().child.execute({ kind: 'AddRoute', instance: 'VI_1', route: route({ via: '203.0.113.1' }) });
    assert.equal(result.ok, false);
    assert.equal(result.code, 'ENETUNREACH');
  });

  test('an unsupported route option rejects with EINVAL instead of being dropped', async () => {
    const result = await running().child.execute({ kind: 'AddRoute', instance: 'VI_1', route: route({ options: [{ keyword: 'mtu', value: '1400' }] }) });
    assert.equal(result.code, 'EINVAL');
  });

  test('a rule from 10.99.0.10 lookup 100: added, EEXIST again, deleted, deleting again resolves', async () => {
    const { child } = running();
    assert.deepEqual(await child.execute({ kind: 'AddRule', instance: 'VI_1', rule }), { ok: true });
    const mine = rules().filter((r) => r.priority === 1000);
    assert.deepEqual(mine.map(({ src, srclen, table }) => ({ src, srclen, table })), [{ src: '10.99.0.10', srclen: undefined, table: '100' }]); // ip -j omits a host prefix's srclen
    assert.equal((await child.execute({ kind: 'AddRule', instance: 'VI_1', rule })).code, 'EEXIST');
    assert.deepEqual(await child.execute({ kind: 'DeleteRule', instance: 'VI_1', rule }), { ok: true });
    assert.deepEqual(rules().filter((r) => r.priority === 1000), []);
    assert.deepEqual(await child.execute({ kind: 'DeleteRule', instance: 'VI_1', rule }), { ok: true });
  });

  test('closes cleanly', async () => {
    const { child } = running();
    await child.close();
    assert.equal(await child.exited(5000), 0);
  });
});
