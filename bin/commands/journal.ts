import { parseArgs } from 'node:util';
import { inspectJournal, type JournalInspection } from '../../adapters/store/file/inspect.js';
import { wallTime } from '../../replay/verify/timeline.js';

const USAGE = 'vigil journal inspect JOURNAL_DIR [--quick] [--json]';

function report(i: JournalInspection): string {
  const lines = [`journal ${i.directory}: ${i.ok ? 'intact' : 'DAMAGED'}`];
  const first = i.segments[0]?.header;
  if (first !== undefined) lines.push(`node ${first.nodeId}, written by Vigil ${first.vigilVersion}, schema ${first.schemaVersion}`);
  lines.push(`${i.segments.length} segment(s), ${i.records} records, ${i.bytes} bytes (${i.framingBytes} of framing)`);
  if (i.firstSequence !== undefined) lines.push(`sequences ${i.firstSequence}..${i.lastSequence ?? '?'}`);
  if (i.firstWallNs !== undefined && i.lastWallNs !== undefined) lines.push(`from ${wallTime(i.firstWallNs)} to ${wallTime(i.lastWallNs)}`);
  for (const s of i.segments) lines.push(`  ${s.name}: ${s.records} records, ${s.bytes} bytes${s.header === undefined ? '' : `, config ${s.header.configDigest.slice(0, 12)}`}`);
  for (const p of i.problems) lines.push(`  problem at ${p.segment}@${p.offset}: ${p.problem}`);
  for (const f of i.setAside) lines.push(`  set aside by a repair: ${f}`);
  for (const f of i.partials) lines.push(`  interrupted segment creation: ${f}`);
  return `${lines.join('\n')}\n`;
}

/** `vigil journal inspect`: header, segments, counts, time span, every CRC. Exit 0 intact, 1 damaged. */
export async function runJournal(args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'inspect') {
    process.stderr.write(`vigil journal: expected ${USAGE}\n`);
    return 2;
  }
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`vigil journal: ${(e as Error).message}\n`);
    return 2;
  }
  const [directory, ...extra] = positionals;
  if (directory === undefined || extra.length > 0) {
    process.stderr.write(`vigil journal: expected ${USAGE}\n`);
    return 2;
  }
  let inspection: JournalInspection;
  try {
    inspection = await inspectJournal(directory, { decode: !values.quick });
  } catch (e) {
    process.stderr.write(`vigil journal: ${directory}: ${(e as Error).message}\n`);
    return 2;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(inspection, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  } else {
    process.stdout.write(report(inspection));
  }
  return inspection.ok ? 0 : 1;
}
