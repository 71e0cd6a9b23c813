import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { configDigest } from '../../adapters/runtime/config-loader.js';
import { readJournalDirectory, type JournalContents } from '../../adapters/store/file/read-only.js';
import { filesFromDisk } from '../../adapters/config/files.js';
import { parseKeepalivedConfig } from '../../core/config/parse.js';
import type { Effect } from '../../core/events/index.js';
import { replay } from '../../replay/verify/replay.js';
import { timelineLine, transitionsOf, wallTime } from '../../replay/verify/timeline.js';
import { differingTransitions, whatIf, type WhatIfTransition } from '../../replay/verify/what-if.js';

const USAGE = 'vigil replay JOURNAL_DIR [--from SEQ] [--to SEQ] [--timeline] [--what-if CONFIG] [--json]';

function effectText(e: Effect | undefined): string {
  if (e === undefined) return '(none)';
  return JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v));
}

function sequenceOption(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name}: expected a sequence number, got '${value}'`);
  return BigInt(value);
}

function whatIfLine(t: WhatIfTransition, node: string): string {
  const x = t.transition;
  return `${wallTime(t.wallNs)} #${t.sequence} ${node} ${x.instance} ${x.from.toUpperCase()} -> ${x.to.toUpperCase()} (prio ${x.priority})`;
}

/**
 * `vigil replay`: re-folds a journal's inputs through this build's reducer and checks every effect
 * against the recorded one. Exit 0 identical, 1 divergent, 2 bad input or unreadable journal.
 */
export function runReplay(args: readonly string[]): number {
  let values;
  let positionals;
  let from: bigint | undefined;
  let to: bigint | undefined;
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        timeline: { type: 'boolean', default: false },
        'what-if': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    }));
    from = sequenceOption(values.from, 'from');
    to = sequenceOption(values.to, 'to');
  } catch (e) {
    process.stderr.write(`vigil replay: ${(e as Error).message}\n`);
    return 2;
  }
  const [directory, ...extra] = positionals;
  if (directory === undefined || extra.length > 0) {
    process.stderr.write(`vigil replay: expected one journal directory (${USAGE})\n`);
    return 2;
  }
  let journal: JournalContents;
  try {
    journal = readJournalDirectory(directory);
  } catch (e) {
    process.stderr.write(`vigil replay: ${(e as Error).message}\n`);
    return 2;
  }
  const node = journal.header?.nodeId ?? journal.records[0]?.nodeId ?? '?';
  const torn = journal.tornTail === undefined ? '' : ` (the journal ends in a torn record at ${journal.tornTail.position}: ${journal.tornTail.reason})`;
  const records = journal.records;
  if (values['what-if'] !== undefined) return runWhatIf(values['what-if'], node, records, values.json);
  const result = replay(records, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  const timeline = values.timeline ? transitionsOf(records.filter((r) => (from === undefined || r.sequence >= from) && (to === undefined || r.sequence <= to))) : [];
  if (values.json) {
    process.stdout.write(`${JSON.stringify({
      node,
      records: records.length,
      events: result.events,
      effects: result.effects,
      snapshots: result.snapshots,
      identical: result.divergence === undefined,
      missingAtEnd: result.missingAtEnd,
      ...(journal.tornTail === undefined ? {} : { tornTail: journal.tornTail }),
      ...(result.divergence === undefined ? {} : {
        divergence: {
          eventSequence: result.divergence.eventSequence.toString(),
          event: JSON.parse(effectText(result.divergence.event as unknown as Effect)) as unknown,
          index: result.divergence.index,
          expected: JSON.parse(effectText(result.divergence.expected)) as unknown,
          actual: JSON.parse(effectText(result.divergence.actual)) as unknown,
        },
      }),
      ...(values.timeline ? { timeline: timeline.map(timelineLine) } : {}),
    }, null, 2)}\n`);
    return result.divergence === undefined ? 0 : 1;
  }
  for (const line of timeline) process.stdout.write(`${timelineLine(line)}\n`);
  if (result.divergence === undefined) {
    const incomplete = result.missingAtEnd > 0 ? `; the last event's ${result.missingAtEnd} effect(s) were never journaled` : '';
    const snapshots = result.snapshots > 0 ? `, ${result.snapshots} snapshots matched` : '';
    process.stdout.write(`identical: ${node}, ${result.events} events and ${result.effects} effects replayed${snapshots}${incomplete}${torn}\n`);
    return 0;
  }
  const d = result.divergence;
  if (d.snapshot === true) {
    process.stdout.write(`DIVERGENT: ${node}, the state snapshot at #${d.eventSequence} differs from the replayed state\n`);
    return 1;
  }
  process.stdout.write(
    `DIVERGENT: ${node}, event #${d.eventSequence} (${d.event.kind}), effect ${d.index + 1} of its step\n` +
      `  recorded: ${effectText(d.expected)}\n  replayed: ${effectText(d.actual)}\n` +
      `  the event: ${effectText(d.event as unknown as Effect)}\n`,
  );
  const around = records.filter((r) => r.sequence >= d.eventSequence - 3n && r.sequence <= d.eventSequence + 3n);
  for (const r of around) process.stdout.write(`  #${r.sequence} ${r.body.kind}\n`);
  return 1;
}

function runWhatIf(configFile: string, node: string, records: JournalContents['records'], json: boolean): number {
  const host = hostname();
  const parsed = parseKeepalivedConfig(configFile, { files: filesFromDisk(), configId: host.split('.')[0] ?? host, hostName: host });
  const fatal = parsed.diagnostics.filter((d) => d.severity === 'fatal');
  if (fatal.length > 0) {
    process.stderr.write(`vigil replay: ${configFile}: ${fatal.map((d) => d.message).join('; ')}\n`);
    return 2;
  }
  const result = whatIf(records, parsed.config, configDigest(parsed.filesRead));
  const diff = differingTransitions(result);
  if (json) {
    process.stdout.write(`${JSON.stringify({ node, onlyRecorded: diff.onlyRecorded.map((t) => whatIfLine(t, node)), onlyWhatIf: diff.onlyAlternative.map((t) => whatIfLine(t, node)) }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`what-if ${configFile} on ${node}: peers' adverts and timer expiries are replayed as recorded, so the run is an estimate from the first difference on\n`);
  if (diff.onlyRecorded.length === 0 && diff.onlyAlternative.length === 0) {
    process.stdout.write(`no transition would have differed (${result.recorded.length} transitions)\n`);
    return 0;
  }
  for (const t of diff.onlyRecorded) process.stdout.write(`- ${whatIfLine(t, node)}\n`);
  for (const t of diff.onlyAlternative) process.stdout.write(`+ ${whatIfLine(t, node)}\n`);
  return 0;
}
