// Model objects and real loopback servers for the checker tests.
import { spawn } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Checker, CheckerConnection, CheckerTiming, RealServer, VirtualServer } from '../../core/config/lvs/model.js';
import type { CheckTarget } from '../../adapters/checkers/target.js';

const loc = { file: '/etc/keepalived/keepalived.conf', line: 1 };

export const timing: CheckerTiming = { retry: 1, delayLoopMicros: 5_000_000, delayBeforeRetryMicros: 1_000_000, warmupMicros: 0 };
export const base = { loc, alpha: false, logAllFailures: false } as const;

export function connection(port: number, options: Partial<CheckerConnection> & { address?: string } = {}): CheckerConnection {
  const address = options.address ?? '127.0.0.1';
  return {
    destination: options.destination ?? { family: address.includes(':') ? 'inet6' : 'inet', address, port },
    bindAddress: options.bindAddress,
    bindPort: options.bindPort ?? 0,
    bindInterface: undefined,
    fwmark: 0,
    connectTimeoutMicros: options.connectTimeoutMicros ?? 400_000,
  };
}

export function realServer(address: string, port: number, protocol: 'tcp' | 'udp' = 'tcp'): RealServer {
  const family = address.includes(':') ? 'inet6' : 'inet';
  return {
    loc, address: { family, address, port }, label: `[${address}]:${protocol}:${port}`, weight: 1, forwarding: { kind: 'NAT' },
    upperThreshold: 0, lowerThreshold: 0, inhibitOnFailure: false, alpha: false, notifyUp: undefined, notifyDown: undefined,
    smtpAlert: false, virtualhost: undefined, snmpName: undefined, checkers: [],
  };
}

export function virtualServer(rs: RealServer): VirtualServer {
  return {
    loc, target: { kind: 'address', address: { family: 'inet', address: '10.0.0.1', port: rs.address.port } }, label: `[10.0.0.1]:tcp:${rs.address.port}`,
    family: 'inet', protocol: 'TCP', scheduler: 'wlc',
    flags: { onePacket: false, flag1: false, flag2: false, flag3: false, shPort: false, shFallback: false, mhPort: false, mhFallback: false },
    forwarding: { kind: 'NAT' }, persistenceTimeoutSeconds: 0, persistenceGranularity: undefined, persistenceEngine: undefined,
    haSuspend: false, alpha: false, omega: false, quorum: 1, hysteresis: 0, quorumUp: undefined, quorumDown: undefined,
    sorryServer: undefined, virtualhost: undefined, snmpName: undefined, smtpAlert: false, delayLoopMicros: 5_000_000, realServers: [rs],
  };
}

/** A target whose real server is the checker's destination (or 127.0.0.1:port). */
export function targetFor(checker: Checker, extra: Partial<Omit<CheckTarget, 'checker'>> = {}): CheckTarget {
  const destination = 'connection' in checker ? checker.connection.destination : { address: '127.0.0.1', port: 80 };
  const rs = extra.realServer ?? realServer(destination.address, destination.port, checker.kind === 'DNS_CHECK' || checker.kind === 'UDP_CHECK' ? 'udp' : 'tcp');
  return { checker, realServer: rs, virtualServer: extra.virtualServer ?? virtualServer(rs), ...extra };
}

/** A TCP server on 127.0.0.1:0; `port` once listening. */
export async function tcpServer(onConnection: (socket: Socket) => void, host = '127.0.0.1'): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port nothing listens on (bound, then released): connecting is refused. */
export async function closedPort(): Promise<number> {
  const { port, close } = await tcpServer(() => undefined);
  await close();
  return port;
}

/**
 * A listening socket that never accepts, its one-slot accept queue already filled: the kernel
 * drops every further SYN, so a connect can only time out. Perl holds the socket (Node accepts
 * whatever it listens on).
 */
export async function blackholePort(): Promise<{ port: number; close: () => void }> {
  const program = 'socket(my $s, PF_INET, SOCK_STREAM, 0) or die; bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die; listen($s, 0) or die; my ($port) = unpack_sockaddr_in(getsockname($s)); $| = 1; print "$port\\n"; sleep 60;';
  const child = spawn('perl', ['-MSocket', '-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => {
      resolve(Number(d.toString().trim()));
    });
    child.once('error', reject);
  });
  const filler = connect(port, '127.0.0.1');
  filler.on('error', () => undefined);
  await new Promise<void>((resolve) => filler.once('connect', resolve));
  return {
    port,
    close: () => {
      filler.destroy();
      child.kill('SIGKILL');
    },
  };
}

/** Milliseconds `fn` took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}
