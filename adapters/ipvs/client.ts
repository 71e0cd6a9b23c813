// IpvsClient: the kernel's IPVS table over generic netlink, one request per keepalived libipvs.c
// call (ipvs_add_service, ipvs_update_dest, ipvs_flush, ipvs_get_services + ipvs_get_dests...).
// Every failure rejects with an IpvsError whose `code` is the errno name the kernel answered
// (EEXIST, ESRCH, ENOENT, EINVAL, EPERM...), ETIMEDOUT when it did not answer in time, or EPROTO
// when its answer could not be read.
import type { IpvsDest, IpvsService, IpvsServiceEntry, IpvsServiceKey } from '../../core/events/index.js';
import { GENL_ID_CTRL } from './constants.js';
import { IpvsError, ipvsError, type IpvsOperation } from './errors.js';
import { getFamilyRequest, parseFamilyId } from './family.js';
import {
  delDestRequest,
  delServiceRequest,
  flushRequest,
  getDestsRequest,
  getServicesRequest,
  newDestRequest,
  newServiceRequest,
  setDestRequest,
  setServiceRequest,
} from './messages.js';
import { parseDestReply, parseServiceReply } from './replies.js';
import { openGenlTransport, type GenlTransport } from './transport.js';

export interface IpvsClientOptions {
  /** How long one request may wait for the kernel (default 5 s). */
  readonly timeoutMs?: number;
  /** The socket; by default a NETLINK_GENERIC socket of its own (transport.ts). */
  readonly transport?: GenlTransport;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** `TCP 10.0.0.1:80`, `UDP [fd00::1]:53`, `FWM 7`: ipvsadm's way of naming a service. */
export function describeService(key: IpvsServiceKey): string {
  if (key.fwmark !== 0) return `FWM ${key.fwmark}${key.family === 'inet6' ? ' IPv6' : ''}`;
  return `${key.protocol} ${hostPort(key.family, key.address, key.port)}`;
}

function hostPort(family: string, address: string, port: number): string {
  return family === 'inet6' ? `[${address}]:${port}` : `${address}:${port}`;
}

function describeDest(key: IpvsServiceKey, dest: IpvsDest): string {
  return `${hostPort(dest.family, dest.address, dest.port)} of ${describeService(key)}`;
}

export class IpvsClient {
  private readonly transport: GenlTransport;
  /** The id the controller gave the "IPVS" family in this network namespace. */
  readonly familyId: number;
  private readonly timeoutMs: number;

  private constructor(transport: GenlTransport, familyId: number, timeoutMs: number) {
    this.transport = transport;
    this.familyId = familyId;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Opens a socket and resolves the "IPVS" family. Rejects with ENOENT when the kernel has no
   * IPVS (ip_vs not loaded and not loadable), EPERM/EACCES if the socket is refused.
   */
  static async open(options: IpvsClientOptions = {}): Promise<IpvsClient> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let transport: GenlTransport;
    try {
      transport = options.transport ?? openGenlTransport();
    } catch (err) {
      throw ipvsError(err, 'open', 'open a generic netlink socket');
    }
    try {
      const replies = await transport.request(GENL_ID_CTRL, getFamilyRequest(), { dump: false, timeoutMs });
      const first = replies[0];
      if (first === undefined) throw new IpvsError('EPROTO', 'IPVS resolve family: the controller answered without a family');
      const id = parseFamilyId(first);
      if (!id.ok) throw new IpvsError('EPROTO', `IPVS resolve family: ${id.error}`);
      return new IpvsClient(transport, id.value, timeoutMs);
    } catch (err) {
      transport.close();
      throw ipvsError(err, 'open', 'resolve generic netlink family "IPVS"');
    }
  }

  /** IPVS_CMD_NEW_SERVICE; EEXIST if it is there, ENOENT for an unknown scheduler. */
  addService(service: IpvsService): Promise<void> {
    return this.command('addService', `add service ${describeService(service.key)}`, () => newServiceRequest(service));
  }

  /** IPVS_CMD_SET_SERVICE; ESRCH if there is no such service. */
  updateService(service: IpvsService): Promise<void> {
    return this.command('updateService', `update service ${describeService(service.key)}`, () => setServiceRequest(service));
  }

  /** IPVS_CMD_DEL_SERVICE; ESRCH if there is no such service. */
  deleteService(key: IpvsServiceKey): Promise<void> {
    return this.command('deleteService', `delete service ${describeService(key)}`, () => delServiceRequest(key));
  }

  /** IPVS_CMD_NEW_DEST; ESRCH without the service, EEXIST if the destination is there. */
  addDest(key: IpvsServiceKey, dest: IpvsDest): Promise<void> {
    return this.command('addDest', `add destination ${describeDest(key, dest)}`, () => newDestRequest(key, dest));
  }

  /** IPVS_CMD_SET_DEST; ENOENT if there is no such destination. */
  updateDest(key: IpvsServiceKey, dest: IpvsDest): Promise<void> {
    return this.command('updateDest', `update destination ${describeDest(key, dest)}`, () => setDestRequest(key, dest));
  }

  /** IPVS_CMD_DEL_DEST; ENOENT if there is no such destination. */
  deleteDest(key: IpvsServiceKey, dest: IpvsDest): Promise<void> {
    return this.command('deleteDest', `delete destination ${describeDest(key, dest)}`, () => delDestRequest(key, dest));
  }

  /** IPVS_CMD_FLUSH: every service of this network namespace. */
  flush(): Promise<void> {
    return this.command('flush', 'flush', flushRequest);
  }

  /** Every service with its destinations: a GET_SERVICE dump, then a GET_DEST dump per service. */
  async readTable(): Promise<IpvsServiceEntry[]> {
    const services: IpvsService[] = [];
    for (const reply of await this.send('readTable', 'dump services', getServicesRequest, true)) {
      const service = parseServiceReply(reply);
      if (!service.ok) throw new IpvsError('EPROTO', `IPVS dump services: ${service.error}`);
      services.push(service.value);
    }
    const table: IpvsServiceEntry[] = [];
    for (const service of services) {
      const what = `dump destinations of ${describeService(service.key)}`;
      const dests: IpvsDest[] = [];
      for (const reply of await this.send('readTable', what, () => getDestsRequest(service.key), true)) {
        const dest = parseDestReply(reply, service.key.family);
        if (!dest.ok) throw new IpvsError('EPROTO', `IPVS ${what}: ${dest.error}`);
        dests.push(dest.value);
      }
      table.push({ service, dests });
    }
    return table;
  }

  close(): void {
    this.transport.close();
  }

  private async command(operation: IpvsOperation, what: string, build: () => Uint8Array): Promise<void> {
    await this.send(operation, what, build, false);
  }

  /** Builds (an EINVAL build error rejects too), sends, and names the failure. */
  private async send(operation: IpvsOperation, what: string, build: () => Uint8Array, dump: boolean): Promise<Uint8Array[]> {
    try {
      return await this.transport.request(this.familyId, build(), { dump, timeoutMs: this.timeoutMs });
    } catch (err) {
      throw ipvsError(err, operation, what);
    }
  }
}
