// SMTP_CHECK (keepalived check_smtp.c smtp_engine_thread): read the greeting, which must be 220;
// send "HELO <helo_name>", whose answer must be 250; send "QUIT" and read one more line. Each read
// and write has connect_timeout. Like keepalived, only the first line of what each read brings is
// looked at, and a status is its first three digits followed by a space or the end of the line
// (so a multi-line "220-" greeting fails, as it does in keepalived).
import type { Checker } from '../../core/config/lvs/model.js';
import { failed, PASSED, type ProbeOutcome } from './outcome.js';
import { withProbeScope } from './scope.js';
import { addressPair, millis, type CheckTarget } from './target.js';
import { connectTcp } from './tcp-connect.js';

type SmtpChecker = Extract<Checker, { kind: 'SMTP_CHECK' }>;

/** check_smtp.h SMTP_BUFF_MAX: a line longer than this wraps the buffer. */
const LINE_MAX = 512 - 1;

/** smtp_get_status: "250 ..." → 250; anything else → -1. */
export function smtpStatus(line: string): number {
  const match = /^(\d{3})(?: |$)/.exec(line);
  return match?.[1] === undefined ? -1 : Number(match[1]);
}

type Step = 'banner' | 'helo' | 'quit';

export function smtpProbe(target: CheckTarget, checker: SmtpChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  const co = checker.connection;
  // FMT_SMTP_RS: the address connected to, "[ip]:port".
  const server = addressPair(co.destination.address, co.destination.port);
  const timeout = millis(co.connectTimeoutMicros);
  return withProbeScope(signal, (scope) => {
    // smtp_final prefixes every failure with "SMTP_CHECK ".
    const fail = (why: string): void => {
      scope.finish(failed(`SMTP_CHECK ${why}`));
    };
    connectTcp(
      scope,
      co,
      (socket) => {
        let step: Step = 'banner';
        let buffer = '';
        let stopRead = scope.after(timeout, () => {
          fail(`Read timeout from server ${server}`);
        });
        const send = (line: string, next: Step): void => {
          step = next;
          buffer = '';
          socket.write(
            line,
            scope.guard((err?: Error | null) => {
              if (err !== undefined && err !== null) fail(`Write failure to server ${server}`);
            }),
          );
          stopRead();
          stopRead = scope.after(timeout, () => {
            fail(`Read timeout from server ${server}`);
          });
        };
        socket.on(
          'data',
          scope.guard((chunk: Buffer) => {
            buffer += chunk.toString('latin1');
            if (buffer.length >= LINE_MAX && !buffer.includes('\n')) buffer = '';
            const newline = buffer.indexOf('\n');
            if (newline < 0) {
              stopRead();
              stopRead = scope.after(timeout, () => {
                fail(`Read timeout from server ${server}`);
              });
              return;
            }
            const line = buffer.slice(0, newline);
            if (step === 'banner') {
              if (smtpStatus(line) !== 220) fail(`Bad greeting banner from server ${server}`);
              else send(`HELO ${checker.heloName}\r\n`, 'helo');
            } else if (step === 'helo') {
              if (smtpStatus(line) !== 250) fail(`Bad HELO response from server ${server}`);
              else send('QUIT\r\n', 'quit');
            } else {
              scope.finish(PASSED);
            }
          }),
        );
        const readFailure = scope.guard(() => {
          fail(`Read failure from server ${server}`);
        });
        socket.on('end', readFailure);
        socket.on('error', readFailure);
      },
      (failure) => {
        // smtp_check_thread / smtp_connect_thread.
        if (failure === 'timeout') fail(`Connection timeout to server ${server}`);
        else if (failure === 'unreachable') fail(`Network unreachable for server ${co.destination.address} - real server ${addressPair(target.realServer.address.address, target.realServer.address.port)}`);
        else if (failure === 'bind') scope.finish(failed('SMTP_CHECK socket bind failed. Rescheduling.'));
        else if (failure === 'socket') scope.finish(failed('SMTP_CHECK connection failed to create socket. Rescheduling.'));
        else fail(`Could not connect to server ${server}`);
      },
      () => undefined,
    );
  });
}
