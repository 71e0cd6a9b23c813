// Named network namespaces through native/netraw (adapters/netns), checked with iproute2:
// made where `ip netns` finds them, sockets opened inside stay inside, removal leaves nothing.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRtNetlink } from 'netlink';
import { insideNamespace, namespacePath } from '../../adapters/netns/namespaces.js';
import { loadNetraw, netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { privilegeGap } from '../support/netns.js';

const gap = privilegeGap() ?? (netrawPath() === undefined ? 'native/netraw is not built' : undefined);
if (gap !== undefined) console.log(`# skipping network namespace tests: ${gap}`);

describe('network namespaces (native/netraw)', { skip: gap ?? false }, () => {
  const name = `vgns-${process.pid}`;
  const made: string[] = [];
  after(() => {
    for (const n of made) if (existsSync(namespacePath(n))) loadNetraw().netnsDelete(n);
  });

  it('netnsAdd makes a namespace `ip netns` sees, with only a loopback that is down', () => {
    const netraw = loadNetraw();
    netraw.netnsAdd(name);
    made.push(name);
    assert.ok(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').some((l) => l.startsWith(name)));
    const links = execFileSync('ip', ['-n', name, '-o', 'link'], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(links.length, 1);
    assert.match(links[0] ?? '', /^1: lo: <LOOPBACK>/);
  });

  it('a socket opened inside stays there; the thread comes back out', async () => {
    const netraw = loadNetraw();
    const inside = insideNamespace(netraw, name, () => createRtNetlink());
    const outside = createRtNetlink();
    try {
      const names = (await inside.getLinks()).map((l) => l.attrs.ifname);
      assert.deepEqual(names, ['lo']);
      assert.ok((await outside.getLinks()).length >= 1);
      assert.equal(netraw.hardwareAddress('lo').length, 6);
    } finally {
      inside.socket.close();
      outside.socket.close();
    }
  });

  it('a second netnsAdd of the same name fails with EEXIST; a bad name is refused', () => {
    const netraw = loadNetraw();
    assert.throws(() => { netraw.netnsAdd(name); }, { code: 'EEXIST' });
    assert.throws(() => { netraw.netnsAdd('a/b'); }, TypeError);
    assert.throws(() => netraw.netnsEnter('/run/netns/does-not-exist'), { code: 'ENOENT' });
  });

  it('netnsDelete removes it; deleting again says ENOENT', () => {
    const netraw = loadNetraw();
    netraw.netnsDelete(name);
    assert.ok(!existsSync(namespacePath(name)));
    assert.ok(!execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(name));
    assert.throws(() => { netraw.netnsDelete(name); }, { code: 'ENOENT' });
  });

  it('vigil run with a net_namespace that does not exist (config or -s) says so and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-netns-'));
    try {
      const file = join(dir, 'k.conf');
      writeFileSync(file, 'net_namespace vigil-no-such-ns\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n}\n');
      const vigil = new URL('../../bin/vigil', import.meta.url).pathname;
      for (const args of [['run', '-f', file], ['run', '-f', file, '-s', 'vigil-other-missing-ns']]) {
        const r = spawnSync(vigil, args, { encoding: 'utf8', timeout: 20_000 });
        assert.equal(r.status, 1, r.stderr);
        const missing = args.includes('-s') ? 'vigil-other-missing-ns' : 'vigil-no-such-ns';
        assert.match(r.stderr, new RegExp(`vigil run: open /run/netns/${missing}: .*\\(ENOENT\\)`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
