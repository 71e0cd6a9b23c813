// The daemon's pipeline with real timers and a real config file, no network: an instance alone
// on its LAN becomes MASTER on its own clock, everything is journaled in order, and the journal
// replays identical.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Effect } from '../../core/events/index.js';
import { systemClock } from '../../adapters/runtime/clock.js';
import { loadConfig } from '../../adapters/runtime/config-loader.js';
import { Pipeline } from '../../adapters/runtime/pipeline.js';
import { configExecutor, exitExecutor, logExecutor, timerExecutor } from '../../adapters/runtime/standard-executors.js';
import { TimerService } from '../../adapters/runtime/timers.js';
import { replay } from '../../replay/verify/replay.js';
import { MemoryStore } from '../support/memory-store.js';

const CONFIG = `vrrp_instance VI_1 {
  version 3
  interface eth0
  virtual_router_id 51
  priority 100
  advert_int 0.05
  virtual_ipaddress { 192.168.100.10/24 }
}
`;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('pipeline', () => {
  it('real timers take a lone instance to MASTER; the journal is ordered and replays identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pipeline-'));
    const file = join(dir, 'keepalived.conf');
    writeFileSync(file, CONFIG);
    const journal = new MemoryStore('n1');
    const logs: string[] = [];
    const failures: Effect[] = [];
    let exitCode: number | undefined;
    const options = { mainFile: file, configId: 'n1', hostName: 'n1' };
    const timers = new TimerService(systemClock, (timer) => {
      pipeline.input.next({ kind: 'TimerFired', timer });
    });
    const pipeline: Pipeline = new Pipeline({
      nodeId: 'n1',
      clock: systemClock,
      journal,
      executors: [
        timerExecutor(timers),
        logExecutor((l) => {
          logs.push(l);
        }),
        configExecutor(options, (e) => {
          pipeline.input.next(e);
        }),
        exitExecutor((code) => {
          exitCode = code;
        }),
        // Addresses and adverts go nowhere here; the network executors are tested on their own.
        {
          kinds: ['AddAddress'],
          execute: (e) => {
            failures.push(e);
            throw Object.assign(new Error('no netlink here'), { code: 'EPERM' });
          },
        },
      ],
    });
    try {
      pipeline.start([]);
      pipeline.input.next({ kind: 'DaemonStarted', vigilVersion: 'test', pid: process.pid });
      pipeline.input.next({ kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true });
      pipeline.input.next({ kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: '192.168.100.2', prefixLength: 24, present: true });
      const loaded = loadConfig(options);
      assert.ok(loaded.ok);
      pipeline.input.next(loaded.event);
      await until(() => pipeline.current.instances[0]?.state === 'master', 'MASTER');
      assert.ok(logs.includes('(VI_1) Entering MASTER STATE'));
      await until(() => logs.some((l) => l.includes('AddAddress 192.168.100.10/24 dev eth0 failed: EPERM')), 'the failed effect to come back');
      assert.equal(failures.length, 1);
      // SIGHUP: the config is read again through the LoadConfig effect; nothing flaps.
      pipeline.input.next({ kind: 'ReloadRequested' });
      await until(() => journal.records.filter((r) => r.body.kind === 'ConfigLoaded').length === 2, 'the reload');
      assert.equal(pipeline.current.instances[0]?.state, 'master');
      pipeline.input.next({ kind: 'ShutdownRequested', signal: 'SIGTERM' });
      assert.equal(exitCode, 0);
      pipeline.stop();
      const sequences = journal.records.map((r) => r.sequence);
      assert.deepEqual(sequences, sequences.map((_, i) => BigInt(i + 1)));
      const r = replay(journal.records);
      assert.equal(r.divergence, undefined, JSON.stringify(r.divergence));
      assert.equal(r.events + r.effects + r.snapshots, journal.records.length);
      assert.ok(r.snapshots >= 1, 'the first step writes a snapshot');
    } finally {
      timers.cancelAll();
      pipeline.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
