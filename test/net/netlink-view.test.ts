import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NetworkView, type AddressFact, type LinkFact } from '../../adapters/netlink/network-view.js';

/**
 * The pure half of the link/address source: which events a notification or a re-dump produces.
 * No sockets, no root.
 */

const lo: LinkFact = { index: 1, name: 'lo', up: true, running: true };
const eth0: LinkFact = { index: 2, name: 'eth0', up: true, running: true };
const vip: AddressFact = { index: 2, family: 'inet', address: '10.0.0.10', prefixLength: 24, label: 'eth0:vip' };
const v6: AddressFact = { index: 2, family: 'inet6', address: 'fd00::10', prefixLength: 64 };

describe('NetworkView', () => {
  test('a first dump reports every link, then every address', () => {
    const view = new NetworkView();
    assert.deepEqual(view.replaceWith([eth0, lo], [v6, vip]), [
      { kind: 'LinkChanged', interface: 'lo', index: 1, exists: true, up: true, running: true },
      { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true },
      { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '10.0.0.10', prefixLength: 24, present: true },
      { kind: 'AddressChanged', interface: 'eth0', family: 'inet6', address: 'fd00::10', prefixLength: 64, present: true },
    ]);
  });

  test('a notification that changes nothing the reducer sees produces no event', () => {
    const view = new NetworkView();
    view.replaceWith([eth0], [vip]);
    assert.deepEqual(view.linkSeen({ ...eth0 }), []);
    assert.deepEqual(view.addressSeen({ ...vip }), []);
    assert.deepEqual(view.addressGone(v6), []);
    assert.deepEqual(view.linkGone(9), []);
  });

  test('link down, then the link deleted: its addresses go first', () => {
    const view = new NetworkView();
    view.replaceWith([eth0], [vip]);
    assert.deepEqual(view.linkSeen({ ...eth0, up: false, running: false }), [
      { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: false, running: false },
    ]);
    assert.deepEqual(view.linkGone(2), [
      { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '10.0.0.10', prefixLength: 24, present: false },
      { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: false, up: false, running: false },
    ]);
    assert.deepEqual(view.addressGone(vip), [], "the kernel's DELADDR after the DELLINK changes nothing");
  });

  test('a rename reads as the old name gone and the new one there, addresses moving along', () => {
    const view = new NetworkView();
    view.replaceWith([eth0], [vip]);
    assert.deepEqual(view.linkSeen({ ...eth0, name: 'wan' }).map((e) => `${e.kind} ${e.interface} ${'present' in e ? e.present : e.exists}`), [
      'LinkChanged eth0 false',
      'AddressChanged eth0 false',
      'LinkChanged wan true',
      'AddressChanged wan true',
    ]);
  });

  test('a re-dump after lost notifications reports only the differences', () => {
    const view = new NetworkView();
    view.replaceWith([lo, eth0], [vip]);
    const eth1: LinkFact = { index: 3, name: 'eth1', up: false, running: false };
    assert.deepEqual(view.replaceWith([lo, { ...eth0, running: false }, eth1], [v6]), [
      { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: false },
      { kind: 'LinkChanged', interface: 'eth1', index: 3, exists: true, up: false, running: false },
      { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '10.0.0.10', prefixLength: 24, present: false },
      { kind: 'AddressChanged', interface: 'eth0', family: 'inet6', address: 'fd00::10', prefixLength: 64, present: true },
    ]);
    assert.deepEqual(view.replaceWith([lo, { ...eth0, running: false }, eth1], [v6]), [], 'the same dump again: nothing');
  });

  test('an address whose link is not known yet is named by its label', () => {
    const view = new NetworkView();
    const [event] = view.addressSeen({ ...vip, index: 7, label: 'eth7:vip' });
    assert.equal(event?.kind === 'AddressChanged' ? event.interface : undefined, 'eth7');
  });
});
