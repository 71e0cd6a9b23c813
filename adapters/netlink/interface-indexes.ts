// Interface name -> ifindex for the executors: a cache, asked of the kernel on a miss. An index
// goes stale when an interface is deleted and re-created under the same name, so a request that
// fails with ENODEV forgets the name and is tried once more (`withIndex`).
import type { RtNetlinkSocket } from 'netlink';
import { errnoOf, NetlinkError } from './errors.js';

export class InterfaceIndexes {
  private readonly socket: RtNetlinkSocket;
  private readonly byName = new Map<string, number>();

  constructor(socket: RtNetlinkSocket) {
    this.socket = socket;
  }

  /** The ifindex of `name`; rejects with code ENODEV when there is no such interface. */
  async resolve(name: string): Promise<number> {
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    let index: number | undefined;
    try {
      // RTM_GETLINK with IFLA_IFNAME: the kernel looks the name up (rtnl_getlink).
      const [link] = await this.socket.getLink({}, { ifname: name });
      index = link?.data.index;
    } catch (err) {
      throw new NetlinkError(errnoOf(err) ?? 'ENODEV', `no interface ${name}`);
    }
    if (index === undefined) throw new NetlinkError('ENODEV', `no interface ${name}`);
    this.byName.set(name, index);
    return index;
  }

  forget(name: string): void {
    this.byName.delete(name);
  }

  /** Runs `request` with the index of `name`; on ENODEV with a cached index, refreshes and retries once. */
  async withIndex<T>(name: string, request: (index: number) => Promise<T>): Promise<T> {
    const wasCached = this.byName.has(name);
    try {
      return await request(await this.resolve(name));
    } catch (err) {
      if (!wasCached || errnoOf(err) !== 'ENODEV') throw err;
      this.forget(name);
      return request(await this.resolve(name));
    }
  }
}
