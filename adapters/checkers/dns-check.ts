// DNS_CHECK (keepalived check_dns.c): one query over UDP; the server is up on a response with the
// query's id, the QR bit set and RCODE 0, whatever it answers. Datagrams that are too short, carry
// another id or are not responses are ignored and the wait goes on, all within connect_timeout.
import { randomInt } from 'node:crypto';
import { getSystemErrorMap } from 'node:util';
import type { Checker } from '../../core/config/lvs/model.js';
import { dnsQuery, dnsReplyVerdict } from './dns-message.js';
import { failed, PASSED, type ProbeOutcome } from './outcome.js';
import { withProbeScope } from './scope.js';
import { addressPair, millis, type CheckTarget } from './target.js';
import { errorCode } from './tcp-connect.js';
import { openUdp } from './udp-socket.js';

type DnsChecker = Extract<Checker, { kind: 'DNS_CHECK' }>;

/** "errno 111 (Connection refused)", as keepalived prints a failed recv() (errno, strerror). */
function describeErrno(err: unknown): string {
  const uv = typeof err === 'object' && err !== null && 'errno' in err && typeof err.errno === 'number' ? err.errno : undefined;
  const message = uv === undefined ? undefined : getSystemErrorMap().get(uv)?.[1];
  if (uv === undefined || message === undefined) return `errno 0 (${errorCode(err)})`;
  return `errno ${Math.abs(uv)} (${message.charAt(0).toUpperCase()}${message.slice(1)})`;
}

export function dnsProbe(target: CheckTarget, checker: DnsChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  const co = checker.connection;
  const query = dnsQuery(randomInt(0, 0x10000), checker.queryName, checker.queryType);
  return withProbeScope(signal, (scope) => {
    // dns_log_message: "DNS_CHECK (<rs>) <why>".
    const fail = (why: string): void => {
      scope.finish(failed(`DNS_CHECK (${target.realServer.label}) ${why}`));
    };
    // The whole exchange has one deadline (dns_connect_thread sets sands once).
    scope.after(millis(co.connectTimeoutMicros), () => {
      fail('read timeout from socket');
    });
    openUdp(scope, co, {
      onReady: (socket) => {
        socket.send(
          query,
          scope.guard((err: Error | null) => {
            if (err !== null) fail('failed to write socket.');
          }),
        );
      },
      onOpenFailure: (failure) => {
        if (failure === 'unreachable') fail(`network unreachable for ${addressPair(co.destination.address, co.destination.port)}`);
        else if (failure === 'bind') fail('UDP socket bind failed. Rescheduling.');
        else fail('connection error.');
      },
      onMessage: (reply) => {
        const verdict = dnsReplyVerdict(query, reply);
        if (verdict.kind === 'answer') scope.finish(PASSED);
        else if (verdict.kind === 'error') fail(`read error occurred. (rcode = ${verdict.rcode})`);
      },
      onError: (err) => {
        fail(`failed to read socket; ${describeErrno(err)}`);
      },
    });
  });
}
