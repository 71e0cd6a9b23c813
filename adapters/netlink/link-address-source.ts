// Links and addresses as an RxJS source of LinkChanged / AddressChanged events: a full dump at
// start, then rtnetlink notifications; when notifications were lost (ENOBUFS) a fresh dump, and
// only the differences come out. Unsubscribing closes both sockets, so nothing keeps the process
// alive afterwards.
import { createRtNetlink, rt, type NetlinkMessage, type RtNetlinkSocket } from 'netlink';
import { Observable, type Subscriber } from 'rxjs';
import type { Event } from '../../core/events/index.js';
import { netlinkError } from './errors.js';
import { addressFact, addressFacts, linkFact, linkFacts } from './facts.js';
import { NetworkView } from './network-view.js';

/** nlmsg_type (linux/rtnetlink.h). */
const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_NEWADDR = 20;
const RTM_DELADDR = 21;
const GROUPS = ['LINK', 'IPV4_IFADDR', 'IPV6_IFADDR'] as const;
/**
 * SO_RCVBUF asked for (the kernel caps it at net.core.rmem_max, 4 MiB here, and doubles it). A
 * burst that overflows it is fatal with netlink@0.3.0: see README.md "Known limits".
 */
const DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;

export interface LinkAddressSourceOptions {
  /** SO_RCVBUF of the notification socket; default 4 MiB (capped by net.core.rmem_max). */
  readonly receiveBufferBytes?: number;
  /** Told when notifications were lost and a re-dump starts ('ENOBUFS', 'unparsable notification'). */
  readonly onResync?: (reason: string) => void;
}

export function linkAddressEvents(options: LinkAddressSourceOptions = {}): Observable<Event> {
  return new Observable<Event>((subscriber) => {
    const source = new LinkAddressSource(subscriber, options);
    source.start();
    return () => {
      source.close();
    };
  });
}

class LinkAddressSource {
  private readonly subscriber: Subscriber<Event>;
  private readonly options: LinkAddressSourceOptions;
  private readonly view = new NetworkView();
  /**
   * Two sockets (reference ecosystem.md §1.6 item 2): dump replies and notifications must not share
   * one, since netlink@0.3.0 matches replies by seq alone and has one multipart buffer.
   */
  private notices: RtNetlinkSocket | undefined;
  private readonly requests: RtNetlinkSocket = createRtNetlink();
  /** Notifications that arrive while a dump runs, applied after it; undefined when none runs. */
  private held: NetlinkMessage[] | undefined;
  private dumpAgain = false;
  private closed = false;

  constructor(subscriber: Subscriber<Event>, options: LinkAddressSourceOptions) {
    this.subscriber = subscriber;
    this.options = options;
  }

  start(): void {
    this.notices = this.openNotices();
    void this.dump();
  }

  /** A socket joined to the link and address groups, feeding `apply` (or `held` while a dump runs). */
  private openNotices(): RtNetlinkSocket {
    const notices = createRtNetlink();
    const inner = notices.socket;
    // RtNetlinkSocket's own 'message' drops nlmsg_type, so NEW and DEL look alike (§1.2): read the inner socket.
    inner.on('message', (messages) => {
      if (this.held !== undefined) this.held.push(...messages);
      else this.apply(messages);
    });
    // Without a listener an ENOBUFS from recvmsg would throw out of the EventEmitter (§1.6 item 3).
    // libuv stops polling a socket that reported an error, so the resync opens a new one.
    inner.on('error', (err) => {
      if (err.code === 'ENOBUFS') this.resync('ENOBUFS', true);
      else this.fail(netlinkError(err, 'rtnetlink notifications'));
    });
    // One part of a batch that fails to parse sends the whole batch here (§1.6 item 1): it is lost.
    inner.on('invalid', () => {
      this.resync('unparsable notification', false);
    });
    inner.setRecvBufferSize(this.options.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER);
    for (const group of GROUPS) notices.addMembership(group);
    inner.ref(true); // a daemon's source keeps the loop alive until unsubscribed
    return notices;
  }

  close(): void {
    this.closed = true;
    this.notices?.socket.close();
    this.requests.socket.close();
  }

  private resync(reason: string, reopen: boolean): void {
    if (this.closed) return;
    this.options.onResync?.(reason);
    if (reopen) {
      this.notices?.socket.close();
      this.notices = this.openNotices();
    }
    if (this.held !== undefined) this.dumpAgain = true;
    else void this.dump();
  }

  /**
   * Dump links, then addresses, and emit the differences; then the notifications that came in
   * meanwhile, in order. Each attempt drops what was held before it: the dump supersedes those,
   * and replaying one older than the dump after a loss could undo a change we never heard of.
   */
  private async dump(): Promise<void> {
    do {
      this.dumpAgain = false;
      this.held = [];
      try {
        const links = linkFacts(await this.requests.getLinks());
        const addresses = addressFacts(await this.requests.getAddresses());
        if (this.closed) return;
        this.emit(this.view.replaceWith(links, addresses));
      } catch (err) {
        this.fail(netlinkError(err, 'rtnetlink dump'));
        return;
      }
    } while (this.mustDumpAgain());
    const held = this.held;
    this.held = undefined;
    this.apply(held);
  }

  /** Set by `resync` while the dump was running (from a socket callback, between awaits). */
  private mustDumpAgain(): boolean {
    return this.dumpAgain && !this.closed;
  }

  private apply(messages: readonly NetlinkMessage[]): void {
    for (const message of messages) {
      if (this.closed) return;
      try {
        this.emit(this.eventsOf(message));
      } catch {
        this.resync('unparsable notification', false);
        return;
      }
    }
  }

  private eventsOf(message: NetlinkMessage): Event[] {
    switch (message.type) {
      case RTM_NEWLINK:
      case RTM_DELLINK: {
        const link = linkFact(rt.parseLinkMessage(message.data));
        if (link === undefined) return [];
        return message.type === RTM_NEWLINK ? this.view.linkSeen(link) : this.view.linkGone(link.index);
      }
      case RTM_NEWADDR:
      case RTM_DELADDR: {
        const address = addressFact(rt.parseAddressMessage(message.data));
        if (address === undefined) return [];
        return message.type === RTM_NEWADDR ? this.view.addressSeen(address) : this.view.addressGone(address);
      }
      default:
        return [];
    }
  }

  private emit(events: readonly Event[]): void {
    for (const event of events) this.subscriber.next(event);
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.subscriber.error(err);
  }
}
