// vigil lab's view of the wire: which captured frames are adverts and gratuitous ARPs, and the
// takeover read from them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { takeoverOnWire, takeoverText } from '../../../adapters/lab/takeover.js';
import { parseFrame, type WireEvent, type WireWatch } from '../../../adapters/lab/wire.js';

const MAC = [0x02, 0, 0, 0, 0, 1];

function ethernet(type: number, payload: number[]): Buffer {
  return Buffer.from([0x01, 0x00, 0x5e, 0, 0, 0x12, ...MAC, type >> 8, type & 0xff, ...payload]);
}

/** IPv4 header (protocol 112, TTL 255) + VRRPv2 advert for `vrid` at `priority`. */
function advertFrame(source: number[], vrid: number, priority: number, options: number[] = []): Buffer {
  const ihl = 5 + options.length / 4;
  const ip = [0x40 | ihl, 0, 0, 40, 0, 0, 0, 0, 255, 112, 0, 0, ...source, 224, 0, 0, 18, ...options];
  return ethernet(0x0800, [...ip, 0x21, vrid, priority, 1, 0, 1, 0, 0, 10, 211, 0, 100]);
}

function arpFrame(sender: number[], target: number[]): Buffer {
  return ethernet(0x0806, [0, 1, 8, 0, 6, 4, 0, 1, ...MAC, ...sender, 0, 0, 0, 0, 0, 0, ...target]);
}

describe('parseFrame', () => {
  it('reads an advert: source from the IP header, VRID and priority from VRRP', () => {
    assert.deepEqual(parseFrame(advertFrame([10, 211, 0, 2], 51, 100), 5), { kind: 'advert', timeMs: 5, source: '10.211.0.2', vrid: 51, priority: 100 });
  });

  it('skips IP options to find the VRRP header', () => {
    assert.deepEqual(parseFrame(advertFrame([10, 211, 0, 2], 7, 200, [1, 1, 1, 0]), 1), { kind: 'advert', timeMs: 1, source: '10.211.0.2', vrid: 7, priority: 200 });
  });

  it('a gratuitous ARP names the address both sides of it carry', () => {
    assert.deepEqual(parseFrame(arpFrame([10, 211, 0, 100], [10, 211, 0, 100]), 9), { kind: 'garp', timeMs: 9, address: '10.211.0.100' });
  });

  it('ignores ordinary ARP, other IP protocols, a bad header length and runts', () => {
    assert.equal(parseFrame(arpFrame([10, 211, 0, 1], [10, 211, 0, 2]), 0), undefined);
    const udp = advertFrame([10, 211, 0, 2], 51, 100);
    udp[14 + 9] = 17;
    assert.equal(parseFrame(udp, 0), undefined);
    const badIhl = advertFrame([10, 211, 0, 2], 51, 100);
    badIhl[14] = 0x42;
    assert.equal(parseFrame(badIhl, 0), undefined);
    assert.equal(parseFrame(Buffer.alloc(10), 0), undefined);
  });
});

function watchOf(events: WireEvent[]): WireWatch {
  // Only the read side of WireWatch, over recorded events.
  return {
    events,
    adverts: (filter = () => true) => events.filter((e) => e.kind === 'advert').filter(filter),
    garps: (address: string) => events.filter((e) => e.kind === 'garp' && e.address === address),
  } as unknown as WireWatch;
}

describe('takeoverOnWire', () => {
  const advert = (timeMs: number, source: string, priority = 100): WireEvent => ({ kind: 'advert', timeMs, source, vrid: 51, priority });
  const query = { oldSource: '10.0.0.1', newSource: '10.0.0.2', newPriority: 100, vip: '10.0.0.100', afterMs: 2500 };

  it('from the old master\'s last advert to the new one\'s first advert and GARP after the kill', () => {
    const wire = watchOf([
      advert(0, '10.0.0.2'), // the new master's brief mastership at start-up: before the kill, not counted
      advert(1000, '10.0.0.1', 150), advert(2000, '10.0.0.1', 150),
      advert(5613, '10.0.0.2'),
      { kind: 'garp', timeMs: 5614, address: '10.0.0.100' },
    ]);
    const t = takeoverOnWire(wire, query);
    assert.deepEqual(t, { lastOldAdvertMs: 2000, firstNewAdvertMs: 5613, firstGarpMs: 5614, masterDownMs: 3000 + (156 * 1000) / 256 });
    assert.match(takeoverText(t, 'n1', 'n2', '10.0.0.100'), /takeover beyond Master_Down_Interval: 3\.6 ms to the first advert, 4\.6 ms to the first GARP/);
  });

  it('no takeover without an advert from the new master after the kill', () => {
    assert.equal(takeoverOnWire(watchOf([advert(1000, '10.0.0.1', 150)]), query), undefined);
  });

  it('a priority-0 advert is not a takeover', () => {
    assert.equal(takeoverOnWire(watchOf([advert(1000, '10.0.0.1', 150), advert(3000, '10.0.0.2', 0)]), query), undefined);
  });
});
