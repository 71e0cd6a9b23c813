// Runs INSIDE the UML (test/uml/ipvs.test.ts bundles it and boots the kernel): programs the IPVS
// table through IpvsClient and ipvsExecutor and prints what came back, one `@@RESULT name json`
// line each, for the host to compare with `ipvsadm` run in the same kernel. One phase per run:
//   program  - every service and destination of TABLE, read back; errno names of refused commands
//   quiesce  - IpvsUpdateDest weight 0, IpvsUpdateService (rr → wlc), through the executor
//   remove   - IpvsDeleteDest, IpvsDeleteService, through the executor
//   flush    - IpvsFlush, through the executor
import type { Effect, Event, IpvsService } from '../../core/events/index.js';
import { IpvsClient } from '../../adapters/ipvs/client.js';
import { ipvsExecutor } from '../../adapters/ipvs/executor.js';
import { errorName } from '../../adapters/runtime/executors.js';
import { DR_KEY, NAT_DEST_1, NAT_DEST_2, NAT_KEY, TABLE, V6_UDP_KEY } from './ipvs-table.js';

const report = (name: string, value: unknown): void => {
  console.log(`@@RESULT ${name} ${JSON.stringify(value)}`);
};

/** The errno name a call rejects with, or 'resolved'. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'resolved';
  } catch (err) {
    return errorName(err);
  }
}

async function program(): Promise<void> {
  const client = await IpvsClient.open({ timeoutMs: 5000 });
  report('family', client.familyId);
  for (const entry of TABLE) {
    await client.addService(entry.service);
    for (const d of entry.dests) await client.addDest(entry.service.key, d);
  }
  report('table', await client.readTable());

  const nat = TABLE[0]?.service;
  const v6 = TABLE[5]?.service;
  if (nat === undefined || v6 === undefined) throw new Error('TABLE changed shape');
  const missing = { ...NAT_KEY, address: '10.10.0.99' };
  const stranger = { ...NAT_DEST_1, address: '192.168.10.99' };
  const unknownScheduler: IpvsService = { ...nat, key: { ...NAT_KEY, address: '10.10.0.98' }, scheduler: 'nosuch' };
  report('errors', {
    duplicateService: await outcome(() => client.addService(nat)),
    duplicateDest: await outcome(() => client.addDest(NAT_KEY, NAT_DEST_1)),
    destOfMissingService: await outcome(() => client.addDest(missing, NAT_DEST_1)),
    updateMissingService: await outcome(() => client.updateService({ ...nat, key: missing })),
    deleteMissingService: await outcome(() => client.deleteService(missing)),
    unknownScheduler: await outcome(() => client.addService(unknownScheduler)),
    updateMissingDest: await outcome(() => client.updateDest(NAT_KEY, stranger)),
    deleteMissingDest: await outcome(() => client.deleteDest(NAT_KEY, stranger)),
    ipv4NatDestOfIpv6Service: await outcome(() => client.addDest(v6.key, { ...NAT_DEST_2, port: 443 })),
  });
  client.close();
  await viaExecutor([]);
}

/** Runs `effects` through the executor (all queued at once), then a ReadIpvsTable. */
async function viaExecutor(effects: readonly Effect[]): Promise<void> {
  const events: Event[] = [];
  const executor = ipvsExecutor({ emit: (e) => events.push(e), timeoutMs: 5000 });
  const outcomes = await Promise.all(effects.map((e) => executor.execute(e).then(() => 'ok', (err: unknown) => errorName(err))));
  await executor.execute({ kind: 'ReadIpvsTable' });
  await executor.close();
  report('effects', outcomes);
  report('read', events);
}

async function main(phase: string | undefined): Promise<void> {
  switch (phase) {
    case 'program':
      return program();
    case 'quiesce': {
      const dr = TABLE[1]?.service;
      if (dr === undefined) throw new Error('TABLE changed shape');
      return viaExecutor([
        { kind: 'IpvsUpdateDest', service: NAT_KEY, dest: { ...NAT_DEST_1, weight: 0 } },
        { kind: 'IpvsUpdateService', service: { ...dr, key: DR_KEY, scheduler: 'wlc' } },
      ]);
    }
    case 'remove':
      return viaExecutor([
        { kind: 'IpvsDeleteDest', service: NAT_KEY, dest: NAT_DEST_2 },
        { kind: 'IpvsDeleteService', key: V6_UDP_KEY },
      ]);
    case 'flush':
      return viaExecutor([{ kind: 'IpvsFlush' }]);
    default:
      throw new Error(`unknown phase ${String(phase)}`);
  }
}

main(process.argv[2]).catch((err: unknown) => {
  report('crash', { code: errorName(err), message: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
