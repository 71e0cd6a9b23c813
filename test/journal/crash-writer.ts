// The writer process of the crash test (crash.test.ts kills it with SIGKILL). Usage:
//   node --import tsx test/journal/crash-writer.ts DIRECTORY always|batch SEGMENT_BYTES
// Loads, then waits for a line on stdin (the test starts the next writer while it checks the last
// one's journal). Then opens the journal (recovering it), prints `ready LAST`, appends crash records
// in batches of random size, and prints `durable N` each time the journal says records up to N are
// durable. stdout is a pipe, which Node writes synchronously on Linux: a line
// printed is in the pipe before the next record is appended, so a kill cannot lose it.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { openFileJournal } from '../../adapters/store/file/journal.js';
import type { FsyncPolicy } from '../../adapters/store/file/group-commit.js';
import { CRASH_CONFIG_DIGEST, CRASH_NODE, CRASH_VIGIL_VERSION, crashRecord } from './crash-records.js';

const [directory, policy, segmentBytes] = process.argv.slice(2);
if (directory === undefined || (policy !== 'always' && policy !== 'batch') || segmentBytes === undefined) {
  console.error('usage: crash-writer.ts DIRECTORY always|batch SEGMENT_BYTES');
  process.exit(2);
}

await new Promise((resolve) => process.stdin.once('data', resolve));
const journal = await openFileJournal({
  directory, nodeId: CRASH_NODE, vigilVersion: CRASH_VIGIL_VERSION, configDigest: CRASH_CONFIG_DIGEST,
  fsync: policy satisfies FsyncPolicy, fsyncIntervalMs: 5, segmentBytes: Number(segmentBytes),
});
process.stdout.write(`ready ${journal.lastSequence}\n`);

let reported = journal.lastSequence;
const report = (upTo: bigint): void => {
  if (upTo <= reported) return;
  reported = upTo;
  process.stdout.write(`durable ${upTo}\n`);
};

let burst = 0;
for (;;) {
  const size = 1 + Math.floor(Math.random() * 32);
  const first = journal.lastSequence + 1n;
  const { last } = journal.append(Array.from({ length: size }, (_, i) => crashRecord(first + BigInt(i))));
  journal.whenDurable(last).then(() => { report(last); }, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
  // Mostly a batch per millisecond, with bursts of a batch per event-loop turn: load, but a bounded
  // number of records per round for the test to check.
  if (burst > 0) {
    burst--;
    await nextTurn();
  } else {
    if (Math.random() < 0.05) burst = 50;
    await sleep(1);
  }
}
