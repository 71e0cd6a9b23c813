// Out of file descriptors (EMFILE): a probe that cannot get a socket is a failed check in
// keepalived's words, never a crash. Node raises RLIMIT_NOFILE's soft limit to the hard one at
// start (keepalived raises it to what its checkers need), so the limit is lowered here with
// prlimit for a child process that starts more probes at once than it may open.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Socket } from 'node:net';
import { tcpServer } from './support.js';

const PROBES = 200;
const NOFILE = 64;
const prlimit = spawnSync('sh', ['-c', 'command -v prlimit'], { encoding: 'utf8' }).status === 0;

/** The child: PROBES TCP_CHECKs at once, their outcomes counted by detail, as JSON. */
function childScript(port: number): string {
  const support = new URL('./support.js', import.meta.url).href;
  const probe = new URL('../../adapters/checkers/probe.js', import.meta.url).href;
  return `
const { base, connection, targetFor, timing } = await import(${JSON.stringify(support)});
const { runProbe } = await import(${JSON.stringify(probe)});
const checker = { ...base, ...timing, kind: 'TCP_CHECK', connection: connection(${port}, { connectTimeoutMicros: 5000000 }) };
const outcomes = await Promise.all(Array.from({ length: ${PROBES} }, () => runProbe(targetFor(checker))));
const counts = {};
for (const o of outcomes) counts[o.ok ? 'ok' : o.detail] = (counts[o.ok ? 'ok' : o.detail] ?? 0) + 1;
console.log(JSON.stringify(counts));
`;
}

describe('TCP_CHECK out of file descriptors', { skip: prlimit ? false : 'needs prlimit (util-linux)' }, () => {
  it('a connect that gets no socket (EMFILE) fails the check in keepalived words; the process carries on', async () => {
    // Connections are held open, so the child's sockets stay open until their probes end.
    const held: Socket[] = [];
    const server = await tcpServer((socket) => held.push(socket));
    try {
      const child = spawnSync('prlimit', [`--nofile=${NOFILE}:${NOFILE}`, process.execPath, '--import', 'tsx', '--input-type=module', '-e', childScript(server.port)], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(child.status, 0, `the child failed:\n${child.stderr}`);
      const counts = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
      const failed = 'TCP connect fail to create socket. Rescheduling.';
      assert.deepEqual(Object.keys(counts).sort(), [failed, 'ok'].sort(), JSON.stringify(counts));
      assert.equal((counts['ok'] ?? 0) + (counts[failed] ?? 0), PROBES);
      assert.ok((counts[failed] ?? 0) > 0 && (counts['ok'] ?? 0) > 0, JSON.stringify(counts));
    } finally {
      for (const s of held) s.destroy();
      await server.close();
    }
  });
});
