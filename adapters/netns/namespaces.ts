// Named network namespaces, kept where iproute2 keeps them (/run/netns/NAME), so `ip netns`,
// keepalived's `--namespace` and Vigil all see the same ones.
import { closeSync } from 'node:fs';
import type { Netraw } from '../vrrp-net/netraw.js';

const NETNS_DIR = '/run/netns';

/** A name (`lab-n1`) means /run/netns/NAME, as keepalived's net_namespace; a path is used as it is. */
export function namespacePath(nameOrPath: string): string {
  return nameOrPath.startsWith('/') ? nameOrPath : `${NETNS_DIR}/${nameOrPath}`;
}

/**
 * Runs `open` with the calling thread inside the namespace: the sockets it opens belong there for
 * their lifetime. Synchronous on purpose: anything awaited would run in whatever namespace the
 * thread happens to be in by then.
 */
export function insideNamespace<T>(netraw: Netraw, nameOrPath: string, open: () => T): T {
  const home = netraw.netnsEnter(namespacePath(nameOrPath));
  try {
    return open();
  } finally {
    netraw.netnsReturn(home);
  }
}

/**
 * keepalived's `-s NAME` / `net_namespace NAME`: the daemon moves into the namespace before it
 * opens any socket, and stays. Only the main thread moves; everything Vigil opens (netlink, VRRP,
 * packet, checker and SMTP sockets) and every child it spawns is opened or forked there. Host
 * name lookups on libuv's thread pool still resolve from the host's namespace.
 */
export function enterNamespace(netraw: Netraw, nameOrPath: string): void {
  closeSync(netraw.netnsEnter(namespacePath(nameOrPath)));
}
