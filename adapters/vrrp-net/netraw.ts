// The typed face of native/netraw (the in-repo N-API addon, ecosystem.md §3-§4). Loaded on
// demand, so a daemon or test that never touches raw sockets runs without the build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type IpVersion = 4 | 6;

export interface VrrpSocketOptions {
  /** Default 224.0.0.18 / ff02::12 (RFC 5798 §5.1.1.2, §5.1.2.2). Receive sockets join it. */
  readonly multicastGroup?: string;
  /** Unicast mode: the receive socket binds to this address and joins no group (keepalived). */
  readonly unicastSource?: string;
}

/** What recvmsg told about one datagram besides its payload. */
export interface ReceivedFacts {
  readonly source: string;
  /** IPv4: from the header; IPv6: IPV6_PKTINFO (absent if the kernel gave none). */
  readonly destination?: string;
  /** IPv4 header TTL; IPv6 IPV6_HOPLIMIT (absent if the kernel gave none). */
  readonly ttlOrHopLimit?: number;
  readonly ifindex: number;
  /** IPv4 only: header length, the Total Length field, protocol. */
  readonly ipHeaderLength?: number;
  readonly ipTotalLength?: number;
  readonly ipProtocol?: number;
}

export type ReceiveCallback = (error: Error | null, payload?: Buffer, facts?: ReceivedFacts) => void;

export interface VrrpSocket {
  readonly ifindex: number;
  /**
   * IPv4: `message` is the whole datagram (IP_HDRINCL); `source` and `ttl` are in its header.
   * IPv6: the VRRP message; the kernel writes the checksum (IPV6_CHECKSUM 6), `source` goes as
   * IPV6_PKTINFO (undefined: the kernel picks), `ttl` as IPV6_HOPLIMIT. Returns bytes sent.
   */
  send(message: Buffer, destination: string, source: string | undefined, ttl: number): number;
  close(): void;
}

/** What the kernel told about one captured frame. */
export interface CapturedFacts {
  /** The kernel's receive time (SO_TIMESTAMPNS), wall clock, in milliseconds. */
  readonly timeMs: number;
  /** Sent by this host (PACKET_OUTGOING) rather than received. */
  readonly outgoing: boolean;
}

export type CaptureCallback = (error: Error | null, frame?: Buffer, facts?: CapturedFacts) => void;

export interface PacketCapture {
  close(): void;
}

/** A datagram of rtnetlink notifications (one or more nlmsghdr), or the error (ENOBUFS: some lost). */
export type NetlinkCallback = (error: Error | null, datagram?: Buffer) => void;

export interface NetlinkNotifications {
  close(): void;
}

interface NetrawBinding {
  sendFrame(ifindex: number, frame: Buffer): number;
  ifIndex(name: string): number;
  mkfifo(path: string, mode: number): void;
  hardwareAddress(name: string): Buffer;
  sendDatagram(path: string, bytes: Buffer): void;
  netnsAdd(name: string): void;
  netnsDelete(name: string): void;
  netnsEnter(path: string): number;
  netnsReturn(fd: number): void;
  VrrpSocket: new (version: IpVersion, ifname: string, options: VrrpSocketOptions, callback?: ReceiveCallback) => VrrpSocket;
  PacketCapture: new (ifname: string, callback: CaptureCallback) => PacketCapture;
  NetlinkSocket: new (groups: number, receiveBufferBytes: number, callback: NetlinkCallback) => NetlinkNotifications;
}

export interface Netraw {
  /** One whole Ethernet frame out of `ifindex` (AF_PACKET); bytes sent. */
  sendFrame(ifindex: number, frame: Uint8Array): number;
  /** if_nametoindex; throws Error with code ENODEV for an unknown interface. */
  ifIndex(name: string): number;
  /**
   * mkfifo(3) (Node has none): a FIFO at `path`, `mode` less the process umask. Throws an Error
   * with `code` = the errno name (EEXIST when anything is at `path` already, ENOENT, EACCES).
   */
  mkfifo(path: string, mode: number): void;
  /** A VRRP socket bound to `ifname`; with `onReceive` it joins/binds and receives, else it only sends. */
  openVrrp(version: IpVersion, ifname: string, options: VrrpSocketOptions, onReceive?: ReceiveCallback): VrrpSocket;
  /** The interface's MAC (SIOCGIFHWADDR) as this thread's network namespace sees it. */
  hardwareAddress(name: string): Uint8Array;
  /** One datagram to the Unix socket at `path` (/dev/log); non-blocking, throws EAGAIN when it is full. */
  sendDatagram(path: string, bytes: Buffer): void;
  /** A new network namespace pinned at /run/netns/NAME, as `ip netns add` makes it. */
  netnsAdd(name: string): void;
  /** Unpins /run/netns/NAME (MNT_DETACH); the kernel frees it when nothing holds it. */
  netnsDelete(name: string): void;
  /** Moves the calling thread into the namespace at `path`; returns a descriptor of the one it left. */
  netnsEnter(path: string): number;
  /** Back into the namespace `fd` (from netnsEnter) refers to; closes `fd`. */
  netnsReturn(fd: number): void;
  /** Every frame seen on `ifname` (AF_PACKET, all protocols) with its kernel receive time. */
  openCapture(ifname: string, onFrame: CaptureCallback): PacketCapture;
  /**
   * An rtnetlink socket bound to the `groups` bitmask (RTMGRP_*), reading on after an overflow:
   * `onDatagram(error)` with code ENOBUFS says notifications were lost.
   */
  openNetlinkNotifications(groups: number, receiveBufferBytes: number, onDatagram: NetlinkCallback): NetlinkNotifications;
}

const ADDON = join('native', 'netraw', 'build', 'Release', 'netraw.node');

/** The addon's path: searched upwards from this file, so it works from adapters/ and from dist/. */
export function netrawPath(from: string = import.meta.dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, ADDON);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Loads the addon (require caches it); throws Error code ENOENT with the build command when missing. */
export function loadNetraw(): Netraw {
  const path = netrawPath();
  if (path === undefined) {
    const error = new Error(`${ADDON} is not built: run \`npx node-gyp rebuild -C native/netraw\``);
    throw Object.assign(error, { code: 'ENOENT' });
  }
  const binding = createRequire(import.meta.url)(path) as NetrawBinding;
  return {
    sendFrame: (ifindex, frame) => binding.sendFrame(ifindex, Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)),
    ifIndex: (name) => binding.ifIndex(name),
    mkfifo: (path, mode) => {
      binding.mkfifo(path, mode);
    },
    hardwareAddress: (name) => binding.hardwareAddress(name),
    sendDatagram: (path, bytes) => {
      binding.sendDatagram(path, bytes);
    },
    netnsAdd: (name) => {
      binding.netnsAdd(name);
    },
    netnsDelete: (name) => {
      binding.netnsDelete(name);
    },
    netnsEnter: (path) => binding.netnsEnter(path),
    netnsReturn: (fd) => {
      binding.netnsReturn(fd);
    },
    openCapture: (ifname, onFrame) => new binding.PacketCapture(ifname, onFrame),
    openNetlinkNotifications: (groups, receiveBufferBytes, onDatagram) => new binding.NetlinkSocket(groups, receiveBufferBytes, onDatagram),
    openVrrp: (version, ifname, options, onReceive) =>
      onReceive === undefined ? new binding.VrrpSocket(version, ifname, options) : new binding.VrrpSocket(version, ifname, options, onReceive),
  };
}
