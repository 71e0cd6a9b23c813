// PING_CHECK with real ICMP (tests run as root): echo replies from loopback over IPv4 and IPv6,
// through a ping socket and through the raw-socket fallback; a send the kernel refuses; and an
// address that never answers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { Checker } from '../../core/config/lvs/model.js';
import { pingProbe } from '../../adapters/checkers/ping-check.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import type { CheckTarget } from '../../adapters/checkers/target.js';
import { base, connection, targetFor, timed, timing } from './support.js';

// The model holds TCP_CHECK and PING_CHECK as one shape.
type PingChecker = Extract<Checker, { kind: 'TCP_CHECK' | 'PING_CHECK' }>;

function pingCheck(address: string, connectTimeoutMicros = 500_000): PingChecker {
  return { ...base, ...timing, kind: 'PING_CHECK', connection: connection(0, { address, connectTimeoutMicros }) };
}

/** Our child processes running perl (the ICMP helper), from /proc. */
function perlChildren(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      const [state, ppid] = rest.split(' ');
      return comm === 'perl' && state !== 'Z' && Number(ppid) === process.pid ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

function probe(target: CheckTarget, socketKind: 'datagram' | 'raw') {
  if (target.checker.kind !== 'PING_CHECK') throw new Error('not a PING_CHECK');
  return pingProbe(target, target.checker, undefined, { socketKind });
}

describe('PING_CHECK', () => {
  it('127.0.0.1 answers', async () => {
    assert.deepEqual(await runProbe(targetFor(pingCheck('127.0.0.1'))), { ok: true, detail: '' });
  });

  it('::1 answers ICMPv6', async () => {
    assert.deepEqual(await runProbe(targetFor(pingCheck('::1'))), { ok: true, detail: '' });
  });

  it('works through a ping socket and through a raw socket alike', async () => {
    for (const kind of ['datagram', 'raw'] as const) {
      assert.deepEqual(await probe(targetFor(pingCheck('127.0.0.1')), kind), { ok: true, detail: '' }, kind);
      assert.deepEqual(await probe(targetFor(pingCheck('::1')), kind), { ok: true, detail: '' }, kind);
    }
  });

  it('a send the kernel refuses (the broadcast address, as keepalived guards against) fails', async () => {
    const target = targetFor(pingCheck('255.255.255.255'));
    assert.deepEqual(await runProbe(target), { ok: false, detail: 'send ICMP packet fail' });
  });

  it('an address that never answers fails after connect_timeout', async () => {
    // TEST-NET-2, routed out of this host. Here the echo goes out and nothing comes back (observed:
    // the timeout). 192.0.2.1 is no good on this machine type: it is the default gateway and answers.
    // A host with no route fails at send instead; both are failures.
    const target = targetFor(pingCheck('198.51.100.1', 400_000));
    const { value, ms } = await timed(() => runProbe(target));
    assert.equal(value.ok, false);
    const rs = target.realServer.label;
    assert.ok([`ICMP connection to address ${rs} timeout.`, 'send ICMP packet fail'].includes(value.detail), value.detail);
    if (value.detail.endsWith('timeout.')) assert.ok(ms >= 390, `took ${ms} ms`);
  });

  it('is cancelled by its AbortSignal, killing the helper', async () => {
    const controller = new AbortController();
    let helpers: number[] = [];
    setTimeout(() => {
      helpers = perlChildren();
      controller.abort();
    }, 100);
    const { value, ms } = await timed(() => runProbe(targetFor(pingCheck('198.51.100.1', 5_000_000)), controller.signal));
    assert.deepEqual(value, { ok: false, detail: 'probe cancelled' });
    assert.ok(ms < 1000, `took ${ms} ms`);
    assert.equal(helpers.length, 1, 'the helper was running');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(perlChildren(), []);
  });
});
