// Logging as keepalived does it (reference §4.5): keepalived's spelling (`vigil -f FILE -n`) logs to
// syslog only, as Keepalived_vrrp with LOG_DAEMON; -l adds the console, -G drops syslog, -S picks
// local0..7. A python3 listener stands in for /dev/log (VIGIL_SYSLOG_SOCKET).
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { netrawPath } from '../../adapters/vrrp-net/netraw.js';
import { IF_A, VethLab, type LabProcess } from '../net/lab.js';
import { privilegeGap } from '../support/netns.js';

const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const gap = privilegeGap(['ip', 'python3']) ?? (netrawPath() === undefined ? 'native/netraw is not built' : undefined);
if (gap !== undefined) console.log(`# skipping syslog tests: ${gap}`);

const CONFIG = `vrrp_instance VI_1 {
  state BACKUP
  interface ${IF_A}
  virtual_router_id 61
  priority 100
  virtual_ipaddress {
    10.199.0.161/24
  }
}
`;

/** A Unix datagram socket at `path`; every datagram one line. */
class LogListener {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;
  readonly ready: Promise<void>;

  constructor(path: string) {
    this.child = spawn('python3', ['-u', '-c', `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print('READY', flush=True)
while True:
    print(s.recv(65536).decode().replace('\\n', ' '), flush=True)
`, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const reader = createInterface({ input: this.child.stdout as NodeJS.ReadableStream });
    this.ready = new Promise((resolve) => reader.once('line', () => {
      reader.on('line', (l) => this.lines.push(l));
      resolve();
    }));
  }

  close(): void {
    this.child.kill();
  }
}

async function until(done: () => boolean, what: string, p: LabProcess): Promise<void> {
  await p.waitUntil(done, 10_000, what);
}

describe('vigil logs to syslog as keepalived does', { skip: gap ?? false }, () => {
  let lab: VethLab;
  let dir = '';
  let conf = '';

  before(async () => {
    lab = await VethLab.create('vsl');
    dir = mkdtempSync(join(tmpdir(), 'vigil-syslog-'));
    conf = join(dir, 'k.conf');
    writeFileSync(conf, CONFIG);
  });
  afterEach(async () => { await lab.stopAll(); });
  after(async () => {
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (socket: string, args: string[]): LabProcess => lab.start(lab.a, 'env', [`VIGIL_SYSLOG_SOCKET=${socket}`, VIGIL, ...args]);

  it('`vigil -f FILE -n`: syslog only, Keepalived_vrrp[pid] at LOG_DAEMON; nothing on stdout', async () => {
    const socket = join(dir, 'log1');
    const log = new LogListener(socket);
    try {
      await log.ready;
      const v = start(socket, ['-f', conf, '-n']);
      await until(() => log.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 'the BACKUP line in syslog', v);
      const line = log.lines.find((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')) ?? '';
      // <30> = LOG_DAEMON (3 << 3) | LOG_INFO (6); pid = the daemon's (ip netns exec execs it).
      assert.match(line, new RegExp(`^<30>\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d Keepalived_vrrp\\[\\d+\\]: \\(VI_1\\) Entering BACKUP STATE \\(init\\)$`));
      assert.ok(log.lines.some((l) => /Keepalived_vrrp\[\d+\]: Starting Vigil v/.test(l)), log.lines.join('\n'));
      await v.stop();
      assert.ok(log.lines.some((l) => l.endsWith(': Stopped')), log.lines.join('\n'));
      assert.deepEqual(v.lines, [], 'stdout without -l');
    } finally {
      log.close();
    }
  });

  it('-l adds the console, -S 3 logs to local3, -G turns syslog off', async () => {
    const socket = join(dir, 'log2');
    const log = new LogListener(socket);
    try {
      await log.ready;
      const v = start(socket, ['-f', conf, '-n', '-l', '-S', '3']);
      await until(() => v.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 'the console line', v);
      await until(() => log.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 'the syslog line', v);
      // local3 = 19 << 3 = 152, | LOG_INFO = 158.
      assert.match(log.lines.find((l) => l.endsWith('Entering BACKUP STATE (init)')) ?? '', /^<158>/);
      await v.stop();
      const before = log.lines.length;
      const quiet = start(socket, ['-f', conf, '-n', '-l', '-G']);
      await until(() => quiet.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 'the console line', quiet);
      await quiet.stop();
      assert.equal(log.lines.length, before, 'nothing reached syslog with -G');
    } finally {
      log.close();
    }
  });

  it('no log daemon (no socket): the daemon runs on, its lines lost, not crashed', async () => {
    const v = start(join(dir, 'nobody-listens'), ['-f', conf, '-n', '-l']);
    await until(() => v.lines.some((l) => l.endsWith('(VI_1) Entering BACKUP STATE (init)')), 'the console line', v);
    await v.stop();
    assert.equal(v.child.exitCode, 0, v.stderr);
  });
});
