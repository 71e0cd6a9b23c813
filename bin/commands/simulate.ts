import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../../replay/sim/duration.js';
import { writeWholeJournal } from '../../adapters/store/file/write-whole.js';
import { journalRecords, jsonReport, loadScenarioFile, ScenarioError, simulate, textReport, type Scenario, type SimulationResult } from '../../replay/sim/index.js';

/** Each node's events and effects as a journal directory DIR/NODE, for replay and postmortem. */
function writeJournals(directory: string, result: SimulationResult): void {
  for (const [node, entries] of result.journals) {
    const records = journalRecords(node, entries);
    const first = records.find((r) => r.body.kind === 'ConfigLoaded')?.body;
    const digest = first?.kind === 'ConfigLoaded' ? first.digest : '';
    writeWholeJournal({ directory: join(directory, node), nodeId: node, vigilVersion: 'simulated', configDigest: digest, records });
  }
}

/** `--seeds 1..500` → [1n, 500n]; `--seed 7` → [7n, 7n]. */
function seedRange(seed: string | undefined, seeds: string | undefined): [bigint, bigint] {
  if (seeds !== undefined) {
    const m = /^(\d+)\.\.(\d+)$/.exec(seeds);
    if (m === null) throw new ScenarioError(`--seeds: expected A..B, got '${seeds}'`);
    const [from, to] = [BigInt(m[1] ?? '0'), BigInt(m[2] ?? '0')];
    if (to < from) throw new ScenarioError('--seeds: A..B needs A <= B');
    return [from, to];
  }
  if (seed !== undefined && !/^\d+$/.test(seed)) throw new ScenarioError(`--seed: expected a number, got '${seed}'`);
  const one = BigInt(seed ?? '1');
  return [one, one];
}

/**
 * `vigil simulate SCENARIO`: runs the scenario's nodes on the real reducer in a simulated network.
 * Exit 0 when every invariant held in every seed, 1 when one did not, 2 for bad input.
 */
export function runSimulate(args: readonly string[]): number {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        seed: { type: 'string' },
        seeds: { type: 'string' },
        swarm: { type: 'boolean', default: false },
        duration: { type: 'string' },
        json: { type: 'boolean', default: false },
        'journal-dir': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`vigil simulate: ${(e as Error).message}\n`);
    return 2;
  }
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) {
    process.stderr.write('vigil simulate: expected one scenario file (vigil simulate SCENARIO.yaml [--seed N])\n');
    return 2;
  }
  let scenario: Scenario;
  let from: bigint;
  let to: bigint;
  let duration: number | undefined;
  try {
    scenario = loadScenarioFile(path);
    [from, to] = seedRange(values.seed, values.seeds);
    duration = values.duration === undefined ? undefined : parseDuration(values.duration);
    if (values.duration !== undefined && duration === undefined) throw new ScenarioError(`--duration: expected e.g. 90s, got '${values.duration}'`);
  } catch (e) {
    const message = e instanceof ScenarioError || (e as NodeJS.ErrnoException).code !== undefined ? (e as Error).message : String(e);
    process.stderr.write(`vigil simulate: ${path}: ${message}\n`);
    return 2;
  }
  const swarm = values.swarm || scenario.swarm;
  let failed = 0;
  const reports: unknown[] = [];
  for (let seed = from; seed <= to; seed++) {
    const result = simulate(scenario, seed, { swarm, ...(duration === undefined ? {} : { duration }) });
    const journalDir = values['journal-dir'];
    if (journalDir !== undefined) writeJournals(from === to ? journalDir : join(journalDir, `seed-${seed}`), result);
    if (result.violations.length > 0) failed++;
    if (values.json) reports.push(jsonReport(result, path, swarm));
    else if (from === to || result.violations.length > 0) process.stdout.write(textReport(result, path, swarm));
  }
  const runs = Number(to - from) + 1;
  if (values.json) process.stdout.write(`${JSON.stringify(runs === 1 ? reports[0] : reports, null, 2)}\n`);
  else if (runs > 1) process.stdout.write(`${runs} seeds (${from}..${to}): ${runs - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
