// PING_CHECK (keepalived check_ping.c): one ICMP echo (ICMPv6 for an IPv6 target) to connect_ip
// (default the real server); up on an echo reply within connect_timeout. keepalived neither binds
// the ICMP socket nor retries inside a probe; retries are the reducer's.
import type { Checker } from '../../core/config/lvs/model.js';
import { icmpEcho, type IcmpSocketKind } from './icmp-echo.js';
import { failed, PASSED, type ProbeOutcome } from './outcome.js';
import { withProbeScope } from './scope.js';
import { millis, type CheckTarget } from './target.js';

// The model holds TCP_CHECK and PING_CHECK as one shape (a connection and nothing else).
type PingChecker = Extract<Checker, { kind: 'TCP_CHECK' | 'PING_CHECK' }>;

export interface PingOptions {
  /** Which ICMP socket to open; `auto` = a ping socket, else a raw one (see icmp-echo.ts). */
  readonly socketKind?: IcmpSocketKind;
}

export function pingProbe(target: CheckTarget, checker: PingChecker, signal?: AbortSignal, options: PingOptions = {}): Promise<ProbeOutcome> {
  const destination = checker.connection.destination;
  const v6 = destination.family === 'inet6';
  const rs = target.realServer.label;
  return withProbeScope(signal, (scope) => {
    const request = { family: v6 ? 6 : 4, destination: destination.address, timeoutMs: millis(checker.connection.connectTimeoutMicros), socketKind: options.socketKind ?? 'auto' } as const;
    icmpEcho(scope, request, (result) => {
      switch (result.kind) {
        case 'reply':
          scope.finish(PASSED);
          return;
        case 'timeout':
          scope.finish(failed(`ICMP connection to address ${rs} timeout.`));
          return;
        case 'socket':
          scope.finish(failed(`ICMP${v6 ? 'v6' : ''} connect fail to create socket. Rescheduling.`));
          return;
        case 'send':
          // ping_it / ping6_it.
          scope.finish(failed(v6 ? `send ICMPv6 packet fail - errno ${result.errno}` : 'send ICMP packet fail'));
          return;
        case 'recv':
        case 'short':
        case 'type':
          scope.finish(failed(`ICMP connection to ${rs} of ${target.virtualServer.label} failed.`));
          return;
        case 'helper':
          scope.finish(failed(`PING_CHECK could not run its ICMP helper (perl): ${result.detail}`));
          return;
      }
    });
  });
}
