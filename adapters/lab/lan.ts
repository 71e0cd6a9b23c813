// The LAN of `vigil lab`: a "switch" namespace holding a bridge, and one namespace per host, each
// host's eth0 a veth whose other end is a bridge port. Built with Vigil's own netlink and netns
// code (production code never shells out to `ip`); every namespace is named
// PREFIX-lan / PREFIX-HOST under /run/netns, so `ip netns exec` can look inside while it runs.
import { closeSync, openSync } from 'node:fs';
import { createRtNetlink, FlagsNew, type RtNetlinkSocket } from 'netlink';
import { netlinkExecutor } from '../netlink/executor.js';
import { bridgeRequest, masterRequest, upRequest, vethRequest } from '../netns/link-messages.js';
import { insideNamespace, namespacePath } from '../netns/namespaces.js';
import type { Netraw } from '../vrrp-net/netraw.js';

export const BRIDGE = 'br0';
export const HOST_INTERFACE = 'eth0';
const CREATE = { flags: FlagsNew.CREATE | FlagsNew.EXCL };
const LOOPBACK_INDEX = 1;

export interface LanHost {
  readonly name: string;
  readonly namespace: string;
  /** eth0's address, in PREFIX_LENGTH. */
  readonly address: string;
}

export const PREFIX_LENGTH = 24;

export class Lan {
  readonly switchNamespace: string;
  readonly hosts: readonly LanHost[];
  private readonly netraw: Netraw;
  private readonly created: string[] = [];

  private constructor(netraw: Netraw, prefix: string, hostNames: readonly string[], subnet: string) {
    this.netraw = netraw;
    this.switchNamespace = `${prefix}-lan`;
    this.hosts = hostNames.map((name, i) => ({ name, namespace: `${prefix}-${name}`, address: `${subnet}.${i + 1}` }));
  }

  /** Builds it; on failure removes what was made and rethrows. `subnet` is the first three octets. */
  static async create(netraw: Netraw, prefix: string, hostNames: readonly string[], subnet: string): Promise<Lan> {
    const lan = new Lan(netraw, prefix, hostNames, subnet);
    try {
      await lan.build();
      return lan;
    } catch (e) {
      lan.close();
      throw e;
    }
  }

  /** A netlink request socket inside `namespace`; the caller closes it (`.socket.close()`). */
  socketIn(namespace: string): RtNetlinkSocket {
    return insideNamespace(this.netraw, namespace, () => createRtNetlink());
  }

  /** The IPv4 addresses on a host's eth0 now, read over netlink in its namespace. */
  async addressesOf(host: LanHost): Promise<string[]> {
    const socket = this.socketIn(host.namespace);
    try {
      const index = await indexOf(socket, HOST_INTERFACE);
      const addresses = await socket.getAddresses();
      return addresses
        .filter((a) => a.data.index === index && a.data.family === 2 && a.attrs.address !== undefined)
        .map((a) => [...(a.attrs.address ?? [])].join('.'));
    } finally {
      socket.socket.close();
    }
  }

  /** Deletes every namespace it made (their links go with them). Never throws. */
  close(): void {
    for (const name of this.created.splice(0).reverse()) {
      try {
        this.netraw.netnsDelete(name);
      } catch {
        // Already gone: nothing to clean.
      }
    }
  }

  private async build(): Promise<void> {
    for (const name of [this.switchNamespace, ...this.hosts.map((h) => h.namespace)]) {
      this.netraw.netnsAdd(name);
      this.created.push(name);
    }
    const lan = this.socketIn(this.switchNamespace);
    try {
      await lan.newLink(bridgeRequest(BRIDGE).data, bridgeRequest(BRIDGE).attrs, CREATE);
      const bridge = await indexOf(lan, BRIDGE);
      for (const host of this.hosts) {
        // The host's end is made straight in its namespace: the open file pins it for the request.
        const fd = openSync(namespacePath(host.namespace), 'r');
        try {
          const veth = vethRequest({ name: host.name }, { name: HOST_INTERFACE, namespaceFd: fd });
          await lan.newLink(veth.data, veth.attrs, CREATE);
        } finally {
          closeSync(fd);
        }
        const port = masterRequest(await indexOf(lan, host.name), bridge);
        await lan.setLink(port.data, port.attrs);
        await this.configureHost(host);
      }
    } finally {
      lan.socket.close();
    }
  }

  private async configureHost(host: LanHost): Promise<void> {
    const socket = this.socketIn(host.namespace);
    const addresses = netlinkExecutor(socket);
    try {
      for (const index of [LOOPBACK_INDEX, await indexOf(socket, HOST_INTERFACE)]) {
        const up = upRequest(index);
        await socket.setLink(up.data, up.attrs);
      }
      await addresses.execute({
        kind: 'AddAddress',
        instance: '', // as a static_ipaddress
        address: { interface: HOST_INTERFACE, family: 'inet', address: host.address, prefixLength: PREFIX_LENGTH, flags: [] },
      });
    } finally {
      addresses.close();
    }
  }
}

async function indexOf(socket: RtNetlinkSocket, name: string): Promise<number> {
  const links = await socket.getLinks();
  const link = links.find((l) => l.attrs.ifname === name);
  if (link?.data.index === undefined) throw new Error(`no link ${name}`);
  return link.data.index;
}
