// Links and addresses as an RxJS source of LinkChanged / AddressChanged events: a full dump at
// start, then rtnetlink notifications; when notifications were lost (ENOBUFS) a fresh dump, and
// only the differences come out. Unsubscribing closes both sockets, so nothing keeps the process
// alive afterwards.
import { createRtNetlink, rt, type RtNetlinkSocket } from 'netlink';
import { Observable, type Subscriber } from 'rxjs';
import type { Event } from '../../core/events/index.js';
import { netlinkError } from './errors.js';
import { addressFact, addressFacts, linkFact, linkFacts } from './facts.js';
import { loadNetraw, type NetlinkNotifications } from '../vrrp-net/netraw.js';
import { NetworkView } from './network-view.js';
import { splitDatagram, type NetlinkNotice } from './notices.js';

/** nlmsg_type (linux/rtnetlink.h). */
const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_NEWADDR = 20;
const RTM_DELADDR = 21;
/** RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR (linux/rtnetlink.h). */
const GROUPS = 0x1 | 0x10 | 0x100;
/** SO_RCVBUF(FORCE) of the notification socket; a burst that overflows it costs a re-dump. */
const DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;

export interface LinkAddressSourceOptions {
  /** SO_RCVBUF of the notification socket; default 4 MiB. */
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
   * one, since netlink@0.3.0 matches replies by seq alone and has one multipart buffer. The
   * notification socket is native/netraw's: netlink@0.3.0's aborts the process on ENOBUFS.
   */
  private notices: NetlinkNotifications | undefined;
  private readonly requests: RtNetlinkSocket = createRtNetlink();
  /** Notifications that arrive while a dump runs, applied after it; undefined when none runs. */
  private held: NetlinkNotice[] | undefined;
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
  private openNotices(): NetlinkNotifications {
    return loadNetraw().openNetlinkNotifications(GROUPS, this.options.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER, (error, datagram) => {
      if (error !== null) {
        // ENOBUFS: the socket overflowed and some notifications are gone; it reads on.
        if ((error as NodeJS.ErrnoException).code === 'ENOBUFS') this.resync('ENOBUFS');
        else this.fail(netlinkError(error, 'rtnetlink notifications'));
        return;
      }
      if (datagram === undefined) return;
      const notices = splitDatagram(datagram);
      if (notices === undefined) this.resync('unparsable notification');
      else if (this.held !== undefined) this.held.push(...notices);
      else this.apply(notices);
    });
  }

  close(): void {
    this.closed = true;
    this.notices?.close();
    this.requests.socket.close();
  }

  private resync(reason: string): void {
    if (this.closed) return;
    this.options.onResync?.(reason);
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

  private apply(messages: readonly NetlinkNotice[]): void {
    for (const message of messages) {
      if (this.closed) return;
      try {
        this.emit(this.eventsOf(message));
      } catch {
        this.resync('unparsable notification');
        return;
      }
    }
  }

  private eventsOf(message: NetlinkNotice): Event[] {
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
