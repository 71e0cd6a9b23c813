// The RTM_NEWLINK attributes vigil lab sends, byte for byte as iproute2 lays them out
// (include/uapi/linux/if_link.h, veth.h).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bridgeRequest, masterRequest, upRequest, vethRequest } from '../../../adapters/netns/link-messages.js';

describe('link requests', () => {
  it('a bridge: IFLA_INFO_KIND "bridge", created up', () => {
    const r = bridgeRequest('br0');
    assert.deepEqual(r.data, { flags: { up: true }, change: { up: true } });
    assert.equal(r.attrs.ifname, 'br0');
    assert.equal(r.attrs.linkinfo?.toString('hex'), '0b000100' + Buffer.from('bridge\0').toString('hex') + '00');
  });

  it('a veth pair: the peer (ifinfomsg + IFLA_IFNAME + IFLA_NET_NS_FD) nested in IFLA_INFO_DATA', () => {
    const r = vethRequest({ name: 'n1' }, { name: 'eth0', namespaceFd: 20 });
    assert.equal(r.attrs.ifname, 'n1');
    assert.equal(r.attrs.netNsFd, undefined);
    const hex = [
      '09000100', '7665746800', '000000', // IFLA_INFO_KIND "veth\0" + pad
      '2c000280', // IFLA_INFO_DATA, nested, 44 bytes
      '28000100', // VETH_INFO_PEER, 40 bytes
      '00000000000000000000000000000000', // struct ifinfomsg, all zero (IFF_UP here is ENOTCONN)
      '09000300', '6574683000', '000000', // IFLA_IFNAME "eth0\0" + pad
      '08001c00', '14000000', // IFLA_NET_NS_FD 20
    ].join('');
    assert.equal(r.attrs.linkinfo?.toString('hex'), hex);
  });

  it('the near end can be placed in another namespace too', () => {
    assert.equal(vethRequest({ name: 'a', namespaceFd: 7 }, { name: 'b' }).attrs.netNsFd, 7);
  });

  it('enslaving and bringing up name the link by index', () => {
    assert.deepEqual(masterRequest(4, 2), { data: { index: 4 }, attrs: { master: 2 } });
    assert.deepEqual(upRequest(1), { data: { flags: { up: true }, change: { up: true }, index: 1 }, attrs: {} });
  });
});
