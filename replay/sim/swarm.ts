// Swarm testing (TigerBeetle's options_swarm, reference peers.md §3.1): each seed draws the fault
// *rates* first, then faults at those rates, all in the first part of the run so the rest is quiet
// and liveness can be judged.
import type { Random } from './random.js';
import type { Fault, Scenario } from './scenario.js';

/** Faults happen only before this fraction of the run; the rest is the liveness phase. */
const FAULTY_FRACTION = 0.6;

export function swarmFaults(scenario: Scenario, rng: Random): Fault[] {
  const names = scenario.nodes.map((n) => n.name);
  const end = Math.floor(scenario.duration * FAULTY_FRACTION);
  // Per-second probabilities of starting each kind of fault, drawn once per seed.
  const rates = {
    partition: rng.between(0, 0.08),
    isolate: rng.between(0, 0.08),
    loss: rng.between(0, 0.1),
    pause: rng.between(0, 0.05),
    crash: rng.between(0, 0.03),
    clog: rng.between(0, 0.05),
    link: rng.between(0, 0.03),
    effectFailure: rng.between(0, 0.03),
  };
  const faults: Fault[] = [];
  const duration = (maxSeconds: number): number => rng.int(200_000, maxSeconds * 1_000_000);
  for (let at = 0; at < end; at += 1_000_000) {
    if (rng.chance(rates.partition) && names.length > 1) {
      const shuffled = [...names].sort(() => rng.next() - 0.5);
      const cut = rng.int(1, names.length - 1);
      faults.push({ kind: 'partition', at, duration: duration(8), groups: [shuffled.slice(0, cut), shuffled.slice(cut)], oneWay: rng.chance(0.3) });
    }
    if (rng.chance(rates.isolate)) faults.push({ kind: 'isolate', at, duration: duration(8), node: rng.pick(names) });
    if (rng.chance(rates.loss)) faults.push({ kind: 'loss', at, duration: duration(10), rate: rng.between(0.05, 0.6), from: rng.pick(names) });
    if (rng.chance(rates.pause)) faults.push({ kind: 'pause', at, duration: duration(3), node: rng.pick(names) });
    if (rng.chance(rates.crash)) faults.push({ kind: 'crash', at, node: rng.pick(names), restartAfter: duration(10) });
    if (rng.chance(rates.clog)) faults.push({ kind: 'clog', at, duration: duration(4), from: rng.pick(names) });
    if (rng.chance(rates.link)) {
      const node = rng.pick(scenario.nodes);
      faults.push({ kind: 'link', at, duration: duration(6), node: node.name, interface: node.interface });
    }
    if (rng.chance(rates.effectFailure)) {
      const effect = rng.pick(['AddAddress', 'DeleteAddress', 'SendAdvert', 'SendGratuitousArp']);
      faults.push({ kind: 'effectFailure', at, duration: duration(6), node: rng.pick(names), effect, error: rng.pick(['EPERM', 'ENODEV', 'EEXIST']) });
    }
  }
  return faults;
}
