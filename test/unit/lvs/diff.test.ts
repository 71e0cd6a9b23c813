// diffTables and the start-up reconcile against the kernel's table (keepalived check_daemon.c
// start_check lvs_flush, ipvswrapper.c ipvs_talk; DESIGN.md "effects as data").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IpvsDest, IpvsService, IpvsServiceEntry } from '../../../core/events/index.js';
import { applyIpvsEffects, canonicalTable, desiredTable, diffTables, lvsOnTableRead } from '../../../core/lvs/index.js';
import { rangeAddresses } from '../../../core/lvs/service.js';
import { Driver, ipvs, logs, rs, vsConf } from './support.js';

const key = (address: string, port = 80): IpvsService['key'] => ({ family: 'inet', protocol: 'TCP', address, port, fwmark: 0 });
const svc = (address: string, patch: Partial<IpvsService> = {}): IpvsService => ({
  key: key(address),
  scheduler: 'rr',
  flags: 0,
  timeout: 0,
  netmask: 0xffffffff,
  ...patch,
});
const dest = (address: string, patch: Partial<IpvsDest> = {}): IpvsDest => ({
  family: 'inet',
  address,
  port: 8080,
  forwarding: 'NAT',
  weight: 1,
  upperThreshold: 0,
  lowerThreshold: 0,
  ...patch,
});
const entry = (service: IpvsService, ...dests: IpvsDest[]): IpvsServiceEntry => ({ service, dests });

describe('diffTables: the fewest commands, in a fixed order', () => {
  const cases: { name: string; current: IpvsServiceEntry[]; desired: IpvsServiceEntry[]; effects: string[] }[] = [
    { name: 'equal tables: nothing', current: [entry(svc('10.0.0.1'), dest('10.0.0.11'))], desired: [entry(svc('10.0.0.1'), dest('10.0.0.11'))], effects: [] },
    {
      name: 'a new service comes before its destinations',
      current: [],
      desired: [entry(svc('10.0.0.1'), dest('10.0.0.11'), dest('10.0.0.12'))],
      effects: ['add-service TCP 10.0.0.1:80', 'add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w1', 'add-dest TCP 10.0.0.1:80 10.0.0.12:8080 w1'],
    },
    {
      name: 'a service that goes takes its destinations: one command',
      current: [entry(svc('10.0.0.1'), dest('10.0.0.11'), dest('10.0.0.12'))],
      desired: [],
      effects: ['del-service TCP 10.0.0.1:80'],
    },
    {
      name: 'destinations: departing first, then changed, then new',
      current: [entry(svc('10.0.0.1'), dest('10.0.0.11'), dest('10.0.0.12'), dest('10.0.0.13', { weight: 3 }))],
      desired: [entry(svc('10.0.0.1'), dest('10.0.0.14'), dest('10.0.0.13'), dest('10.0.0.11'))],
      effects: ['del-dest TCP 10.0.0.1:80 10.0.0.12:8080', 'update-dest TCP 10.0.0.1:80 10.0.0.13:8080 w1', 'add-dest TCP 10.0.0.1:80 10.0.0.14:8080 w1'],
    },
    {
      name: 'services that go first, then the rest in the desired order; settings changed in place',
      current: [entry(svc('10.0.0.2'), dest('10.0.0.11')), entry(svc('10.0.0.1', { scheduler: 'wlc' }))],
      desired: [entry(svc('10.0.0.3')), entry(svc('10.0.0.1'))],
      effects: ['del-service TCP 10.0.0.2:80', 'add-service TCP 10.0.0.3:80', 'update-service TCP 10.0.0.1:80'],
    },
    {
      name: 'the kernel marks its services HASHED: not a difference',
      current: [entry(svc('10.0.0.1', { flags: 0x2 | 0x1, timeout: 300 }))],
      desired: [entry(svc('10.0.0.1', { flags: 0x1, timeout: 300 }))],
      effects: [],
    },
    {
      name: 'tunnel settings count for TUN only, the port for gue only',
      current: [entry(svc('10.0.0.1'), dest('10.0.0.11', { tunnelType: 'ipip', tunnelChecksum: 'nocsum', tunnelPort: 0 }), dest('10.0.0.12', { forwarding: 'TUN', tunnelType: 'gue', tunnelPort: 1, tunnelChecksum: 'csum' }))],
      desired: [entry(svc('10.0.0.1'), dest('10.0.0.11'), dest('10.0.0.12', { forwarding: 'TUN', tunnelType: 'gue', tunnelPort: 2, tunnelChecksum: 'csum' }))],
      effects: ['update-dest TCP 10.0.0.1:80 10.0.0.12:8080 w1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const effects = diffTables(c.current, c.desired);
      assert.deepEqual(ipvs(effects), c.effects);
      assert.deepEqual(canonicalTable(applyIpvsEffects(c.current, effects)), canonicalTable(c.desired));
    });
  }
});

describe('start-up: reconciling with the kernel table', () => {
  const text = vsConf(rs('10.0.0.11 8080', 'weight 2') + rs('10.0.0.12 8080') + rs('10.0.0.13 8080'));
  const ours = (d: Driver): IpvsServiceEntry[] => desiredTable(d.state);

  it('nothing goes to the kernel before its table is read', () => {
    const d = new Driver(text, { table: false });
    assert.equal(d.effects[0]?.kind, 'ReadIpvsTable');
    assert.deepEqual(ipvs(d.effects), []);
    assert.equal(d.state.phase, 'reading');
  });

  const cases: { name: string; kernel: (d: Driver) => IpvsServiceEntry[]; effects: string[] }[] = [
    { name: 'an empty kernel gets everything', kernel: () => [], effects: ['add-service TCP 10.0.0.1:80', 'add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w2', 'add-dest TCP 10.0.0.1:80 10.0.0.12:8080 w1', 'add-dest TCP 10.0.0.1:80 10.0.0.13:8080 w1'] },
    { name: 'a kernel already right gets nothing', kernel: ours, effects: [] },
    {
      name: 'a service of ours with other settings, an extra, a missing and a different server is corrected',
      kernel: () => [entry(svc('10.0.0.1', { scheduler: 'wlc' }), dest('10.0.0.11', { weight: 9 }), dest('10.0.0.12'), dest('10.0.0.99'))],
      effects: ['update-service TCP 10.0.0.1:80', 'del-dest TCP 10.0.0.1:80 10.0.0.99:8080', 'update-dest TCP 10.0.0.1:80 10.0.0.11:8080 w2', 'add-dest TCP 10.0.0.1:80 10.0.0.13:8080 w1'],
    },
    {
      name: 'services that are not ours are left alone',
      kernel: (d) => [entry(svc('192.168.1.1'), dest('192.168.1.10')), ...ours(d)],
      effects: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = new Driver(text, { table: false });
      const kernel = c.kernel(d);
      const effects = d.step((e) => lvsOnTableRead(d.state, { kind: 'IpvsTableRead', services: kernel, ok: true, error: '' }, 5, e));
      assert.deepEqual(ipvs(effects), c.effects);
      assert.equal(d.state.phase, 'running');
      // The kernel ends up holding exactly its other services plus ours.
      const after = applyIpvsEffects(kernel, effects);
      const others = kernel.filter((k) => k.service.key.address !== '10.0.0.1');
      assert.deepEqual(canonicalTable(after), canonicalTable([...others, ...ours(d)]));
    });
  }

  it('a failed read: a warning, then everything is added', () => {
    const d = new Driver(text, { table: false });
    const effects = d.step((e) => lvsOnTableRead(d.state, { kind: 'IpvsTableRead', services: [], ok: false, error: 'EPERM' }, 5, e));
    assert.deepEqual(logs(effects), ['IPVS: cannot read the kernel table (EPERM) - adding every service']);
    assert.equal(ipvs(effects).length, 4);
  });

  it('lvs_flush: the table is flushed instead of read, and filled at once', () => {
    const d = new Driver(vsConf(rs('10.0.0.11 8080'), '10.0.0.1 80', 'lvs_flush'), { table: false });
    assert.deepEqual(ipvs(d.effects), ['flush', 'add-service TCP 10.0.0.1:80', 'add-dest TCP 10.0.0.1:80 10.0.0.11:8080 w1']);
    assert.ok(d.effects.every((e) => e.kind !== 'ReadIpvsTable'));
    assert.equal(d.state.phase, 'running');
  });

  it('state changes while the table is being read reach the kernel with the read', () => {
    const d = new Driver(text, { table: false });
    const [first] = d.ids;
    assert.ok(first !== undefined);
    assert.deepEqual(ipvs(d.check(first, false)), [], 'nothing yet');
    const effects = d.step((e) => lvsOnTableRead(d.state, { kind: 'IpvsTableRead', services: [], ok: true, error: '' }, 5 * 1_000_000, e));
    assert.deepEqual(ipvs(effects), ['add-service TCP 10.0.0.1:80', 'add-dest TCP 10.0.0.1:80 10.0.0.12:8080 w1', 'add-dest TCP 10.0.0.1:80 10.0.0.13:8080 w1']);
  });
});

describe('group ranges (ipvs_group_range_cmd)', () => {
  it('an IPv6 range wraps its last 16 bits like keepalived: it stops when they equal the end', () => {
    const a = (address: string): { family: 'inet6'; address: string; port: number } => ({ family: 'inet6', address, port: 80 });
    assert.deepEqual(rangeAddresses(a('2001:db8::fffe'), a('2001:db8::1:0')), ['2001:db8::fffe', '2001:db8::ffff', '2001:db8::']);
  });
});
