// The RunCheck executor with checkers parsed from a real keepalived.conf and probing real loopback
// servers: results come back as CheckResult events without execute waiting for them, an unknown
// checker is a failed result, a checker never has two probes at once, stop() cancels silently.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeepalivedConfig } from '../../core/config/model.js';
import type { Event } from '../../core/events/index.js';
import { checkerExecutor } from '../../adapters/checkers/executor.js';
import type { CheckTarget } from '../../adapters/checkers/target.js';
import { configFrom } from '../support/config.js';
import { closedPort, tcpServer } from './support.js';

/** Checker ids as "<vs> <rs> #<n>", looked up in the parsed config. */
function lookupIn(config: KeepalivedConfig): (id: string) => CheckTarget | undefined {
  const targets = new Map<string, CheckTarget>();
  for (const virtualServer of config.lvs.virtualServers) {
    for (const realServer of virtualServer.realServers) {
      realServer.checkers.forEach((checker, n) => {
        targets.set(`${virtualServer.label} ${realServer.label} #${n}`, { checker, realServer, virtualServer, scriptUser: { user: 'root' } });
      });
    }
  }
  return (id) => targets.get(id);
}

function configWith(realServers: string): KeepalivedConfig {
  return configFrom(`
virtual_server 10.0.0.1 80 {
  protocol TCP
  lb_algo rr
  lb_kind NAT
  delay_loop 3
${realServers}
}
`);
}

/** Collects emitted events; `next()` waits for the next one. */
function collector() {
  const events: Event[] = [];
  const waiters: ((e: Event) => void)[] = [];
  return {
    events,
    emit: (event: Event) => {
      events.push(event);
      waiters.shift()?.(event);
    },
    next: () => new Promise<Event>((resolve) => waiters.push(resolve)),
  };
}

describe('checkerExecutor', () => {
  it('probes without making execute wait, and emits the CheckResult', async () => {
    const server = await tcpServer(() => undefined);
    const refused = await closedPort();
    const config = configWith(`
  real_server 127.0.0.1 ${server.port} {
    TCP_CHECK {
      connect_timeout 1
    }
  }
  real_server 127.0.0.1 ${refused} {
    TCP_CHECK {
      connect_timeout 1
    }
  }`);
    const out = collector();
    const executor = checkerExecutor({ emit: out.emit, lookup: lookupIn(config) });
    try {
      assert.deepEqual(executor.kinds, ['RunCheck']);
      const up = `[10.0.0.1]:tcp:80 [127.0.0.1]:tcp:${server.port} #0`;
      const down = `[10.0.0.1]:tcp:80 [127.0.0.1]:tcp:${refused} #0`;
      const returned = executor.execute({ kind: 'RunCheck', checker: up });
      assert.equal(returned, undefined);
      assert.deepEqual(out.events, [], 'nothing before the probe ran');
      assert.deepEqual(executor.running(), [up]);
      assert.deepEqual(await out.next(), { kind: 'CheckResult', checker: up, ok: true, detail: '' });
      assert.deepEqual(executor.running(), []);
      void executor.execute({ kind: 'RunCheck', checker: down });
      assert.deepEqual(await out.next(), { kind: 'CheckResult', checker: down, ok: false, detail: `TCP connection to [127.0.0.1]:tcp:${refused} failed.` });
    } finally {
      executor.stop();
      await server.close();
    }
  });

  it('carries MISC_CHECK exit status (misc_dynamic)', async () => {
    const config = configWith(`
  real_server 127.0.0.1 8080 {
    MISC_CHECK {
      misc_path "/bin/sh -c 'exit 7'"
      misc_dynamic
    }
  }`);
    const out = collector();
    const executor = checkerExecutor({ emit: out.emit, lookup: lookupIn(config) });
    const id = '[10.0.0.1]:tcp:80 [127.0.0.1]:tcp:8080 #0';
    void executor.execute({ kind: 'RunCheck', checker: id });
    assert.deepEqual(await out.next(), { kind: 'CheckResult', checker: id, ok: true, detail: '', exitStatus: 7 });
  });

  it('an unknown checker is a failed CheckResult, emitted on a later turn', async () => {
    const out = collector();
    const executor = checkerExecutor({ emit: out.emit, lookup: () => undefined });
    void executor.execute({ kind: 'RunCheck', checker: 'gone' });
    assert.deepEqual(out.events, []);
    assert.deepEqual(await out.next(), { kind: 'CheckResult', checker: 'gone', ok: false, detail: 'no checker gone in the running configuration' });
  });

  it('skips a RunCheck for a checker whose probe is still running', async () => {
    let connections = 0;
    const server = await tcpServer(() => {
      connections++;
    });
    const config = configWith(`
  real_server 127.0.0.1 ${server.port} {
    HTTP_GET {
      url {
        path /
      }
      connect_timeout 0.3
    }
  }`);
    const out = collector();
    const executor = checkerExecutor({ emit: out.emit, lookup: lookupIn(config) });
    const id = `[10.0.0.1]:tcp:80 [127.0.0.1]:tcp:${server.port} #0`;
    try {
      void executor.execute({ kind: 'RunCheck', checker: id });
      void executor.execute({ kind: 'RunCheck', checker: id });
      void executor.execute({ kind: 'RunCheck', checker: id });
      const first = await out.next();
      assert.deepEqual(first, { kind: 'CheckResult', checker: id, ok: false, detail: `Timeout WEB read server [127.0.0.1]:tcp:${server.port}.` });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(out.events.length, 1);
      assert.equal(connections, 1);
      // Once it has answered, the checker can be run again.
      void executor.execute({ kind: 'RunCheck', checker: id });
      await out.next();
      assert.equal(connections, 2);
    } finally {
      executor.stop();
      await server.close();
    }
  });

  it('stop() cancels running probes, closes their sockets and emits nothing more', async () => {
    let closed = 0;
    const server = await tcpServer((socket) => {
      socket.resume(); // read, so the probe's FIN is seen
      socket.on('close', () => {
        closed++;
      });
    });
    const config = configWith(`
  real_server 127.0.0.1 ${server.port} {
    HTTP_GET {
      url {
        path /
      }
      connect_timeout 5
    }
  }`);
    const out = collector();
    const executor = checkerExecutor({ emit: out.emit, lookup: lookupIn(config) });
    try {
      void executor.execute({ kind: 'RunCheck', checker: `[10.0.0.1]:tcp:80 [127.0.0.1]:tcp:${server.port} #0` });
      await new Promise((r) => setTimeout(r, 100));
      executor.stop();
      assert.deepEqual(executor.running(), []);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(closed, 1, 'the probe connection was closed');
      assert.deepEqual(out.events, []);
      void executor.execute({ kind: 'RunCheck', checker: `[10.0.0.1]:tcp:80 [127.0.0.1]:tcp:${server.port} #0` });
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(out.events, [], 'a stopped executor runs nothing');
    } finally {
      await server.close();
    }
  });
});
