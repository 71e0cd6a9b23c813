// The seeds' split-brain guard (issue 7 "Done means"): two `vigil run` nodes and a gateway on one
// bridge, each node with a track_script that pings the gateway (weight 0: failing means FAULT).
// Node b is cut off from the gateway and from node a while its own link stays up (its bridge port
// leaves the bridge, as when a switch uplink fails): b hears no adverts, so without the guard it
// would take the VIP beside a (shown first, as the control); with the guard its ping fails, it
// goes FAULT and never takes the VIP while a keeps it. Reconnected, b comes back as BACKUP. Both
// journals hold the ping runs and replay identical.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { readJournalDirectory } from '../../adapters/store/file/read-only.js';
import { IF_A, IF_B, VethLab, type LabProcess } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const VIP = '10.199.0.100';
const GATEWAY = '10.199.0.254';

function pingPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v ping'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const PING = pingPath();
const gap =
  privilegeGap() ??
  (netrawPath() === undefined ? 'native/netraw is not built (npx node-gyp rebuild -C native/netraw)' : undefined) ??
  (PING === undefined ? "needs 'ping' (iputils-ping; run scripts/setup.sh)" : undefined);
if (gap !== undefined) console.log(`# skipping split-brain guard tests: ${gap}`);

/**
 * advert_int 2: b's master-down interval (~6.6 s) is well past the ~2 s a failing ping takes to
 * be reported (the next 1 s tick, then -W 1), as the seeds tune it.
 */
function config(iface: string, priority: number, name: string, guarded: boolean): string {
  const guard = guarded
    ? `vrrp_script chk_gateway {
  script "${PING ?? 'ping'} -c 1 -W 1 ${GATEWAY}"
  interval 1
  timeout 3
}
`
    : '';
  return `global_defs {
  router_id ${name}
}
${guard}vrrp_instance VI_1 {
  state BACKUP
  interface ${iface}
  virtual_router_id 54
  priority ${priority}
  advert_int 2
  virtual_ipaddress {
    ${VIP}/24
  }
${guarded ? '  track_script {\n    chk_gateway\n  }\n' : ''}}
`;
}

describe('the split-brain guard: a gateway-ping track_script', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';

  before(async () => {
    lab = await VethLab.create('vg', { bridged: true });
    // The switch namespace is the gateway too: an address on its bridge.
    lab.sw?.ip('addr', 'add', `${GATEWAY}/24`, 'dev', 'br0');
    dir = mkdtempSync(join(tmpdir(), 'vigil-guard-'));
  });

  afterEach(async () => {
    await lab.stopAll();
    // Whatever a failed test left: b's port back on the bridge.
    lab.sw?.ip('link', 'set', 'sw-b', 'master', 'br0');
  });

  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const holds = (ns: VethLab['a'], iface: string): boolean => ns.ip('-4', 'addr', 'show', 'dev', iface).includes(`${VIP}/24`);
  const count = (p: LabProcess, suffix: string): number => p.lines.filter((l) => l.endsWith(suffix)).length;
  const cut = (): void => {
    lab.sw?.ip('link', 'set', 'sw-b', 'nomaster');
  };
  const reconnect = (): void => {
    lab.sw?.ip('link', 'set', 'sw-b', 'master', 'br0');
  };

  async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Both nodes up: a MASTER with the VIP, then b BACKUP (started after a, so that how long each
   * process takes to start cannot make b the first MASTER).
   */
  async function pair(tag: string, guarded: boolean): Promise<{ a: LabProcess; b: LabProcess }> {
    writeFileSync(join(dir, `${tag}-a.conf`), config(IF_A, 150, 'node-a', guarded));
    writeFileSync(join(dir, `${tag}-b.conf`), config(IF_B, 100, 'node-b', guarded));
    const a = lab.start(lab.a, VIGIL, ['run', '-f', join(dir, `${tag}-a.conf`), '--journal', join(dir, `${tag}-journal-a`)]);
    await a.waitUntil(() => count(a, '(VI_1) Entering MASTER STATE') === 1, 15_000, 'node a MASTER');
    await until(() => holds(lab.a, IF_A), 'the VIP on node a');
    const b = lab.start(lab.b, VIGIL, ['run', '-f', join(dir, `${tag}-b.conf`), '--journal', join(dir, `${tag}-journal-b`)]);
    await b.waitUntil(() => count(b, '(VI_1) Entering BACKUP STATE (init)') === 1, 15_000, 'node b BACKUP');
    // A few of a's adverts seen: b is settled as BACKUP.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(count(b, '(VI_1) Entering MASTER STATE'), 0, b.lines.join('\n'));
    return { a, b };
  }

  it('control, without the guard: b cut off takes the VIP beside a (split brain)', async () => {
    const { a, b } = await pair('control', false);
    cut();
    await b.waitUntil(() => count(b, '(VI_1) Entering MASTER STATE') === 1, 15_000, 'node b MASTER on its own');
    await until(() => holds(lab.b, IF_B), 'the VIP on node b');
    assert.ok(holds(lab.a, IF_A), 'node a keeps it too: two holders');
    assert.equal(count(a, '(VI_1) Entering BACKUP STATE'), 0);
  });

  it('with the guard: b cut off goes FAULT and never takes the VIP; reconnected it is BACKUP; journals replay identical', async (t) => {
    const { a, b } = await pair('guard', true);
    assert.ok(lab.b.run(PING ?? 'ping', ['-c', '1', '-W', '1', GATEWAY]).status === 0, 'b reaches the gateway before the cut');
    cut();
    const cutAt = Date.now();
    assert.notEqual(lab.b.run(PING ?? 'ping', ['-c', '1', '-W', '1', GATEWAY]).status, 0, 'b is cut off from the gateway');
    assert.notEqual(lab.b.run(PING ?? 'ping', ['-c', '1', '-W', '1', '10.199.0.1']).status, 0, 'and from node a');
    await b.waitUntil(() => count(b, '(VI_1) Entering FAULT STATE') === 1, 15_000, 'node b FAULT');
    const faultAfter = Date.now() - cutAt;
    // Watch past b's master-down interval (3 × 2 s + skew) counted from the cut, and more.
    let bHeld = false;
    let aLost = false;
    while (Date.now() - cutAt < 10_000) {
      bHeld ||= holds(lab.b, IF_B);
      aLost ||= !holds(lab.a, IF_A);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(bHeld, false, 'node b took the VIP while cut off');
    assert.equal(aLost, false, 'node a lost the VIP');
    assert.equal(count(b, '(VI_1) Entering MASTER STATE'), 0, b.lines.join('\n'));
    assert.ok(b.lines.some((l) => l.endsWith('VRRP_Script(chk_gateway) failed (exited with status 1)')), b.lines.join('\n'));
    assert.equal(count(a, '(VI_1) Entering MASTER STATE'), 1, 'node a stayed MASTER');

    reconnect();
    await b.waitUntil(() => count(b, '(VI_1) Entering BACKUP STATE') >= 1 && count(b, '(VI_1) Entering BACKUP STATE (init)') === 1 && b.lines.some((l) => l.endsWith('VRRP_Script(chk_gateway) succeeded')), 15_000, 'node b back to BACKUP');
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(count(b, '(VI_1) Entering MASTER STATE'), 0);
    assert.ok(holds(lab.a, IF_A) && !holds(lab.b, IF_B), 'the VIP only on node a');
    t.diagnostic(`node b FAULT ${faultAfter} ms after the cut`);

    await a.stop(5000);
    await b.stop(5000);
    for (const node of ['a', 'b']) {
      const journal = join(dir, `guard-journal-${node}`);
      const r = spawnSync(VIGIL, ['replay', journal], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${node}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /^identical: node-/m);
      // Every ping is in the journal: its start (RunScript) and its result (ScriptResult).
      const records = readJournalDirectory(journal).records.map((x) => x.body);
      const starts = records.filter((e) => e.kind === 'RunScript' && e.purpose === 'track' && e.name === 'chk_gateway').length;
      const results = records.filter((e) => e.kind === 'ScriptResult' && e.script === 'chk_gateway');
      assert.ok(starts >= results.length && starts - results.length <= 1, `${node}: ${starts} starts, ${results.length} results`);
      if (node === 'b') {
        assert.ok(results.some((e) => e.kind === 'ScriptResult' && e.outcome === 'exited' && e.status === 1), 'b: the failed pings');
        const t = spawnSync(VIGIL, ['replay', journal, '--timeline'], { encoding: 'utf8' });
        assert.match(t.stdout, /BACKUP -> FAULT/);
        assert.match(t.stdout, /FAULT -> BACKUP/);
        assert.doesNotMatch(t.stdout, /-> MASTER/);
      }
    }
  });
});
