// `sudo vigil lab`, the README's first command (issue 6): it builds its LAN, the VIP moves, the
// takeover is measured on the wire, the journals replay, and nothing is left behind: also with
// keepalived as the second router, and when interrupted half-way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const gap = privilegeGap(['ip', 'keepalived']) ?? (netrawPath() === undefined ? 'native/netraw is not built' : undefined);
if (gap !== undefined) console.log(`# skipping vigil lab tests: ${gap}`);

/** The lab's namespaces are named vlabPID-*: none may outlive it. */
function leftovers(pid: number | undefined): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`vlab${pid}-`));
}

function runLab(args: string[]): { status: number | null; out: string; pid: number | undefined } {
  const r = spawnSync(VIGIL, ['lab', ...args], { encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, pid: r.pid };
}

/** "takeover beyond Master_Down_Interval: 3.9 ms to the first advert, 4.9 ms to the first GARP" */
function beyond(out: string): { advert: number; garp: number } {
  const m = /takeover beyond Master_Down_Interval: (-?[\d.]+) ms to the first advert, (-?[\d.]+) ms to the first GARP/.exec(out);
  assert.ok(m !== null, out);
  return { advert: Number(m[1]), garp: Number(m[2]) };
}

describe('vigil lab', { skip: gap ?? false }, () => {
  it('two Vigil routers: the VIP moves, the wire shows the takeover, both journals replay identical', () => {
    const { status, out, pid } = runLab([]);
    assert.equal(status, 0, out);
    assert.match(out, /n1 won the election \(priority 150\) and holds 10\.211\.0\.100/);
    assert.match(out, /n2 took over and holds 10\.211\.0\.100/);
    // On the wire: n2's first advert comes after its Master_Down_Interval (never before: that would
    // be a premature takeover) and the GARP right behind it. No upper bound here: timing goals are
    // the bench's; this checks the measurement is there and sane.
    const b = beyond(out);
    assert.ok(b.advert >= 0 && b.garp >= b.advert, out);
    assert.match(out, /n1 VI_1: master down timer expired/);
    assert.match(out, /n2 VI_1: master down timer expired \(last master n1\)/);
    assert.match(out, /Split brain: 0 windows/);
    assert.match(out, /identical: n1, /);
    assert.match(out, /identical: n2, /);
    assert.match(out, /Torn down/);
    assert.deepEqual(leftovers(pid), []);
  });

  it('--with-keepalived: Debian\'s keepalived takes the VIP over from Vigil', () => {
    const { status, out, pid } = runLab(['--with-keepalived']);
    assert.equal(status, 0, out);
    assert.match(out, /n2 {2}10\.211\.0\.2 {2}keepalived/);
    assert.match(out, /n2 \| .*Starting Keepalived v2/);
    assert.match(out, /n2 took over and holds 10\.211\.0\.100/);
    assert.ok(beyond(out).advert >= 0, out);
    assert.match(out, /identical: n1, /);
    assert.deepEqual(leftovers(pid), []);
  });

  it('Ctrl-C half-way tears everything down and exits 130', async () => {
    const child = spawn(VIGIL, ['lab'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let interruptSent = false;
    const interrupted = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (child.signalCode === null && out.includes('Entering BACKUP STATE (init)') && !interruptSent) {
          interruptSent = true; // once: a second Ctrl-C is the user insisting (default action)
          child.kill('SIGINT');
          resolve();
        }
      });
    });
    const code = new Promise<number | null>((resolve) => child.once('close', resolve));
    await interrupted;
    assert.equal(await code, 130, out);
    assert.match(out, /SIGINT: tearing the lab down/);
    assert.deepEqual(leftovers(child.pid), []);
  });

  it('refuses to run without root, saying why', () => {
    const r = spawnSync(VIGIL, ['lab'], { encoding: 'utf8', uid: 65534, gid: 65534, env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /vigil lab: needs root \(it creates network namespaces\)/);
  });
});
