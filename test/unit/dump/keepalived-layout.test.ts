// Debian's keepalived 2.2.7 writes its data, stats and JSON dumps for a config just after it
// started; Vigil's dumps of a state built from the same config must match them: the same stats
// lines in the same order (counter values aside, they come from different runs), the same
// global and topology lines with the same values (times and what README.md lists aside), and the
// same JSON field names in the same order. keepalived runs in a network namespace this test creates and always removes, on a veth
// pair inside it, with TMPDIR pointing its dump files at a private directory.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDump, jsonDump, statsDump } from '../../../projections/dump/index.js';
import { Netns, privilegeGap } from '../../support/netns.js';
import { TestNode } from '../../support/node.js';
import { linesOf, NOW, section } from './support.js';

function keepalivedGap(): string | undefined {
  const gap = privilegeGap(['ip', 'keepalived']);
  if (gap !== undefined) return gap;
  // keepalived -v prints its version on stderr.
  const run = spawnSync('keepalived', ['-v'], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.includes('Keepalived v2.2.7') ? undefined : 'needs Debian keepalived 2.2.7';
}

const gap = keepalivedGap();
if (gap !== undefined) console.log(`# skipping the keepalived dump layout comparison: ${gap}`);

const IFACE = 'vgd0';
const ADDRESS = '10.211.0.1';

const CONFIG = `
global_defs {
  router_id vigil-dump-test
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${IFACE}
  virtual_router_id 51
  priority 100
  authentication {
    auth_type PASS
    auth_pass secret
  }
  virtual_ipaddress {
    10.211.0.100/24
  }
  notify_master "/usr/bin/true"
}
vrrp_instance VI_2 {
  state BACKUP
  interface ${IFACE}
  virtual_router_id 52
  priority 50
  virtual_ipaddress {
    10.211.0.101
  }
}
`;

/** Polls `ready` every 50 ms until it holds or `ms` pass. */
async function waitFor(ready: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Every counter's value replaced: the layout without the numbers. */
const shape = (text: string): string[] => linesOf(text).map((l) => l.replace(/: \d+$/, ': N'));

/** keepalived's sections Vigil writes too (no sockets, no NICs: README.md). */
const SECTIONS = ['Global definitions', 'VRRP Topology'];

/**
 * keepalived.data without what differs by design: the socket fds and the libnftnl version
 * keepalived prints, the times of the two runs, and the master_saddr a BACKUP that has heard no
 * master shows (keepalived prints whatever it holds then: the IPv4 or the IPv6 group).
 */
function comparableData(text: string): string[] {
  return SECTIONS.flatMap((s) => section(text, s))
    .filter((l) => !/^ {3}fd_in \d+, fd_out \d+$/.test(l) && !l.startsWith(' libnftnl version '))
    .map((l) => l.replace(/^( {3}(Last transition|Read timeout|Master router) = ).*$/, '$1*'));
}

interface KeepalivedJson {
  readonly data: Record<string, unknown>;
  readonly stats: Record<string, unknown>;
}

describe('dump layout against keepalived 2.2.7', { skip: gap ?? false }, () => {
  it('data, stats and JSON match what keepalived writes for the same config', async () => {
    const ns = Netns.create('vgdump');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-dump-'));
    let child: ChildProcess | undefined;
    let output = '';
    try {
      ns.ip('link', 'add', IFACE, 'type', 'veth', 'peer', 'name', 'vgd1');
      ns.ip('link', 'set', IFACE, 'up');
      ns.ip('link', 'set', 'vgd1', 'up');
      ns.ip('addr', 'add', `${ADDRESS}/24`, 'dev', IFACE);
      const conf = join(dir, 'keepalived.conf');
      writeFileSync(conf, CONFIG);
      child = spawn(
        'ip',
        ['netns', 'exec', ns.name, 'keepalived', '-n', '-l', '-P', '-f', conf, '-p', join(dir, 'k.pid'), '-r', join(dir, 'v.pid')],
        { env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const collect = (chunk: Buffer): void => {
        output += chunk.toString();
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const running = child;
      await waitFor(() => output.includes('Startup complete') || running.exitCode !== null, 10_000, 'keepalived to start');
      assert.ok(output.includes('Startup complete'), `keepalived did not start:\n${output}`);

      const statsFile = join(dir, 'keepalived.stats');
      const jsonFile = join(dir, 'keepalived.json');
      running.kill('SIGUSR1');
      running.kill('SIGUSR2');
      // keepalived --signum=JSON: SIGRTMIN+2 in 2.2.7.
      const jsonSignal = Number(execFileSync('keepalived', ['--signum=JSON'], { encoding: 'utf8' }).trim());
      process.kill(running.pid ?? 0, jsonSignal);
      await waitFor(() => existsSync(statsFile) && readFileSync(statsFile, 'utf8').split('\n').length > 2 * 19, 10_000, 'keepalived.stats');
      await waitFor(() => existsSync(jsonFile) && readFileSync(jsonFile, 'utf8').endsWith('\n'), 10_000, 'keepalived.json');

      const dataFile = join(dir, 'keepalived.data');
      await waitFor(() => existsSync(dataFile) && readFileSync(dataFile, 'utf8').includes('------< Interfaces >------'), 10_000, 'keepalived.data');
      const n = new TestNode(CONFIG, ADDRESS, IFACE);
      n.boot(0);
      assert.deepEqual(shape(statsDump(n.state)), shape(readFileSync(statsFile, 'utf8')));

      const keepalivedData = comparableData(readFileSync(dataFile, 'utf8'));
      assert.ok(keepalivedData.length > 100, 'keepalived.data has its global and topology sections');
      assert.deepEqual(comparableData(dataDump(n.state, NOW)), keepalivedData);

      const theirs = JSON.parse(readFileSync(jsonFile, 'utf8')) as KeepalivedJson[];
      const ours = jsonDump(n.state, NOW) as KeepalivedJson[];
      assert.equal(ours.length, theirs.length);
      theirs.forEach((k, i) => {
        const v = ours[i];
        assert.deepEqual(Object.keys(v?.data ?? {}), Object.keys(k.data), `data fields of instance ${i}`);
        assert.deepEqual(Object.keys(v?.stats ?? {}), Object.keys(k.stats), `stats fields of instance ${i}`);
        for (const key of Object.keys(k.data)) {
          assert.equal(typeof v?.data[key], typeof k.data[key], `type of data.${key}`);
        }
        // Values a fresh BACKUP has in both, whatever the timing.
        for (const key of ['iname', 'ifp_ifname', 'vrid', 'base_priority', 'version', 'auth_type', 'vips', 'script_master', 'accept', 'garp_delay']) {
          assert.deepEqual(v?.data[key], k.data[key], `data.${key}`);
        }
      });
    } finally {
      if (child !== undefined) await stop(child);
      ns.delete();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
