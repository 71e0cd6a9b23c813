// The SendMail executor: one mail at a time, in order, a failure never stalling the next, and a
// failed mail rejecting with the reason the pipeline journals as EffectResult.error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Effect, SendMail } from '../../core/events/index.js';
import { mailExecutor } from '../../adapters/smtp/executor.js';
import { errorName } from '../../adapters/runtime/executors.js';
import { closedPort, startRawServer, startRealServer } from './servers.js';

function mail(port: number, subject: string, connectTimeoutMicros = 2_000_000): SendMail {
  return {
    kind: 'SendMail',
    server: '127.0.0.1',
    port,
    helo: 'lb1',
    from: 'ka@example.com',
    to: ['ops@example.com'],
    subject,
    body: `=> ${subject} <=`,
    connectTimeoutMicros,
  };
}

function run(executor: ReturnType<typeof mailExecutor>, effect: Effect): Promise<void> {
  const done = executor.execute(effect);
  if (!(done instanceof Promise)) throw new Error('SendMail must return a promise');
  return done;
}

async function outcome(promise: Promise<void>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    return errorName(err);
  }
}

describe('mailExecutor', () => {
  it('sends mails one at a time, in the order given', async () => {
    const server = await startRealServer();
    try {
      const executor = mailExecutor();
      await Promise.all(['first', 'second', 'third'].map((s) => run(executor, mail(server.port, s))));
      assert.deepEqual(
        server.mails.map((m) => /^Subject: (.*)$/m.exec(m.data)?.[1]?.trim()),
        ['first', 'second', 'third'],
      );
      assert.equal(server.stats.opened, 3);
      assert.equal(server.stats.maxOpen, 1);
    } finally {
      await server.close();
    }
  });

  it('a failed mail rejects with its reason and the next one still goes', async () => {
    const server = await startRealServer();
    const silent = await startRawServer(undefined);
    try {
      const executor = mailExecutor();
      const results = await Promise.all([
        outcome(run(executor, mail(await closedPort(), 'refused'))),
        outcome(run(executor, mail(silent.port, 'silent', 200_000))),
        outcome(run(executor, mail(server.port, 'delivered'))),
      ]);
      assert.deepEqual(results, ['SMTP: connection refused', 'SMTP: timeout waiting for banner', 'ok']);
      assert.equal(server.mails.length, 1);
    } finally {
      await silent.close();
      await server.close();
    }
  });

  it('beyond maxQueued a mail fails at once', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent: string[] = [];
    const executor = mailExecutor({
      maxQueued: 2,
      send: async (m) => {
        await gate;
        sent.push(m.subject);
      },
    });
    const a = run(executor, mail(1, 'a'));
    const b = run(executor, mail(1, 'b'));
    assert.equal(await outcome(run(executor, mail(1, 'c'))), 'SMTP: queue full');
    release();
    await Promise.all([a, b]);
    assert.deepEqual(sent, ['a', 'b']);
    // Room again once they are done.
    assert.equal(await outcome(run(executor, mail(1, 'd'))), 'ok');
  });

  it('performs SendMail only', () => {
    const executor = mailExecutor({ send: () => Promise.reject(new Error('must not be called')) });
    assert.deepEqual(executor.kinds, ['SendMail']);
    assert.equal(executor.execute({ kind: 'Log', level: 'info', message: 'x' }), undefined);
  });
});
