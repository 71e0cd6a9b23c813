import { spawnSync } from 'node:child_process';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { AdvertReceived, Effect, Event, SendAdvert } from '../core/events/index.js';
import { instanceTimerId } from '../core/instance/context.js';
import { reduce } from '../core/reducer/reduce.js';
import type { VigilState } from '../core/reducer/state.js';
import { advertReceived, Cluster, instanceConfig, type NodeSpec } from '../test/support/cluster.js';
import { median, type BenchRow } from './table.js';

/**
 * Reducer throughput and allocation on the steady state of a pair (issue 3 "Done means": ≥ 2,000,000
 * AdvertReceived events/s on one core, and bytes allocated per event). The pair is brought up by the
 * test driver (test/support/cluster.ts), then its events are fed to `reduce` directly, so the figures
 * are the reducer's and not the driver's.
 */

const GOAL_EVENTS_PER_SECOND = 2_000_000;
const EVENTS_PER_RUN = 1_000_000;
const RUNS = 5;
const WARM_UP_EVENTS = 300_000;
const ADVERT_INTERVAL = 1_000_000;
const LATENCY = 100;
const TIMER = instanceTimerId('VI_1');

const MASTER: NodeSpec = { name: 'master', config: instanceConfig({ priority: 150 }), address: '192.168.100.1' };
const BACKUP: NodeSpec = { name: 'backup', config: instanceConfig({ priority: 100 }), address: '192.168.100.2' };

interface SteadyPair {
  readonly master: VigilState;
  readonly backup: VigilState;
  readonly now: number;
  /** The master's deadline for its next advert, and the backup's armed master-down timer. */
  readonly masterTimer: number;
  readonly backupTimer: number;
  /** The last advert the master sent, as the backup receives it. */
  readonly advert: AdvertReceived;
}

/** Both nodes up, the master elected and the backup following it (10 s of simulated time). */
function steadyPair(): SteadyPair {
  const cluster = new Cluster([MASTER, BACKUP], { latencyMicros: LATENCY }).start(0).runUntil(10_000_000);
  if (cluster.state('master') !== 'master' || cluster.state('backup') !== 'backup') {
    throw new Error(`bench pair did not settle: ${cluster.state('master')} / ${cluster.state('backup')}`);
  }
  const sent = cluster.effectsOf('master', 'SendAdvert').at(-1)?.effect;
  const masterTimer = cluster.node('master').timers.get(TIMER);
  const backupTimer = cluster.node('backup').timers.get(TIMER);
  if (sent?.kind !== 'SendAdvert' || masterTimer === undefined || backupTimer === undefined) {
    throw new Error('bench pair has no advert or no timers');
  }
  return {
    master: cluster.node('master').state,
    backup: cluster.node('backup').state,
    now: cluster.now,
    masterTimer,
    backupTimer,
    advert: advertReceived(sent, MASTER, BACKUP),
  };
}

/** Distinct event objects with distinct payload copies, so nothing is recognised by identity. */
function advertRing(advert: AdvertReceived, size: number): AdvertReceived[] {
  return Array.from({ length: size }, () => ({ ...advert, payload: advert.payload.slice() }));
}

const RING = 1024;

/** A steady BACKUP fed the master's advert once a second: `count` events, state returned. */
function feedBackup(state: VigilState, ring: readonly AdvertReceived[], from: number, count: number): VigilState {
  let s = state;
  let at = from;
  for (let i = 0; i < count; i++) {
    at += ADVERT_INTERVAL;
    s = reduce(s, { at, event: ring[i % RING] as Event }).state;
  }
  return s;
}

function assertFollowing(state: VigilState, advertsBefore: number, fed: number): void {
  const inst = state.instances[0];
  if (inst?.state !== 'backup' || inst.master?.address !== MASTER.address || inst.stats.advert_rcvd !== advertsBefore + fed) {
    throw new Error('bench backup did not accept every advert');
  }
}

function receivedSoFar(state: VigilState): number {
  return state.instances[0]?.stats.advert_rcvd ?? 0;
}

function steadyBackupRow(): BenchRow {
  const pair = steadyPair();
  const ring = advertRing(pair.advert, RING);
  let state = feedBackup(pair.backup, ring, pair.now, WARM_UP_EVENTS);
  let at = pair.now + WARM_UP_EVENTS * ADVERT_INTERVAL;
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const before = receivedSoFar(state);
    const start = process.hrtime.bigint();
    state = feedBackup(state, ring, at, EVENTS_PER_RUN);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    assertFollowing(state, before, EVENTS_PER_RUN);
    at += EVENTS_PER_RUN * ADVERT_INTERVAL;
    rates.push(EVENTS_PER_RUN / seconds);
  }
  const rate = median(rates);
  return {
    name: 'reducer: AdvertReceived/s, steady BACKUP (1 core)',
    vigil: `${Math.round(rate).toLocaleString('en-US')} /s`,
    goal: `>= ${GOAL_EVENTS_PER_SECOND.toLocaleString('en-US')}`,
    keepalived: 'n/a',
    verdict: rate >= GOAL_EVENTS_PER_SECOND ? 'met' : 'missed',
  };
}

function scheduledAt(effects: readonly Effect[], timer: string): number | undefined {
  let at: number | undefined;
  for (const e of effects) if (e.kind === 'ScheduleTimer' && e.timer === timer) at = e.atMicros;
  return at;
}

function sentAdvert(effects: readonly Effect[]): SendAdvert | undefined {
  for (const e of effects) if (e.kind === 'SendAdvert') return e;
  return undefined;
}

/**
 * The whole pair for `rounds` advert intervals: the master's advert timer fires and it sends, the
 * backup receives the advert `LATENCY` later, and the backup's own lazily re-armed timer fires when
 * due. Returns the number of events reduced.
 */
function exchange(pair: SteadyPair, rounds: number): { readonly events: number; readonly pair: SteadyPair } {
  let { master, backup, masterTimer, backupTimer, advert } = pair;
  let events = 0;
  const fired: Event = { kind: 'TimerFired', timer: TIMER };
  for (let r = 0; r < rounds; r++) {
    if (backupTimer <= masterTimer + LATENCY) {
      const step = reduce(backup, { at: backupTimer, event: fired });
      backup = step.state;
      backupTimer = scheduledAt(step.effects, TIMER) ?? Infinity;
      events++;
    }
    const at = masterTimer;
    const tx = reduce(master, { at, event: fired });
    master = tx.state;
    events++;
    const sent = sentAdvert(tx.effects);
    const next = scheduledAt(tx.effects, TIMER);
    if (sent === undefined || next === undefined) throw new Error('bench master stopped advertising');
    masterTimer = next;
    advert = advertReceived(sent, MASTER, BACKUP);
    const rx = reduce(backup, { at: at + LATENCY, event: advert });
    backup = rx.state;
    backupTimer = scheduledAt(rx.effects, TIMER) ?? backupTimer;
    events++;
  }
  if (master.instances[0]?.state !== 'master' || backup.instances[0]?.state !== 'backup') {
    throw new Error('bench pair changed state while exchanging adverts');
  }
  return { events, pair: { master, backup, now: masterTimer, masterTimer, backupTimer, advert } };
}

function pairRow(): BenchRow {
  let pair = exchange(steadyPair(), WARM_UP_EVENTS / 2).pair;
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    const result = exchange(pair, EVENTS_PER_RUN / 2);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    pair = result.pair;
    rates.push(result.events / seconds);
  }
  return {
    name: 'reducer: events/s, pair exchanging adverts',
    vigil: `${Math.round(median(rates)).toLocaleString('en-US')} /s`,
    goal: '-',
    keepalived: 'n/a',
    verdict: 'n/a',
  };
}

// --- bytes allocated per AdvertReceived, measured in a child process ---------------------------

/** Semi-space (MB) large enough that a measured batch fits in the young generation with no scavenge. */
const SEMI_SPACE_MB = 256;
const ALLOCATION_BATCHES = [100_000, 50_000, 20_000, 10_000];

interface AllocationSample {
  readonly events: number;
  readonly bytes: number;
  readonly collections: number;
}

declare const gc: (() => void) | undefined;

/**
 * In the child: heap used before and after `events` adverts, and how many collections ran in
 * between (a figure measured across a collection would be meaningless, so the caller rejects it).
 */
async function measureBatch(state: VigilState, ring: readonly AdvertReceived[], from: number, events: number): Promise<AllocationSample> {
  if (typeof gc !== 'function') throw new Error('the allocation child needs --expose-gc');
  const entries: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) entries.push(e.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  gc();
  // Let the gc() entry arrive before the window opens.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const opened = performance.now();
  const before = process.memoryUsage().heapUsed;
  const after = feedBackup(state, ring, from, events);
  const used = process.memoryUsage().heapUsed;
  const closed = performance.now();
  assertFollowing(after, receivedSoFar(state), events);
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (const e of observer.takeRecords()) entries.push(e.startTime);
  observer.disconnect();
  const collections = entries.filter((t) => t >= opened && t <= closed).length;
  return { events, bytes: used - before, collections };
}

/** The child's entry point: prints one JSON AllocationSample (or null when every batch saw a GC). */
export async function allocationChild(): Promise<void> {
  const pair = steadyPair();
  const ring = advertRing(pair.advert, RING);
  const warmed = feedBackup(pair.backup, ring, pair.now, WARM_UP_EVENTS);
  const from = pair.now + WARM_UP_EVENTS * ADVERT_INTERVAL;
  for (const events of ALLOCATION_BATCHES) {
    const sample = await measureBatch(warmed, ring, from, events);
    if (sample.collections === 0) {
      console.log(JSON.stringify(sample));
      return;
    }
  }
  console.log('null');
}

function allocationRow(): BenchRow {
  const name = 'reducer: bytes allocated per AdvertReceived';
  const moduleUrl = import.meta.url;
  const script = 'const m = await import(process.argv[1]); await m.allocationChild();';
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      '--expose-gc',
      `--min-semi-space-size=${SEMI_SPACE_MB}`,
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      '--input-type=module',
      '--eval',
      script,
      moduleUrl,
    ],
    { encoding: 'utf8' },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || line === '' || line === 'null') {
    const why = child.status !== 0 ? `child failed: ${child.stderr.trim().split('\n').at(-1) ?? ''}` : 'a GC ran in every batch';
    return { name, vigil: `not measured (${why})`, goal: '-', keepalived: 'n/a', verdict: 'n/a' };
  }
  const sample = JSON.parse(line) as AllocationSample;
  const perEvent = sample.bytes / sample.events;
  return {
    name,
    vigil: `${perEvent.toFixed(0)} B (${sample.events.toLocaleString('en-US')} events, no GC)`,
    goal: '-',
    keepalived: 'n/a',
    verdict: 'n/a',
  };
}

export function reducerRows(): BenchRow[] {
  return [steadyBackupRow(), pairRow(), allocationRow()];
}
