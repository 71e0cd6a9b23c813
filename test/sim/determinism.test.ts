// Same scenario + seed ⇒ byte-identical journals and timeline; different seeds differ (issue 4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalDigest, simulate, textReport } from '../../replay/sim/index.js';

const swarm = readFileSync(join(import.meta.dirname, '../../examples/simulations/swarm-three-nodes.yaml'), 'utf8');

describe('determinism', () => {
  it('the same seed twice gives the same journal digest and the same report', () => {
    for (const seed of [1, 42, 1234567]) {
      const a = simulate(swarm, seed);
      const b = simulate(swarm, seed);
      assert.equal(journalDigest(a.journals), journalDigest(b.journals), `seed ${seed}`);
      assert.equal(textReport(a, 's.yaml', true), textReport(b, 's.yaml', true));
    }
  });

  it('different seeds give different runs', () => {
    const digests = new Set([1, 2, 3, 4, 5].map((seed) => journalDigest(simulate(swarm, seed).journals)));
    assert.equal(digests.size, 5);
  });
});

describe('seed sweep (swarm: partitions, loss, pauses, crashes, clogs)', () => {
  it('300 seeds of the three-node swarm scenario: no invariant violated', () => {
    const failures: string[] = [];
    let faults = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = simulate(swarm, seed);
      faults += r.faults.length;
      if (r.violations.length > 0) failures.push(textReport(r, 'examples/simulations/swarm-three-nodes.yaml', true));
    }
    assert.ok(faults > 300, `the sweep injected ${faults} faults`);
    assert.deepEqual(failures, []);
  });
});
