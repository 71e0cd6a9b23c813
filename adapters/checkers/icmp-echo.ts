// One ICMP echo, the way keepalived's PING_CHECK sends it (check_ping.c): an unprivileged ICMP
// datagram socket ("ping socket", IPPROTO_ICMP / IPPROTO_ICMPV6 with SOCK_DGRAM), 128 bytes of
// keepalived's filler after the 8-byte header, sent to the address, and a wait for the reply.
//
// Node has no ICMP socket, and Vigil's one native addon (native/netraw) only opens protocol-112
// sockets, so the socket lives in a tiny Perl program run per probe: perl-base, with its Socket
// module, is Essential on Debian and always installed. A ping socket needs the caller's group in
// net.ipv4.ping_group_range (keepalived widens it at start; a probe must not change the host), so
// when the kernel refuses one the program falls back to a raw ICMP socket (root has CAP_NET_RAW),
// where it picks out the echo reply carrying its own identifier and sequence number.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { constants } from 'node:os';
import type { ProbeScope } from './scope.js';

export type IcmpSocketKind = 'auto' | 'datagram' | 'raw';

export type EchoResult =
  | { readonly kind: 'reply' }
  | { readonly kind: 'timeout' }
  /** socket(), send() or recv() failed with this errno. */
  | { readonly kind: 'socket' | 'send' | 'recv'; readonly errno: number; readonly code: string }
  /** A ping socket gave a reply shorter than an ICMP header, or of another type than echo reply. */
  | { readonly kind: 'short' | 'type'; readonly value: number }
  /** The helper could not run or said nothing we understand. */
  | { readonly kind: 'helper'; readonly detail: string };

/** The helper: args family (4|6), destination, wait (s), socket kind, identifier, sequence. */
const ECHO_PROGRAM = String.raw`
use strict; use warnings;
use Errno qw(EINTR);
use Socket qw(AF_INET AF_INET6 SOCK_DGRAM SOCK_RAW inet_aton inet_pton pack_sockaddr_in pack_sockaddr_in6);
my ($family, $destination, $wait, $kind, $id, $seq) = @ARGV;
$| = 1;
my $v6 = $family eq '6';
my $af = $v6 ? AF_INET6 : AF_INET;
my $protocol = $v6 ? 58 : 1;
my ($sock, $raw);
if ($kind ne 'raw' && socket($sock, $af, SOCK_DGRAM, $protocol)) { $raw = 0; }
elsif ($kind ne 'datagram' && socket($sock, $af, SOCK_RAW, $protocol)) { $raw = 1; }
else { print "socket ", $! + 0, "\n"; exit 0; }
my $packet = pack('CCnnn', $v6 ? 128 : 8, 0, 0, $id, $seq) . substr('keepalived check - ' x 7, 0, 128);
if (!$v6) {
  my $sum = 0;
  $sum += $_ for unpack('n*', $packet);
  $sum = ($sum >> 16) + ($sum & 0xffff) while $sum >> 16;
  substr($packet, 2, 2) = pack('n', ~$sum & 0xffff);
}
my $to = $v6 ? pack_sockaddr_in6(0, inet_pton(AF_INET6, $destination)) : pack_sockaddr_in(0, inet_aton($destination));
if (!defined send($sock, $packet, 0, $to)) { print "send ", $! + 0, "\n"; exit 0; }
my $left = $wait;
my $echo_reply = $v6 ? 129 : 0;
while (1) {
  my $in = '';
  vec($in, fileno($sock), 1) = 1;
  my ($ready, $remaining) = select(my $out = $in, undef, undef, $left);
  if ($ready < 0) { next if $! == EINTR; print "recv ", $! + 0, "\n"; exit 0; }
  if ($ready == 0) { print "timeout\n"; exit 0; }
  $left = $remaining;
  my $reply;
  if (!defined recv($sock, $reply, 4096, 0)) { print "recv ", $! + 0, "\n"; exit 0; }
  $reply = substr($reply, (ord($reply) & 15) * 4) if $raw && !$v6;
  if (length($reply) < 8) { next if $raw; print "short ", length($reply), "\n"; exit 0; }
  my ($type, $code, $sum, $rid, $rseq) = unpack('CCnnn', $reply);
  if ($raw) { next unless $type == $echo_reply && $rid == $id && $rseq == $seq; }
  print $type == $echo_reply ? "reply\n" : "type $type\n";
  exit 0;
}
`;

/** Extra time the helper gets beyond its own wait before it is killed (start-up of perl). */
const HELPER_GRACE_MS = 2000;

const ERRNO_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(constants.errno).map(([name, number]) => [number, name]));

export function parseEchoLine(line: string): EchoResult {
  const [word, value] = line.trim().split(' ');
  const number = Number(value);
  if (word === 'reply') return { kind: 'reply' };
  if (word === 'timeout') return { kind: 'timeout' };
  if ((word === 'socket' || word === 'send' || word === 'recv') && Number.isInteger(number)) {
    return { kind: word, errno: number, code: ERRNO_NAMES.get(number) ?? `errno ${number}` };
  }
  if ((word === 'short' || word === 'type') && Number.isInteger(number)) return { kind: word, value: number };
  return { kind: 'helper', detail: line.trim() === '' ? 'no answer' : line.trim() };
}

export interface EchoRequest {
  readonly family: 4 | 6;
  readonly destination: string;
  readonly timeoutMs: number;
  readonly socketKind: IcmpSocketKind;
}

/** Sends one echo within the probe's scope; `done` is called once, unless the probe settled first. */
export function icmpEcho(scope: ProbeScope, request: EchoRequest, done: (result: EchoResult) => void): void {
  const args = [
    String(request.family),
    request.destination,
    (request.timeoutMs / 1000).toFixed(3),
    request.socketKind,
    String(randomInt(1, 0x10000)),
    String(randomInt(0, 0x10000)),
  ];
  const child = spawn('perl', ['-e', ECHO_PROGRAM, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  scope.onCleanup(() => {
    if (!exited) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.on(
    'error',
    scope.guard((err: NodeJS.ErrnoException) => {
      exited = true;
      done({ kind: 'helper', detail: `perl: ${err.code ?? err.message}` });
    }),
  );
  child.on(
    'close',
    scope.guard(() => {
      exited = true;
      const result = parseEchoLine(stdout.split('\n')[0] ?? '');
      if (result.kind === 'helper' && stderr.trim() !== '') done({ kind: 'helper', detail: stderr.trim().split('\n')[0] ?? '' });
      else done(result);
    }),
  );
  scope.after(request.timeoutMs + HELPER_GRACE_MS, () => {
    done({ kind: 'helper', detail: 'no answer in time' });
  });
}
