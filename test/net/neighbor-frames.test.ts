// Gratuitous ARP and unsolicited NA: the frame builders byte by byte, and the frames as sent by
// NeighborAnnouncer through sendFrame (AF_PACKET) in namespace A, seen by tcpdump in namespace B.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GARP_FRAME_LENGTH, gratuitousArpFrame, parseMac, unsolicitedNaFrame } from '../../adapters/vrrp-net/frames.js';
import { internetChecksum } from '../../core/vrrp/index.js';
import { IF_A, IF_B, VethLab } from './lab.js';
import { execute, netGap } from './peer.js';

const MAC = parseMac('02:00:5e:10:00:01');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('frame builders', () => {
  test('gratuitous ARP: 42-byte broadcast request, sender = target = VIP (keepalived vrrp_arp.c)', () => {
    const frame = gratuitousArpFrame(MAC, '10.199.0.100');
    assert.equal(frame.length, GARP_FRAME_LENGTH);
    assert.equal(
      hex(frame),
      'ffffffffffff' + '02005e100001' + '0806' + '0001' + '0800' + '06' + '04' + '0001' + '02005e100001' + '0ac70064' + 'ffffffffffff' + '0ac70064',
    );
  });

  test('unsolicited NA: from the VIP to ff02::1, hop limit 255, Override, target link-layer option, valid checksum', () => {
    const frame = unsolicitedNaFrame(MAC, 'fd99:199::100', false);
    assert.equal(hex(frame.subarray(0, 14)), '333300000001' + '02005e100001' + '86dd');
    assert.equal(hex(frame.subarray(14, 22)), '60000000' + '0020' + '3a' + 'ff');
    assert.equal(hex(frame.subarray(22, 38)), 'fd990199000000000000000000000100');
    assert.equal(hex(frame.subarray(38, 54)), 'ff020000000000000000000000000001');
    const icmp = frame.subarray(54);
    assert.equal(icmp[0], 136);
    assert.equal(hex(icmp.subarray(4, 8)), '20000000');
    assert.equal(hex(icmp.subarray(24)), '0201' + '02005e100001');
    // RFC 4443 §2.3: the sum over pseudo-header + message, checksum included, verifies to 0.
    const pseudo = new Uint8Array(40);
    pseudo.set(frame.subarray(22, 54).subarray(0, 32));
    pseudo.set([0, 0, 0, 32, 0, 0, 0, 58], 32);
    assert.equal(internetChecksum([pseudo, icmp]), 0);
    assert.equal(hex(unsolicitedNaFrame(MAC, 'fd99:199::100', true).subarray(58, 62)), 'a0000000', 'Router flag when forwarding');
  });

  test('wrong address families are refused', () => {
    assert.throws(() => gratuitousArpFrame(MAC, 'fd99::1'), RangeError);
    assert.throws(() => unsolicitedNaFrame(MAC, '10.0.0.1', false), RangeError);
    assert.throws(() => parseMac('02:00:5e:10:00'), RangeError);
  });
});

const gap = netGap(['ip', 'tcpdump']);

test('GARP and unsolicited NA sent with sendFrame are seen by tcpdump on the peer', { skip: gap, timeout: 30_000 }, async (t) => {
  const lab = await VethLab.create('vgarp');
  try {
    const mac = lab.a.run('cat', [`/sys/class/net/${IF_A}/address`]).stdout.trim();
    const tcpdump = lab.start(lab.b, 'tcpdump', ['-l', '-n', '-e', '-vv', '-i', IF_B, 'arp or (icmp6 and ip6[40] == 136)']);
    await tcpdump.waitUntil(() => tcpdump.stderr.includes('listening on'), 10_000, 'tcpdump to listen');
    await execute(lab, lab.a, [
      { kind: 'SendGratuitousArp', instance: 'V4', interface: IF_A, address: '10.199.0.100' },
      { kind: 'SendUnsolicitedNa', instance: 'V6', interface: IF_A, address: 'fd99:199::100' },
    ]);
    const output = (): string => tcpdump.lines.join('\n');
    await tcpdump.waitUntil(() => output().includes('who-has 10.199.0.100') && output().includes('link-address option'), 10_000, 'the GARP and the NA');
    t.diagnostic(output());
    assert.match(output(), new RegExp(`${mac} > ff:ff:ff:ff:ff:ff, ethertype ARP \\(0x0806\\), length 42: .*Request who-has 10\\.199\\.0\\.100 \\(ff:ff:ff:ff:ff:ff\\) tell 10\\.199\\.0\\.100`));
    assert.match(output(), new RegExp(`${mac} > 33:33:00:00:00:01, ethertype IPv6 .*hlim 255.*fd99:199::100 > ff02::1: \\[icmp6 sum ok\\] ICMP6, neighbor advertisement, length 32, tgt is fd99:199::100, Flags \\[override\\]`, 's'));
    // tcpdump calls option 2 (RFC 4861 §4.6.1 Target Link-Layer Address) "destination link-address".
    assert.match(output(), new RegExp(`destination link-address option \\(2\\), length 8 \\(1\\): ${mac}`));
  } finally {
    await lab.close();
  }
});
