import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AddressChanged, AddressSpec, Event, LinkChanged } from '../../core/events/index.js';
import { Netns, privilegeGap } from '../support/netns.js';
import { NetlinkChild } from './netlink-child-driver.js';

/**
 * The netlink adapter on a real kernel, inside a namespace of its own with a veth pair: the
 * start-up dump, addresses added and deleted through the executor (seen by `ip -j addr` and as
 * notifications), errno codes, link down, and a clean exit after close.
 */

const gap = privilegeGap(['ip']);
if (gap !== undefined) console.log(`# skipping netlink address tests: ${gap}`);

const isLink = (name: string, match: (e: LinkChanged) => boolean = () => true) =>
  (e: Event): e is LinkChanged => e.kind === 'LinkChanged' && e.interface === name && match(e);
const isAddress = (address: string, present: boolean) =>
  (e: Event): e is AddressChanged => e.kind === 'AddressChanged' && e.address === address && e.present === present;

const spec = (over: Partial<AddressSpec>): AddressSpec => ({ interface: 'va', family: 'inet', address: '10.99.0.10', prefixLength: 24, flags: [], ...over });

interface IpAddrInfo { family: string; local: string; prefixlen: number; label?: string; broadcast?: string; nodad?: boolean; preferred_life_time?: number }

describe('netlink adapter: links and addresses', { skip: gap }, () => {
  let ns: Netns | undefined;
  let child: NetlinkChild | undefined;
  const running = (): { ns: Netns; child: NetlinkChild } => {
    if (ns === undefined || child === undefined) throw new Error('namespace not set up');
    return { ns, child };
  };
  const addressesOf = (dev: string): IpAddrInfo[] => {
    const [link] = JSON.parse(running().ns.ip('-j', 'addr', 'show', 'dev', dev)) as { addr_info: IpAddrInfo[] }[];
    return link?.addr_info ?? [];
  };

  before(() => {
    ns = Netns.create('vigil-nl');
    ns.ip('link', 'add', 'name', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    ns.ip('link', 'set', 'va', 'up');
    ns.ip('link', 'set', 'vb', 'up');
    child = new NetlinkChild(ns.name);
  });
  after(() => {
    child?.kill();
    ns?.delete();
  });

  test('the start-up dump reports lo and the veth links, and every address', async () => {
    const { child } = running();
    const lo = await child.waitFor(isLink('lo'));
    assert.deepEqual({ exists: lo.exists, up: lo.up, running: lo.running }, { exists: true, up: true, running: true });
    const va = await child.waitFor(isLink('va'));
    assert.equal(va.exists, true);
    assert.equal(va.up, true);
    await child.waitFor(isLink('vb'));
    const v4 = await child.waitFor(isAddress('127.0.0.1', true));
    assert.deepEqual(v4, { kind: 'AddressChanged', interface: 'lo', family: 'inet', address: '127.0.0.1', prefixLength: 8, present: true });
    const v6 = await child.waitFor(isAddress('::1', true));
    assert.equal(v6.prefixLength, 128);
    assert.equal(v6.family, 'inet6');
  });

  test('an IPv4 address added through the executor is in `ip -j addr` and comes back as present', async () => {
    const { child } = running();
    const from = child.events.length;
    const result = await child.execute({ kind: 'AddAddress', instance: 'VI_1', address: spec({ label: 'va:vip', broadcast: '10.99.0.255', scope: 'global' }) });
    assert.deepEqual(result, { ok: true });
    const info = addressesOf('va').find((a) => a.local === '10.99.0.10');
    assert.deepEqual(
      { prefixlen: info?.prefixlen, label: info?.label, broadcast: info?.broadcast },
      { prefixlen: 24, label: 'va:vip', broadcast: '10.99.0.255' },
    );
    const seen = await child.waitFor(isAddress('10.99.0.10', true), from);
    assert.deepEqual(seen, { kind: 'AddressChanged', interface: 'va', family: 'inet', address: '10.99.0.10', prefixLength: 24, present: true });
  });

  test('adding an address that exists rejects with EEXIST', async () => {
    const result = await running().child.execute({ kind: 'AddAddress', instance: 'VI_1', address: spec({}) });
    assert.equal(result.ok, false);
    assert.equal(result.code, 'EEXIST');
  });

  test('an unknown interface rejects with ENODEV', async () => {
    const result = await running().child.execute({ kind: 'AddAddress', instance: 'VI_1', address: spec({ interface: 'nope0' }) });
    assert.equal(result.code, 'ENODEV');
  });

  test('deleting the address removes it and comes back as absent; deleting it again resolves', async () => {
    const { child } = running();
    const from = child.events.length;
    assert.deepEqual(await child.execute({ kind: 'DeleteAddress', instance: 'VI_1', address: spec({ label: 'va:vip' }) }), { ok: true });
    assert.equal(addressesOf('va').some((a) => a.local === '10.99.0.10'), false);
    await child.waitFor(isAddress('10.99.0.10', false), from);
    assert.deepEqual(await child.execute({ kind: 'DeleteAddress', instance: 'VI_1', address: spec({}) }), { ok: true });
  });

  test('an IPv6 VIP gets nodad (keepalived default), a /128 a preferred lifetime of 0', async () => {
    const { child } = running();
    const from = child.events.length;
    const v6 = spec({ family: 'inet6', address: 'fd00::10', prefixLength: 128 });
    assert.deepEqual(await child.execute({ kind: 'AddAddress', instance: 'VI_6', address: v6 }), { ok: true });
    const info = addressesOf('va').find((a) => a.local === 'fd00::10');
    assert.equal(info?.nodad, true);
    assert.equal(info.preferred_life_time, 0);
    const seen = await child.waitFor(isAddress('fd00::10', true), from);
    assert.deepEqual({ iface: seen.interface, family: seen.family, length: seen.prefixLength }, { iface: 'va', family: 'inet6', length: 128 });
    assert.deepEqual(await child.execute({ kind: 'DeleteAddress', instance: 'VI_6', address: v6 }), { ok: true });
    await child.waitFor(isAddress('fd00::10', false), from);
  });

  test('an address someone else adds or deletes is reported too', async () => {
    const { ns, child } = running();
    const from = child.events.length;
    ns.ip('addr', 'add', '10.99.0.20/24', 'dev', 'vb');
    const added = await child.waitFor(isAddress('10.99.0.20', true), from);
    assert.equal(added.interface, 'vb');
    ns.ip('addr', 'del', '10.99.0.20/24', 'dev', 'vb');
    await child.waitFor(isAddress('10.99.0.20', false), from);
  });

  test('`ip link set down` comes back as LinkChanged up=false, and up again', async () => {
    const { ns, child } = running();
    const from = child.events.length;
    ns.ip('link', 'set', 'va', 'down');
    const down = await child.waitFor(isLink('va', (e) => !e.up), from);
    assert.deepEqual({ exists: down.exists, running: down.running }, { exists: true, running: false });
    ns.ip('link', 'set', 'va', 'up');
    await child.waitFor(isLink('va', (e) => e.up && e.running), from);
  });

  test('a deleted link comes back as exists=false', async () => {
    const { ns, child } = running();
    const from = child.events.length;
    ns.ip('link', 'del', 'va'); // takes its peer vb with it
    await child.waitFor(isLink('va', (e) => !e.exists), from);
    await child.waitFor(isLink('vb', (e) => !e.exists), from);
  });

  test('after close the child exits on its own: nothing keeps the event loop alive', async () => {
    const { child } = running();
    assert.deepEqual(await child.close(), { ok: true });
    assert.equal(await child.exited(5000), 0);
    assert.deepEqual(child.errors, []);
  });
});
