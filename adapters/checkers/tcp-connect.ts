// The TCP connection every stream checker starts with (keepalived layer4.c socket_bind_connect and
// socket_state): to connect_ip:connect_port (default the real server), from bindto:bind_port when
// given, failed if not established within connect_timeout.
import { connect, type Socket } from 'node:net';
import type { CheckerConnection } from '../../core/config/lvs/model.js';
import type { ProbeScope } from './scope.js';
import { millis } from './target.js';

/**
 * keepalived's connect results, which each checker words differently:
 * - `timeout`: not established within connect_timeout (or the kernel's ETIMEDOUT);
 * - `unreachable`: connect() itself failed at once (ENETUNREACH, ENETDOWN: no route);
 * - `failed`: the peer refused or reset, or the host was unreachable (the SO_ERROR of a connect);
 * - `bind`: bindto/bind_port could not be bound (keepalived: "socket bind failed. Rescheduling");
 * - `socket`: no socket could be created, the process or the system being out of descriptors or
 *   memory (keepalived: "… fail to create socket. Rescheduling").
 */
export type ConnectFailure = 'timeout' | 'unreachable' | 'failed' | 'bind' | 'socket';

const IMMEDIATE_FAILURES: ReadonlySet<string> = new Set(['ENETUNREACH', 'ENETDOWN']);
/** socket(2)'s errors when it runs out (Node creates the socket inside connect, so they come from there). */
const NO_SOCKET: ReadonlySet<string> = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM']);

export function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

function classify(err: unknown): ConnectFailure {
  const code = errorCode(err);
  if (typeof err === 'object' && err !== null && 'syscall' in err && err.syscall === 'bind') return 'bind';
  if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL') return 'bind';
  if (NO_SOCKET.has(code)) return 'socket';
  if (code === 'ETIMEDOUT') return 'timeout';
  return IMMEDIATE_FAILURES.has(code) ? 'unreachable' : 'failed';
}

/**
 * Connects within the scope: the socket is destroyed when the probe settles. Calls exactly one of
 * `onConnected` (the connect timer stopped, the socket's 'error' still owned by the caller through
 * `onError`) or `onFailure`. `onError` receives errors after the connection was established.
 */
export function connectTcp(
  scope: ProbeScope,
  co: CheckerConnection,
  onConnected: (socket: Socket) => void,
  onFailure: (failure: ConnectFailure, err: unknown) => void,
  onError: (err: unknown) => void,
): void {
  let established = false;
  const socket = connect({
    host: co.destination.address,
    port: co.destination.port,
    family: co.destination.family === 'inet6' ? 6 : 4,
    noDelay: true,
    ...(co.bindAddress === undefined ? {} : { localAddress: co.bindAddress.address }),
    ...(co.bindPort === 0 ? {} : { localPort: co.bindPort }),
  });
  scope.onCleanup(() => {
    socket.destroy();
  });
  const stopTimer = scope.after(millis(co.connectTimeoutMicros), () => {
    onFailure('timeout', new Error('connect timeout'));
  });
  socket.once(
    'connect',
    scope.guard(() => {
      established = true;
      stopTimer();
      onConnected(socket);
    }),
  );
  socket.on(
    'error',
    scope.guard((err: Error) => {
      if (established) onError(err);
      else onFailure(classify(err), err);
    }),
  );
}
