// TCP_CHECK (keepalived check_tcp.c): the service is up when a TCP connection to it is established
// within connect_timeout; the connection is closed at once, nothing is sent.
import type { Checker } from '../../core/config/lvs/model.js';
import { failed, PASSED, type ProbeOutcome } from './outcome.js';
import { withProbeScope } from './scope.js';
import type { CheckTarget } from './target.js';
import { connectTcp } from './tcp-connect.js';

// The model holds TCP_CHECK and PING_CHECK as one shape (a connection and nothing else).
type TcpChecker = Extract<Checker, { kind: 'TCP_CHECK' | 'PING_CHECK' }>;

export function tcpProbe(target: CheckTarget, checker: TcpChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  const rs = target.realServer.label;
  return withProbeScope(signal, (scope) => {
    connectTcp(
      scope,
      checker.connection,
      () => {
        scope.finish(PASSED);
      },
      (failure) => {
        // check_tcp.c tcp_check_thread / tcp_connect_thread.
        if (failure === 'timeout') scope.finish(failed(`TCP connection to ${rs} timedout.`));
        else if (failure === 'bind') scope.finish(failed('TCP socket bind failed. Rescheduling.'));
        else if (failure === 'socket') scope.finish(failed('TCP connect fail to create socket. Rescheduling.'));
        else scope.finish(failed(`TCP connection to ${rs} failed.`));
      },
      () => undefined,
    );
  });
}
