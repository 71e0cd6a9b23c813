// Syslog as keepalived writes it: the datagram format, facilities from -S, and real datagrams
// through native/netraw to a Unix socket (a python3 listener standing in for /dev/log).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LOG_DAEMON, logFacility, syslogDatagram, SyslogWriter } from '../../adapters/runtime/syslog.js';
import { loadNetraw, netrawPath } from '../../adapters/vrrp-net/netraw.js';

describe('syslog datagrams', () => {
  it('glibc\'s format: <facility|priority>, local time with a space-padded day, ident[pid]', () => {
    const at = new Date(2026, 10, 2, 4, 5, 6);
    assert.equal(syslogDatagram(at, LOG_DAEMON, 'info', 'Keepalived_vrrp', 42, '(VI_1) Entering MASTER STATE'),
      '<30>Nov  2 04:05:06 Keepalived_vrrp[42]: (VI_1) Entering MASTER STATE');
    assert.match(syslogDatagram(at, LOG_DAEMON, 'error', 'x', 1, 'm'), /^<27>/);
    assert.match(syslogDatagram(at, LOG_DAEMON, 'warning', 'x', 1, 'm'), /^<28>/);
    assert.match(syslogDatagram(at, LOG_DAEMON, 'debug', 'x', 1, 'm'), /^<31>/);
  });

  it('-S takes 0..7 (local0..local7) and the names keepalived accepts; anything else is refused', () => {
    assert.equal(logFacility('0'), 16 << 3);
    assert.equal(logFacility('7'), 23 << 3);
    assert.equal(logFacility('local3'), 19 << 3);
    assert.equal(logFacility('daemon'), LOG_DAEMON);
    assert.equal(logFacility('user'), 1 << 3);
    for (const bad of ['8', 'local8', 'kern', '', '-1']) assert.equal(logFacility(bad), undefined, bad);
  });

  it('a line that cannot be sent is counted, not thrown', () => {
    const writer = new SyslogWriter({ ident: 'x', facility: LOG_DAEMON, send: () => { throw new Error('ENOENT'); } });
    writer.write('info', 'lost');
    writer.write('info', 'lost too');
    assert.equal(writer.lost, 2);
  });
});

const gap = netrawPath() === undefined ? 'native/netraw is not built' : undefined;

describe('syslog through netraw.sendDatagram', { skip: gap ?? false }, () => {
  it('delivers each line as one datagram to the Unix socket; a missing socket is ENOENT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-syslog-'));
    const path = join(dir, 'log');
    const listener = spawn('python3', ['-u', '-c', `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print('READY', flush=True)
for _ in range(2):
    print(s.recv(4096).decode(), flush=True)
`, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines: string[] = [];
      const reader = createInterface({ input: listener.stdout });
      const ready = new Promise<void>((resolve) => reader.once('line', () => { resolve(); }));
      await ready;
      const done = new Promise<void>((resolve) => reader.on('line', (l) => { lines.push(l); if (lines.length === 2) resolve(); }));
      const netraw = loadNetraw();
      const writer = new SyslogWriter({ ident: 'Keepalived_vrrp', facility: LOG_DAEMON, send: (d) => { netraw.sendDatagram(path, d); } });
      writer.write('info', '(VI_1) Entering BACKUP STATE (init)');
      writer.write('warning', '(VI_1) advertisement interval mismatch mine=2 sec rcv\'d=1 sec');
      await done;
      assert.match(lines[0] ?? '', new RegExp(`^<30>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d Keepalived_vrrp\\[${process.pid}\\]: \\(VI_1\\) Entering BACKUP STATE \\(init\\)$`));
      assert.match(lines[1] ?? '', /^<28>.*advertisement interval mismatch/);
      assert.equal(writer.lost, 0);
      assert.throws(() => { netraw.sendDatagram(join(dir, 'nobody'), Buffer.from('x')); }, { code: 'ENOENT' });
    } finally {
      listener.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('console lines', () => {
  it('keepalived -l\'s prefix: weekday, month, space-padded day, local time, year', async () => {
    const { consoleLine } = await import('../../adapters/runtime/daemon-log.js');
    assert.equal(consoleLine('(VI_1) Entering MASTER STATE', new Date(2026, 10, 2, 4, 5, 6)), 'Mon Nov  2 04:05:06 2026: (VI_1) Entering MASTER STATE\n');
    assert.equal(consoleLine('x', new Date(2026, 0, 25, 23, 59, 0)), 'Sun Jan 25 23:59:00 2026: x\n');
  });
});
