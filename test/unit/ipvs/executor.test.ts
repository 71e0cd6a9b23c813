// ipvsExecutor with a fake table: effects one at a time in order, failures as errno-named
// rejections, ReadIpvsTable as an IpvsTableRead event, an unavailable IPVS retried later.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Effect, Event, IpvsServiceEntry } from '../../../core/events/index.js';
import { errorName } from '../../../adapters/runtime/executors.js';
import { IpvsError } from '../../../adapters/ipvs/errors.js';
import { ipvsExecutor, type IpvsTable } from '../../../adapters/ipvs/executor.js';
import { MASQ_DEST, WRR_SERVICE } from './helpers.js';

const ADD_SERVICE: Effect = { kind: 'IpvsAddService', service: WRR_SERVICE };
const ADD_DEST: Effect = { kind: 'IpvsAddDest', service: WRR_SERVICE.key, dest: MASQ_DEST };
const FLUSH: Effect = { kind: 'IpvsFlush' };
const READ: Effect = { kind: 'ReadIpvsTable' };

interface FakeTable extends IpvsTable {
  readonly log: string[];
}

/**
 * A table whose calls log when they start and end; `delays` makes a call slow, `failures` makes
 * it reject with that errno. Overlapping calls would show as two starts in a row.
 */
function fakeTable(options: { delays?: Record<string, number>; failures?: Record<string, string>; table?: IpvsServiceEntry[] } = {}): FakeTable {
  const log: string[] = [];
  const call = (name: string) => async (): Promise<void> => {
    log.push(`start ${name}`);
    await new Promise((resolve) => setTimeout(resolve, options.delays?.[name] ?? 0));
    log.push(`end ${name}`);
    const errno = options.failures?.[name];
    if (errno !== undefined) throw new IpvsError(errno, `IPVS ${name}: (${errno})`);
  };
  return {
    log,
    addService: call('addService'),
    updateService: call('updateService'),
    deleteService: call('deleteService'),
    addDest: call('addDest'),
    updateDest: call('updateDest'),
    deleteDest: call('deleteDest'),
    flush: call('flush'),
    async readTable() {
      await call('readTable')();
      return options.table ?? [];
    },
    close() {
      log.push('close');
    },
  };
}

describe('ipvsExecutor', () => {
  it('handles the eight IPVS effect kinds', () => {
    const ex = ipvsExecutor({ emit: () => undefined, open: () => Promise.resolve(fakeTable()) });
    assert.deepEqual([...ex.kinds].sort(), [
      'IpvsAddDest', 'IpvsAddService', 'IpvsDeleteDest', 'IpvsDeleteService', 'IpvsFlush', 'IpvsUpdateDest', 'IpvsUpdateService', 'ReadIpvsTable',
    ]);
  });

  it('runs effects one at a time, first in first out, even when an earlier one is slower', async () => {
    const table = fakeTable({ delays: { addService: 30, addDest: 1 } });
    const ex = ipvsExecutor({ emit: () => undefined, open: () => Promise.resolve(table) });
    await Promise.all([ex.execute(ADD_SERVICE), ex.execute(ADD_DEST), ex.execute(FLUSH)]);
    assert.deepEqual(table.log, ['start addService', 'end addService', 'start addDest', 'end addDest', 'start flush', 'end flush']);
  });

  it('a failed effect rejects with its errno name and the queue goes on', async () => {
    const table = fakeTable({ failures: { addService: 'EEXIST' } });
    const ex = ipvsExecutor({ emit: () => undefined, open: () => Promise.resolve(table) });
    const first = ex.execute(ADD_SERVICE);
    const second = ex.execute(ADD_DEST);
    await assert.rejects(first, (err: unknown) => errorName(err) === 'EEXIST');
    await second;
    assert.deepEqual(table.log.filter((l) => l.startsWith('start')), ['start addService', 'start addDest']);
  });

  it('ReadIpvsTable emits IpvsTableRead with the table', async () => {
    const entries: IpvsServiceEntry[] = [{ service: WRR_SERVICE, dests: [MASQ_DEST] }];
    const events: Event[] = [];
    const ex = ipvsExecutor({ emit: (e) => events.push(e), open: () => Promise.resolve(fakeTable({ table: entries })) });
    await ex.execute(READ);
    assert.deepEqual(events, [{ kind: 'IpvsTableRead', services: entries, ok: true, error: '' }]);
  });

  it('a failed dump is IpvsTableRead ok:false with the errno, and no rejection', async () => {
    const events: Event[] = [];
    const ex = ipvsExecutor({ emit: (e) => events.push(e), open: () => Promise.resolve(fakeTable({ failures: { readTable: 'EPERM' } })) });
    await ex.execute(READ);
    assert.deepEqual(events, [{ kind: 'IpvsTableRead', services: [], ok: false, error: 'EPERM' }]);
  });

  it('without IPVS every effect fails with ENOENT (a read as an event), and the next one tries again', async () => {
    let opens = 0;
    const table = fakeTable();
    const events: Event[] = [];
    const ex = ipvsExecutor({
      emit: (e) => events.push(e),
      open: () => (++opens <= 2 ? Promise.reject(new IpvsError('ENOENT', 'IPVS resolve family: the kernel has no IPVS')) : Promise.resolve(table)),
    });
    await assert.rejects(ex.execute(ADD_SERVICE), (err: unknown) => errorName(err) === 'ENOENT');
    await ex.execute(READ);
    assert.deepEqual(events, [{ kind: 'IpvsTableRead', services: [], ok: false, error: 'ENOENT' }]);
    await ex.execute(ADD_SERVICE); // ip_vs loaded meanwhile
    await ex.execute(FLUSH);
    assert.equal(opens, 3); // opened once it worked, then kept
    assert.deepEqual(table.log, ['start addService', 'end addService', 'start flush', 'end flush']);
  });

  it('close waits for queued effects, closes the client, and refuses later effects (EBADF)', async () => {
    const table = fakeTable({ delays: { flush: 20 } });
    const ex = ipvsExecutor({ emit: () => undefined, open: () => Promise.resolve(table) });
    const queued = ex.execute(FLUSH);
    await ex.close();
    await queued;
    assert.deepEqual(table.log, ['start flush', 'end flush', 'close']);
    await assert.rejects(ex.execute(ADD_SERVICE), (err: unknown) => errorName(err) === 'EBADF');
  });

  it('an effect of another kind is not its business', async () => {
    const table = fakeTable();
    const ex = ipvsExecutor({ emit: () => undefined, open: () => Promise.resolve(table) });
    await ex.execute({ kind: 'Log', level: 'info', message: 'x' });
    assert.deepEqual(table.log, []);
  });
});
