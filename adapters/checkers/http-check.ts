// HTTP_GET and SSL_GET (keepalived check_http.c, check_ssl.c): for each url in turn, one
// connection, one GET, the response read to the end of the stream; the status must be one of the
// url's status codes, then the MD5 of the body (everything after the headers, as received) must
// equal `digest`, then `regex` must (or with regex_no_match must not) match. All urls must pass.
//
// Timeouts are keepalived's: connect_timeout for the connection (and the TLS handshake, on the same
// timer), then connect_timeout again for each read, so a server that keeps sending is not cut off.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { Checker, HttpUrl } from '../../core/config/lvs/model.js';
import { acceptsStatus, headerEnd, httpRequest, MAX_HEADER_BYTES, regexVerdict, statusCodeOf } from './http-message.js';
import { CANCELLED, failed, PASSED, type ProbeOutcome } from './outcome.js';
import { withProbeScope, type ProbeScope } from './scope.js';
import { millis, type CheckTarget } from './target.js';
import { connectTcp } from './tcp-connect.js';
import { sniName, tlsMaterial } from './tls-client.js';

type HttpChecker = Extract<Checker, { kind: 'HTTP_GET' | 'SSL_GET' }>;

/** How much body a regex is matched against (keepalived matches a stream; we keep this much). */
const MAX_REGEX_BODY_BYTES = 4 * 1024 * 1024;

export async function httpProbe(target: CheckTarget, checker: HttpChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  let tls: ConnectionOptions | undefined;
  if (checker.kind === 'SSL_GET') {
    const material = await tlsMaterial(target.ssl);
    if (!material.ok) return failed(material.detail);
    tls = material.options;
  }
  // A checker without urls puts the server up without checking (http_connect_thread).
  for (const url of checker.urls) {
    if (signal?.aborted === true) return CANCELLED;
    const outcome = await fetchUrl(target, checker, url, tls, signal);
    if (!outcome.ok) return outcome;
  }
  return PASSED;
}

function fetchUrl(target: CheckTarget, checker: HttpChecker, url: HttpUrl, tls: ConnectionOptions | undefined, signal: AbortSignal | undefined): Promise<ProbeOutcome> {
  const rs = target.realServer.label;
  const timeout = millis(checker.connection.connectTimeoutMicros);
  const started = performance.now();
  return withProbeScope(signal, (scope) => {
    // timeout_epilog: "<why> server <rs>."
    const fail = (why: string): void => {
      scope.finish(failed(`${why} server ${rs}.`));
    };
    const exchange = (stream: Socket, secure: boolean): void => {
      readResponse(scope, stream, { checker, url, timeout, secure, fail });
    };
    connectTcp(
      scope,
      checker.connection,
      (socket) => {
        if (tls === undefined) {
          exchange(socket, false);
          return;
        }
        const servername = sniName(checker, url);
        const secure = tlsConnect({ ...tls, socket, ...(servername === undefined ? {} : { servername }) });
        scope.onCleanup(() => {
          secure.destroy();
        });
        // The handshake runs on what is left of the connect timer (http_check_thread).
        const stop = scope.after(Math.max(0, timeout - (performance.now() - started)), () => {
          fail('Timeout connecting');
        });
        let ready = false;
        secure.on(
          'error',
          scope.guard(() => {
            if (!ready) fail('SSL handshake/communication error connecting to');
          }),
        );
        secure.once(
          'secureConnect',
          scope.guard(() => {
            ready = true;
            stop();
            exchange(secure, true);
          }),
        );
      },
      (failure) => {
        if (failure === 'timeout') fail('Timeout connecting');
        else if (failure === 'unreachable') fail('HTTP_CHECK - network unreachable');
        else if (failure === 'bind') scope.finish(failed('WEB socket bind failed. Rescheduling'));
        else if (failure === 'socket') scope.finish(failed('WEB connection fail to create socket. Rescheduling.'));
        else fail('Connection failed');
      },
      () => undefined, // read errors are seen by readResponse on the stream it reads
    );
  });
}

interface Exchange {
  readonly checker: HttpChecker;
  readonly url: HttpUrl;
  readonly timeout: number;
  readonly secure: boolean;
  readonly fail: (why: string) => void;
}

/** Sends the GET and judges what comes back when the server ends the stream. */
function readResponse(scope: ProbeScope, stream: Socket, x: Exchange): void {
  const { url, fail } = x;
  let header = Buffer.alloc(0);
  let extracted = false;
  let status = 0;
  const md5 = url.digest === undefined ? undefined : createHash('md5');
  const body: Buffer[] = [];
  let bodyBytes = 0;
  const feed = (chunk: Buffer): void => {
    md5?.update(chunk);
    if (url.regex !== undefined && bodyBytes < MAX_REGEX_BODY_BYTES) {
      body.push(chunk);
      bodyBytes += chunk.length;
    }
  };
  const judge = (): void => {
    if (!extracted) {
      fail('Read, no data received from ');
      return;
    }
    if (!acceptsStatus(url, status)) {
      fail('HTTP status code error to');
      return;
    }
    if (md5 !== undefined && md5.digest('hex') !== url.digest) {
      fail('MD5 digest error to');
      return;
    }
    if (url.regex !== undefined) {
      const verdict = regexVerdict(url.regex, Buffer.concat(body));
      if (!verdict.ok) {
        if (verdict.invalid === undefined) fail('Regex match failed');
        else scope.finish(failed(`Invalid regex: '${url.regex.pattern}': ${verdict.invalid}`));
        return;
      }
    }
    scope.finish(PASSED);
  };

  // HTTP: no byte at all within connect_timeout is http_response_thread's "Timeout WEB read", a
  // stall later http_read_thread's "Timeout HTTP read". TLS: the server's session tickets (TLS 1.3)
  // wake keepalived's reader before any answer, so both are ssl_read_thread's "Timeout SSL read".
  let stopRead = scope.after(x.timeout, () => {
    fail(x.secure ? 'Timeout SSL read' : 'Timeout WEB read');
  });
  const stalled = x.secure ? 'Timeout SSL read' : 'Timeout HTTP read';
  stream.on(
    'data',
    scope.guard((chunk: Buffer) => {
      stopRead();
      stopRead = scope.after(x.timeout, () => {
        fail(stalled);
      });
      if (extracted) {
        feed(chunk);
        return;
      }
      header = Buffer.concat([header, chunk]);
      const end = headerEnd(header.subarray(0, MAX_HEADER_BYTES));
      if (end >= 0) {
        extracted = true;
        status = statusCodeOf(header.subarray(0, end));
        feed(header.subarray(end));
        header = Buffer.alloc(0);
      } else if (header.length >= MAX_HEADER_BYTES) {
        // keepalived's buffer is full: its next read asks for 0 bytes, which it takes for the end.
        judge();
      }
    }),
  );
  stream.on('end', scope.guard(judge));
  stream.on(
    'error',
    scope.guard(() => {
      // http_read_thread: a read error fails the check; ssl_read_thread judges what it has once
      // the headers are in.
      if (!x.secure) fail('Read error with');
      else if (!extracted) fail('SSL read error from');
      else judge();
    }),
  );
  stream.write(
    httpRequest(x.checker, url, x.checker.connection.destination),
    scope.guard((err?: Error | null) => {
      if (err !== undefined && err !== null) fail('Cannot send get request to');
    }),
  );
}
