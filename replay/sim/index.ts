// The simulator's library API: run a scenario under a seed and get the timeline and verdicts.
import { parseScenario, type Scenario } from './scenario.js';
import { Simulation, type SimulationResult } from './simulation.js';

export { parseScenario, ScenarioError, type Scenario, type Fault, type NodeSpec } from './scenario.js';
export type { ArpChange, SimulationResult, TransitionLine } from './simulation.js';
export type { SplitBrain } from './monitor.js';
export type { Violation } from './invariants.js';
export { journalDigest, journalRecords } from './journal.js';
export { loadScenarioFile } from './load.js';
export { textReport, jsonReport, transitionLine, reproduceCommand } from './report.js';

export interface SimulateOptions {
  /** Override the scenario's swarm flag. */
  readonly swarm?: boolean;
  /** Override the scenario's duration, µs. */
  readonly duration?: number;
}

/** Runs `scenario` (YAML text or parsed) under `seed`; pure apart from the time it takes. */
export function simulate(scenario: Scenario | string, seed: bigint | number, options: SimulateOptions = {}): SimulationResult {
  const parsed = typeof scenario === 'string' ? parseScenario(scenario) : scenario;
  const effective: Scenario = {
    ...parsed,
    ...(options.swarm === undefined ? {} : { swarm: options.swarm }),
    ...(options.duration === undefined ? {} : { duration: options.duration }),
  };
  return new Simulation(effective, BigInt(seed)).run();
}
