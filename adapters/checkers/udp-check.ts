// UDP_CHECK (keepalived check_udp.c, layer4.c udp_socket_state): send one datagram, then wait
// connect_timeout. An ICMP error (port unreachable: ECONNREFUSED) fails the check; silence passes
// unless require_reply is set; a reply passes unless require_reply gave bytes it does not match.
import type { Checker } from '../../core/config/lvs/model.js';
import { failed, PASSED, type ProbeOutcome } from './outcome.js';
import { withProbeScope } from './scope.js';
import { millis, type CheckTarget } from './target.js';
import { replyMatches, udpPayload } from './udp-reply.js';
import { openUdp } from './udp-socket.js';

type UdpChecker = Extract<Checker, { kind: 'UDP_CHECK' }>;

export function udpProbe(target: CheckTarget, checker: UdpChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  const rs = target.realServer.label;
  const connectionFailed = failed(`UDP connection to ${rs} failed.`);
  return withProbeScope(signal, (scope) => {
    openUdp(scope, checker.connection, {
      onReady: (socket) => {
        socket.send(
          udpPayload(checker),
          scope.guard((err: Error | null) => {
            if (err !== null) scope.finish(connectionFailed);
          }),
        );
        scope.after(millis(checker.connection.connectTimeoutMicros), () => {
          scope.finish(checker.requireReply ? connectionFailed : PASSED);
        });
      },
      onOpenFailure: () => {
        scope.finish(connectionFailed);
      },
      onMessage: (reply) => {
        if (checker.requireReply && checker.replyData.length > 0 && !replyMatches(checker, reply)) {
          scope.finish(failed(`UDP check to ${rs} reply data mismatch.`));
        } else {
          scope.finish(PASSED);
        }
      },
      onError: () => {
        scope.finish(connectionFailed);
      },
    });
  });
}
