// The connected UDP socket DNS_CHECK and UDP_CHECK use (keepalived layer4.c udp_bind_connect,
// check_dns.c dns_connect_thread): bound to bindto:bind_port when given, connected to the target,
// so the kernel turns an ICMP port unreachable into ECONNREFUSED on the socket.
import { createSocket, type Socket } from 'node:dgram';
import type { CheckerConnection } from '../../core/config/lvs/model.js';
import type { ProbeScope } from './scope.js';
import { errorCode } from './tcp-connect.js';

/** `unreachable`: connect() found no route; `bind`: bindto could not be bound; else `failed`. */
export type UdpOpenFailure = 'unreachable' | 'bind' | 'failed';

export interface UdpHandlers {
  readonly onReady: (socket: Socket) => void;
  readonly onOpenFailure: (failure: UdpOpenFailure, err: unknown) => void;
  /** A datagram from the target. */
  readonly onMessage: (message: Buffer) => void;
  /** A socket error once connected: an ICMP error (ECONNREFUSED, EHOSTUNREACH) or a failed send. */
  readonly onError: (err: unknown) => void;
}

export function openUdp(scope: ProbeScope, co: CheckerConnection, handlers: UdpHandlers): void {
  const socket = createSocket({ type: co.destination.family === 'inet6' ? 'udp6' : 'udp4' });
  scope.onCleanup(() => {
    try {
      socket.close();
    } catch {
      // Closed already.
    }
  });
  let ready = false;
  socket.on(
    'error',
    scope.guard((err: Error) => {
      if (ready) handlers.onError(err);
      else handlers.onOpenFailure(errorCode(err) === 'EADDRINUSE' || errorCode(err) === 'EADDRNOTAVAIL' ? 'bind' : 'failed', err);
    }),
  );
  socket.on('message', scope.guard(handlers.onMessage));
  const connect = (): void => {
    socket.connect(
      co.destination.port,
      co.destination.address,
      scope.guard((err?: Error) => {
        if (err !== undefined) {
          const code = errorCode(err);
          handlers.onOpenFailure(code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN' ? 'unreachable' : 'failed', err);
          return;
        }
        ready = true;
        handlers.onReady(socket);
      }),
    );
  };
  if (co.bindAddress === undefined && co.bindPort === 0) connect();
  else socket.bind({ port: co.bindPort, ...(co.bindAddress === undefined ? {} : { address: co.bindAddress.address }) }, scope.guard(connect));
}
