import { parseArgs } from 'node:util';
import { readJournalDirectory } from '../../adapters/store/file/read-only.js';
import { JournalReadError } from '../../adapters/store/file/reader.js';
import type { Record as JournalRecord } from '../../core/events/index.js';
import { postmortem, postmortemJson, PostmortemError, postmortemText } from '../../replay/postmortem/index.js';
import { journalRecords, loadScenarioFile, ScenarioError, simulate } from '../../replay/sim/index.js';

const USAGE = 'vigil postmortem JOURNAL_DIR... | --sim SCENARIO.yaml [--seed N]  [--reference NODE] [--json]';

/** Each directory's journal, keyed by the node id its header names. */
function journalsFrom(directories: readonly string[]): Map<string, JournalRecord[]> {
  const out = new Map<string, JournalRecord[]>();
  for (const directory of directories) {
    const journal = readJournalDirectory(directory);
    const node = journal.header?.nodeId ?? journal.records[0]?.nodeId ?? directory;
    if (out.has(node)) throw new PostmortemError(`two journals for node ${node} (${directory})`);
    out.set(node, [...journal.records]);
  }
  return out;
}

/** The journals of a simulated run, as the nodes' journal stores would hold them. */
function simulatedJournals(path: string, seed: bigint): Map<string, JournalRecord[]> {
  const result = simulate(loadScenarioFile(path), seed);
  return new Map([...result.journals].map(([node, entries]) => [node, journalRecords(node, entries)]));
}

/**
 * `vigil postmortem`: several nodes' journals on one clock, who was MASTER when, every split brain
 * and its cause. Exit 0 with the report, 2 for bad input.
 */
export function runPostmortem(args: readonly string[]): number {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        sim: { type: 'string' },
        seed: { type: 'string', default: '1' },
        reference: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`vigil postmortem: ${(e as Error).message}\n`);
    return 2;
  }
  if ((positionals.length > 0) === (values.sim !== undefined)) {
    process.stderr.write(`vigil postmortem: expected ${USAGE}\n`);
    return 2;
  }
  if (!/^\d+$/.test(values.seed)) {
    process.stderr.write(`vigil postmortem: --seed: expected a number, got '${values.seed}'\n`);
    return 2;
  }
  let journals: Map<string, JournalRecord[]>;
  const source = values.sim ?? positionals.join(' ');
  try {
    journals = values.sim === undefined ? journalsFrom(positionals) : simulatedJournals(values.sim, BigInt(values.seed));
  } catch (e) {
    const known = e instanceof ScenarioError || e instanceof PostmortemError || e instanceof JournalReadError || (e as NodeJS.ErrnoException).code !== undefined;
    process.stderr.write(`vigil postmortem: ${source}: ${known ? (e as Error).message : String(e)}\n`);
    return 2;
  }
  try {
    const report = postmortem(journals, values.reference === undefined ? {} : { reference: values.reference });
    process.stdout.write(values.json ? `${JSON.stringify(postmortemJson(report), null, 2)}\n` : postmortemText(report));
    return 0;
  } catch (e) {
    if (!(e instanceof PostmortemError)) throw e;
    process.stderr.write(`vigil postmortem: ${e.message}\n`);
    return 2;
  }
}
