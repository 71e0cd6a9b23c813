// diffTables against arbitrary tables: applied to the first table (as the kernel applies IPVS
// commands, core/lvs/kernel.ts) it yields the second; it is empty between equal tables and after
// itself. A failure prints fast-check's seed and the two tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IpvsDest, IpvsService, IpvsServiceEntry } from '../../../core/events/index.js';
import { applyIpvsEffects, canonicalTable, diffTables } from '../../../core/lvs/index.js';

// Small domains, so two tables share services and destinations often.
const serviceArb: fc.Arbitrary<IpvsService> = fc.record({
  key: fc.oneof(
    fc.record({
      family: fc.constantFrom('inet' as const, 'inet6' as const),
      protocol: fc.constantFrom('TCP', 'UDP'),
      address: fc.constantFrom('10.0.0.1', '10.0.0.2', '2001:db8::1'),
      port: fc.constantFrom(80, 443),
      fwmark: fc.constant(0),
    }),
    fc.record({
      family: fc.constantFrom('inet' as const, 'inet6' as const),
      protocol: fc.constant(''),
      address: fc.constant(''),
      port: fc.constant(0),
      fwmark: fc.integer({ min: 1, max: 3 }),
    }),
  ).map((k) => ({ ...k })),
  scheduler: fc.constantFrom('rr', 'wlc', 'sh'),
  flags: fc.constantFrom(0, 0x1, 0x4, 0x18),
  timeout: fc.constantFrom(0, 300),
  netmask: fc.constantFrom(0xffffffff, 0xffffff00, 128),
});

const destArb: fc.Arbitrary<IpvsDest> = fc
  .record({
    family: fc.constantFrom('inet' as const, 'inet6' as const),
    address: fc.constantFrom('10.0.0.11', '10.0.0.12', '10.0.0.13', '2001:db8::11'),
    port: fc.constantFrom(0, 80, 8080),
    forwarding: fc.constantFrom('NAT', 'DR', 'TUN'),
    weight: fc.integer({ min: 0, max: 5 }),
    upperThreshold: fc.constantFrom(0, 100),
    lowerThreshold: fc.constantFrom(0, 10),
    gue: fc.boolean(),
    tunnelPort: fc.constantFrom(6080, 6081),
    tunnelChecksum: fc.constantFrom('nocsum', 'csum'),
  })
  .map(({ gue, tunnelPort, tunnelChecksum, ...d }): IpvsDest =>
    d.forwarding === 'TUN' ? { ...d, tunnelType: gue ? 'gue' : 'ipip', ...(gue ? { tunnelPort } : {}), tunnelChecksum } : d,
  );

const serviceKeyOf = (s: IpvsService): string => JSON.stringify(s.key);
const destKeyOf = (d: IpvsDest): string => `${d.family}|${d.address}|${d.port}`;

// fast-check may build records without a prototype; deepStrictEqual would tell them apart.
const tableArb: fc.Arbitrary<IpvsServiceEntry[]> = fc.uniqueArray(
  fc
    .record({ service: serviceArb, dests: fc.uniqueArray(destArb, { selector: destKeyOf, maxLength: 4 }) })
    .map((e) => ({ service: { ...e.service }, dests: e.dests.map((d) => ({ ...d })) })),
  { selector: (e) => serviceKeyOf(e.service), maxLength: 5 },
);

describe('diffTables (property)', () => {
  it('diffTables(a, b) applied to a yields b', () => {
    fc.assert(
      fc.property(tableArb, tableArb, (a, b) => {
        assert.deepEqual(canonicalTable(applyIpvsEffects(a, diffTables(a, b))), canonicalTable(b));
      }),
      { numRuns: 500 },
    );
  });

  it('is empty between equal tables, and after being applied', () => {
    fc.assert(
      fc.property(tableArb, tableArb, (a, b) => {
        assert.deepEqual(diffTables(a, a), []);
        assert.deepEqual(diffTables(applyIpvsEffects(a, diffTables(a, b)), b), []);
      }),
      { numRuns: 300 },
    );
  });

  it('touches only what differs: one command per service or destination that changes', () => {
    fc.assert(
      fc.property(tableArb, tableArb, (a, b) => {
        const effects = diffTables(a, b);
        const aKeys = new Map(a.map((e) => [serviceKeyOf(e.service), e]));
        const bKeys = new Set(b.map((e) => serviceKeyOf(e.service)));
        let expected = a.filter((e) => !bKeys.has(serviceKeyOf(e.service))).length;
        for (const e of b) {
          const had = aKeys.get(serviceKeyOf(e.service));
          if (had === undefined) {
            expected += 1 + e.dests.length;
            continue;
          }
          const same = canonicalTable([had])[0]?.service;
          const want = canonicalTable([e])[0]?.service;
          if (JSON.stringify(same) !== JSON.stringify(want)) expected++;
          const hadDests = new Map(canonicalTable([had])[0]?.dests.map((d) => [destKeyOf(d), JSON.stringify(d)]));
          const wantDests = new Map(canonicalTable([e])[0]?.dests.map((d) => [destKeyOf(d), JSON.stringify(d)]));
          for (const [k, v] of wantDests) if (hadDests.get(k) !== v) expected++;
          for (const k of hadDests.keys()) if (!wantDests.has(k)) expected++;
        }
        assert.equal(effects.length, expected);
      }),
      { numRuns: 300 },
    );
  });
});
