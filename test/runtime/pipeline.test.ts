// The daemon's pipeline with real timers and a real config file, no network: an instance alone
// on its LAN becomes MASTER on its own clock, everything is journaled in order, and the journal
// replays identical; notify scripts start after the address changes of their transition.
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

  it('notify scripts and FIFO lines wait for the address changes before them, and keep their order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pipeline-'));
    const file = join(dir, 'keepalived.conf');
    writeFileSync(
      file,
      `global_defs {\n  vrrp_notify_fifo /x/fifo\n}\n${CONFIG.replace('advert_int 0.05', 'advert_int 0.05\n  notify_backup /x/backup.sh\n  notify_master /x/master.sh\n  notify_stop /x/stop.sh')}`,
    );
    const order: string[] = [];
    const timers = new TimerService(systemClock, (timer) => {
      pipeline.input.next({ kind: 'TimerFired', timer });
    });
    const pipeline: Pipeline = new Pipeline({
      nodeId: 'n1',
      clock: systemClock,
      executors: [
        timerExecutor(timers),
        exitExecutor(() => undefined),
        // A slow kernel: every address change takes 200 ms.
        {
          kinds: ['AddAddress', 'DeleteAddress'],
          execute: async (e) => {
            order.push(`${e.kind} start`);
            await new Promise((r) => setTimeout(r, 200));
            order.push(`${e.kind} done`);
          },
        },
        {
          kinds: ['RunScript', 'WriteFifo'],
          execute: (e) => {
            if (e.kind === 'RunScript') order.push(e.argv[0] ?? '');
            if (e.kind === 'WriteFifo') order.push(e.line.trim());
          },
        },
      ],
    });
    try {
      pipeline.start([]);
      pipeline.input.next({ kind: 'DaemonStarted', vigilVersion: 'test', pid: process.pid });
      pipeline.input.next({ kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true });
      const loaded = loadConfig({ mainFile: file, configId: 'n1', hostName: 'n1' });
      assert.ok(loaded.ok);
      pipeline.input.next(loaded.event);
      await until(() => order.includes('/x/master.sh'), 'the MASTER notify');
      pipeline.input.next({ kind: 'ShutdownRequested', signal: 'SIGTERM' });
      await pipeline.drain();
      // At start "removing VIPs" (DeleteAddress) comes before the BACKUP notify, the VIP before
      // the MASTER notify, its removal before the STOP notify: each script after its change.
      const at = (entry: string, nth = 0): number => order.map((o, i) => (o === entry ? i : -1)).filter((i) => i >= 0)[nth] ?? -1;
      assert.deepEqual(order.filter((o) => o.startsWith('/x/')), ['/x/backup.sh', '/x/master.sh', '/x/stop.sh'], order.join('\n'));
      assert.ok(at('DeleteAddress done', 0) >= 0 && at('DeleteAddress done', 0) < at('/x/backup.sh'), order.join('\n'));
      assert.ok(at('AddAddress done') >= 0 && at('AddAddress done') < at('/x/master.sh'), order.join('\n'));
      assert.ok(at('DeleteAddress start', 1) > at('/x/master.sh') && at('DeleteAddress done', 1) < at('/x/stop.sh'), order.join('\n'));
      // FIFO lines wait the same way, in their order.
      assert.deepEqual(order.filter((o) => o.startsWith('INSTANCE')), ['INSTANCE "VI_1" BACKUP 100', 'INSTANCE "VI_1" MASTER 100', 'INSTANCE "VI_1" STOP 100']);
      assert.ok(at('AddAddress done') < at('INSTANCE "VI_1" MASTER 100') && at('DeleteAddress done', 1) < at('INSTANCE "VI_1" STOP 100'), order.join('\n'));
    } finally {
      timers.cancelAll();
      pipeline.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
