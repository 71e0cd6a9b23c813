import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BRIDGE, HOST_INTERFACE, Lan, PREFIX_LENGTH, type LanHost } from '../../adapters/lab/lan.js';
import { NodeProcess } from '../../adapters/lab/node-process.js';
import { routerConfig } from '../../adapters/lab/router-config.js';
import { takeoverOnWire, takeoverText } from '../../adapters/lab/takeover.js';
import { WireWatch } from '../../adapters/lab/wire.js';
import { insideNamespace } from '../../adapters/netns/namespaces.js';
import { loadNetraw, type Netraw } from '../../adapters/vrrp-net/netraw.js';
import { runPostmortem } from './postmortem.js';
import { runReplay } from './replay.js';

const SUBNET = '10.211.0';
const VIP = `${SUBNET}.100`;
const MASTER_LOG = '(VI_1) Entering MASTER STATE';
/** Election and takeover each take Master_Down_Interval (~3.6 s) plus start-up; generous bounds. */
const STEP_TIMEOUT_MS = 20_000;

/** What the story has built so far, for the teardown to remove whatever happened. */
interface LabParts {
  readonly nodes: NodeProcess[];
  lan?: Lan;
  wire?: WireWatch;
}

interface Router {
  readonly host: LanHost;
  readonly priority: number;
  readonly daemon: 'vigil' | 'keepalived';
  readonly journal?: string;
}

const say = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function onPath(program: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => existsSync(join(dir, program)));
}

/** This very command again (bundle or sources, same node flags), for the Vigil routers. */
function vigilCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, [...process.execArgv, process.argv[1] ?? 'vigil', ...args]];
}

function startRouter(router: Router, dir: string): NodeProcess {
  const file = join(dir, `${router.host.name}.conf`);
  writeFileSync(file, routerConfig({ name: router.host.name, priority: router.priority, interface: HOST_INTERFACE, vip: VIP, prefixLength: PREFIX_LENGTH }));
  const echo = (line: string): void => {
    say(`  ${router.host.name} | ${line}`);
  };
  if (router.daemon === 'keepalived') {
    const pid = (what: string): string => join(dir, `${router.host.name}-${what}.pid`);
    return new NodeProcess(router.host.name, 'keepalived',
      ['-n', '-l', '-D', '-P', '-f', file, `--namespace=${router.host.namespace}`, '-p', pid('keepalived'), '-r', pid('vrrp')], echo);
  }
  const [command, args] = vigilCommand(['run', '-f', file, '--namespace', router.host.namespace, '--journal', router.journal ?? join(dir, router.host.name)]);
  return new NodeProcess(router.host.name, command, args, echo);
}

/**
 * `sudo vigil lab [--with-keepalived] [--keep]`: the main job on a fresh machine. A LAN of network
 * namespaces (a bridge, two routers), Vigil on both (or keepalived on the second), the master
 * killed, the VIP moving, the takeover measured on the wire, the failover timeline from the
 * journals; everything removed at the end, also on Ctrl-C or failure. Exit 0 when the VIP moved.
 */
export async function runLab(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { 'with-keepalived': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`vigil lab: ${(e as Error).message}\n`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    process.stderr.write('vigil lab: needs root (it creates network namespaces): run it with sudo\n');
    return 1;
  }
  if (values['with-keepalived'] && !onPath('keepalived')) {
    process.stderr.write('vigil lab: --with-keepalived needs keepalived (apt-get install keepalived)\n');
    return 1;
  }
  let netraw: Netraw;
  try {
    netraw = loadNetraw();
  } catch (e) {
    process.stderr.write(`vigil lab: ${(e as Error).message}\n`);
    return 1;
  }
  const prefix = `vlab${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lab-'));
  const parts: LabParts = { nodes: [] };
  // Routers stop gracefully first: keepalived's VRRP child outlives a SIGKILLed parent.
  const teardown = async (): Promise<void> => {
    await Promise.all(parts.nodes.map((node) => node.stop(3000)));
    parts.wire?.close();
    parts.lan?.close();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = (signal: NodeJS.Signals): void => {
    say(`\n${signal}: tearing the lab down`);
    void teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await story(netraw, prefix, dir, values['with-keepalived'], parts);
  } catch (e) {
    say(`vigil lab failed: ${(e as Error).message}`);
    if (process.env['VIGIL_DEBUG'] !== undefined) say(String((e as Error).stack));
    return 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await teardown();
    say(`Torn down: routers stopped, namespaces ${prefix}-* removed${values.keep ? `; configs and journals kept in ${dir}` : ''}.`);
  }
}

async function story(netraw: Netraw, prefix: string, dir: string, withKeepalived: boolean, parts: LabParts): Promise<number> {
  const lan = await Lan.create(netraw, prefix, ['n1', 'n2'], SUBNET);
  parts.lan = lan;
  const wire = insideNamespace(netraw, lan.switchNamespace, () => new WireWatch(netraw, BRIDGE));
  parts.wire = wire;
  const [h1, h2] = lan.hosts as [LanHost, LanHost];
  const first: Router = { host: h1, priority: 150, daemon: 'vigil', journal: join(dir, 'n1') };
  const second: Router = withKeepalived ? { host: h2, priority: 100, daemon: 'keepalived' } : { host: h2, priority: 100, daemon: 'vigil', journal: join(dir, 'n2') };
  say(`A LAN of network namespaces: bridge ${BRIDGE} in ${lan.switchNamespace}, routers on ${SUBNET}.0/${PREFIX_LENGTH}`);
  for (const r of [first, second]) {
    say(`  ${r.host.name}  ${r.host.address}  ${r.daemon === 'vigil' ? 'Vigil     ' : 'keepalived'}  priority ${r.priority}  (namespace ${r.host.namespace})`);
  }
  say(`  virtual router 51, advert_int 1 s, VIP ${VIP}/${PREFIX_LENGTH}`);
  say('');
  const holds = async (host: LanHost): Promise<boolean> => (await lan.addressesOf(host)).includes(VIP);

  // n1 first, n2 once n1 is up: both start as BACKUP and the first Master_Down_Interval to run
  // out elects; n1's is shorter (higher priority), so it wins unless n2 had a head start.
  const started = Date.now();
  const n1 = startRouter(first, dir);
  parts.nodes.push(n1);
  await n1.waitFor(() => n1.logged('(VI_1) Entering BACKUP STATE (init)'), STEP_TIMEOUT_MS, 'start-up');
  const n2 = startRouter(second, dir);
  parts.nodes.push(n2);
  await n1.waitFor(() => n1.logged(MASTER_LOG), STEP_TIMEOUT_MS, 'election');
  await n1.waitFor(() => holds(h1), STEP_TIMEOUT_MS, `${VIP} on n1`);
  say(`\n>> n1 won the election (priority 150) and holds ${VIP}, ${((Date.now() - started) / 1000).toFixed(1)} s after start.`);
  await sleep(2500); // a few adverts on the wire
  say('>> Killing n1 with SIGKILL, as a crash or power loss would: no priority-0 advert, no goodbye.\n');
  const killedAtMs = Date.now();
  n1.kill('SIGKILL');
  await n2.waitFor(() => n2.logged(MASTER_LOG), STEP_TIMEOUT_MS, 'takeover');
  await n2.waitFor(() => holds(h2), STEP_TIMEOUT_MS, `${VIP} on n2`);
  await sleep(1500); // the gratuitous ARP burst
  say(`\n>> n2 took over and holds ${VIP}.`);
  const takeover = takeoverOnWire(wire, { oldSource: h1.address, newSource: h2.address, newPriority: second.priority, vip: VIP, afterMs: killedAtMs });
  if (takeover === undefined) throw new Error('the capture on the bridge shows no takeover');
  say(`\nOn the wire (capture on ${BRIDGE}, kernel timestamps, UTC):`);
  process.stdout.write(takeoverText(takeover, `n1 (${h1.address})`, `n2 (${h2.address})`, VIP));

  await n2.stop();
  const journals = [first, second].flatMap((r) => (r.journal === undefined ? [] : [r.journal]));
  say(`\nThe failover from the journals (vigil postmortem ${journals.map((j) => j.replace(dir, '$LAB')).join(' ')}):`);
  runPostmortem(journals);
  say('\nEach journal re-folded through the reducer (vigil replay):');
  let replayed = 0;
  for (const journal of journals) replayed += runReplay([journal]) === 0 ? 0 : 1;
  return replayed === 0 ? 0 : 1;
}
