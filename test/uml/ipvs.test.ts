// adapters/ipvs against a real IPVS: Debian's User-Mode Linux 6.1 with ip_vs, booted once for
// this file (test/support/uml.ts). Inside it, test/uml/ipvs-program.ts programs a table through
// IpvsClient and ipvsExecutor and prints what it reads back; `ipvsadm` lists the same kernel's
// table; here, on the host, both are parsed and must describe the same table, and that table must
// be the one programmed. Then, in the same boot: a weight set to 0, a scheduler changed, a
// destination and a service deleted, the table flushed, each checked the same two ways.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Event, IpvsServiceEntry } from '../../core/events/index.js';
import { canonicalTable } from '../../core/lvs/kernel.js';
import { IpvsClient } from '../../adapters/ipvs/client.js';
import { IpvsError } from '../../adapters/ipvs/errors.js';
import { GUEST_SHARED, runInUml, umlSkipReason, type UmlCommandResult, type UmlRun } from '../support/uml.js';
import { NAT_DEST_1, NAT_DEST_2, NAT_KEY, SCHEDULER_MODULES, TABLE, V6_UDP_KEY } from './ipvs-table.js';
import { listingOf, parseIpvsadmList, parseIpvsadmSave, sortedListing, thresholdsOf } from './ipvsadm.js';

const skip = umlSkipReason();
if (skip !== undefined) console.log(`# skipping IPVS tests on User-Mode Linux: ${skip}`);

const PROGRAM = join(import.meta.dirname, 'ipvs-program.ts');
const NODE_MODULES = join(import.meta.dirname, '..', '..', 'node_modules');
const guest = (phase: string): string => `node ${GUEST_SHARED}/ipvs-program.cjs ${phase}`;

const COMMANDS = [
  guest('program'), // 0
  'ipvsadm -Ln', // 1
  'ipvsadm -Sn', // 2
  'ipvsadm -Ln --thresholds', // 3
  guest('quiesce'), // 4
  'ipvsadm -Ln', // 5
  guest('remove'), // 6
  'ipvsadm -Ln', // 7
  guest('flush'), // 8
  'ipvsadm -Ln', // 9
] as const;

/** The `@@RESULT name json` lines a guest program printed. */
function resultsOf(r: UmlCommandResult): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const m of r.output.matchAll(/^@@RESULT (\w+) (.*)$/gm)) out.set(m[1] ?? '', JSON.parse(m[2] ?? 'null') as unknown);
  return out;
}

describe('IPVS generic netlink on a real kernel (User-Mode Linux 6.1)', { skip }, () => {
  let shared = '';
  let run: UmlRun | undefined;

  before(async () => {
    shared = mkdtempSync(join(tmpdir(), 'vigil-ipvs-uml-'));
    // One CommonJS file run by plain node inside: tsx would compile the sources again in every
    // guest process (3.5 s each under UML); `netlink` stays a package, found through NODE_PATH.
    await build({ entryPoints: [PROGRAM], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile: join(shared, 'ipvs-program.cjs'), logLevel: 'error' });
    run = await runInUml({
      commands: COMMANDS,
      modules: ['ip_vs', ...SCHEDULER_MODULES],
      shared,
      env: { NODE_PATH: NODE_MODULES },
      timeoutMs: 50_000,
    });
    console.log(`# UML: boot ${Math.round(run.bootMs ?? -1)} ms, whole run ${Math.round(run.totalMs)} ms (${run.results.map((r) => `${r.command.replace(/^node \S+ /, '')} ${Math.round(r.ms)}`).join(', ')})`);
  });

  after(() => {
    if (shared !== '') rmSync(shared, { recursive: true, force: true });
  });

  const done = (): UmlRun => {
    assert.ok(run !== undefined, 'the UML did not run');
    return run;
  };
  const command = (i: number): UmlCommandResult => {
    const r = done().results[i];
    assert.ok(r !== undefined, `command ${i} (${COMMANDS[i] ?? '?'}) did not finish; console tail:\n${done().console.slice(-4000)}`);
    assert.equal(r.exitCode, 0, `${r.command} exited ${r.exitCode}:\n${r.output}`);
    return r;
  };
  const result = (i: number, name: string): unknown => {
    const value = resultsOf(command(i)).get(name);
    assert.ok(value !== undefined, `${COMMANDS[i] ?? '?'} printed no ${name}:\n${command(i).output}`);
    return value;
  };
  /** The table the executor's ReadIpvsTable reported after command i. */
  const executorRead = (i: number): IpvsServiceEntry[] => {
    const events = result(i, 'read') as Event[];
    assert.equal(events.length, 1);
    const read = events[0];
    assert.ok(read?.kind === 'IpvsTableRead');
    assert.equal(read.ok, true, read.error);
    return [...read.services];
  };
  const listing = (i: number) => sortedListing(parseIpvsadmList(command(i).output));

  it('boots, loads ip_vs and the schedulers, runs every command, and powers off', () => {
    const r = done();
    assert.equal(r.timedOut, false, `timed out; console tail:\n${r.console.slice(-4000)}`);
    assert.equal(r.modules?.exitCode, 0, r.modules?.output);
    assert.ok(r.completed, `not every command ran; console tail:\n${r.console.slice(-4000)}`);
  });

  it('resolves the "IPVS" family id through the controller', () => {
    const id = result(0, 'family');
    assert.equal(typeof id, 'number');
    assert.ok((id as number) >= 16, `family id ${String(id)}`); // GENL_MIN_ID
  });

  it('readTable gives back exactly the table programmed (NAT, DR, tunnels, fwmark, persistence, IPv6)', () => {
    assert.deepEqual(canonicalTable(result(0, 'table') as IpvsServiceEntry[]), canonicalTable(TABLE));
  });

  it('ipvsadm -Ln lists the same services, schedulers, persistence, flags, forwarding and weights', () => {
    assert.deepEqual(listing(1), listingOf(result(0, 'table') as IpvsServiceEntry[]));
  });

  it('ipvsadm -Sn and --thresholds say the same of every field, tunnels and thresholds included', () => {
    const saved = parseIpvsadmSave(command(2).output, thresholdsOf(parseIpvsadmList(command(3).output)));
    assert.deepEqual(canonicalTable(saved), canonicalTable(result(0, 'table') as IpvsServiceEntry[]));
  });

  it('refused commands come back as the kernel\'s errno names', () => {
    assert.deepEqual(result(0, 'errors'), {
      duplicateService: 'EEXIST',
      duplicateDest: 'EEXIST',
      destOfMissingService: 'ESRCH',
      updateMissingService: 'ESRCH',
      deleteMissingService: 'ESRCH',
      unknownScheduler: 'ENOENT',
      updateMissingDest: 'ENOENT',
      deleteMissingDest: 'ENOENT',
      ipv4NatDestOfIpv6Service: 'EINVAL',
    });
  });

  it('the executor answers ReadIpvsTable with an IpvsTableRead of the same table', () => {
    assert.deepEqual(canonicalTable(executorRead(0)), canonicalTable(TABLE));
  });

  it('IpvsUpdateDest to weight 0 and IpvsUpdateService rr → wlc: read back and in ipvsadm', () => {
    assert.deepEqual(result(4, 'effects'), ['ok', 'ok']);
    const table = executorRead(4);
    const nat = table.find((e) => e.service.key.address === NAT_KEY.address);
    assert.equal(nat?.dests.find((d) => d.address === NAT_DEST_1.address)?.weight, 0);
    assert.equal(table.find((e) => e.service.key.address === '10.10.0.2')?.service.scheduler, 'wlc');
    const listed = listing(5);
    assert.ok(listed.some((s) => s.service === 'TCP 10.10.0.1:80' && s.dests.includes('192.168.10.11:8080 Masq 0')), JSON.stringify(listed));
    assert.ok(listed.some((s) => s.service === 'TCP 10.10.0.2:443' && s.scheduler === 'wlc'), JSON.stringify(listed));
    assert.deepEqual(listed, listingOf(table));
  });

  it('IpvsDeleteDest and IpvsDeleteService: gone from the read and from ipvsadm', () => {
    assert.deepEqual(result(6, 'effects'), ['ok', 'ok']);
    const table = executorRead(6);
    const nat = table.find((e) => e.service.key.address === NAT_KEY.address);
    assert.deepEqual(nat?.dests.map((d) => d.address), [NAT_DEST_1.address]);
    assert.equal(table.some((e) => e.service.key.address === V6_UDP_KEY.address), false);
    assert.equal(table.length, TABLE.length - 1);
    const listed = listing(7);
    assert.equal(listed.some((s) => s.dests.some((d) => d.startsWith(`${NAT_DEST_2.address}:`))), false);
    assert.equal(listed.some((s) => s.service === `UDP [${V6_UDP_KEY.address}]:53`), false);
    assert.deepEqual(listed, listingOf(table));
  });

  it('IpvsFlush empties the table', () => {
    assert.deepEqual(result(8, 'effects'), ['ok']);
    assert.deepEqual(executorRead(8), []);
    assert.deepEqual(listing(9), []);
  });
});

// The host kernel here has no IPVS at all (reference ecosystem.md: no CONFIG_IP_VS), which makes it
// a real controller to ask for a family that does not exist.
const hostHasIpvs = existsSync('/proc/net/ip_vs') || hostModuleExists('ip_vs');
const hostSkip = hostHasIpvs ? 'this host kernel has IPVS (or could load it)' : undefined;
if (hostSkip !== undefined) console.log(`# skipping the no-IPVS host test: ${hostSkip}`);

/** Whether asking for the family could load ip_vs (the kernel autoloads it by modules.alias). */
function hostModuleExists(name: string): boolean {
  if (!existsSync('/lib/modules')) return false;
  return readdirSync('/lib/modules').some((release) => {
    const dir = join('/lib/modules', release, 'kernel/net/netfilter/ipvs');
    return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(`${name}.ko`));
  });
}

describe('IpvsClient on a kernel without IPVS', { skip: hostSkip }, () => {
  it('rejects at open with ENOENT and says the kernel has no IPVS', async () => {
    await assert.rejects(IpvsClient.open({ timeoutMs: 2000 }), (err: unknown) => {
      assert.ok(err instanceof IpvsError);
      assert.equal(err.code, 'ENOENT');
      assert.match(err.message, /the kernel has no IPVS/);
      return true;
    });
  });
});
