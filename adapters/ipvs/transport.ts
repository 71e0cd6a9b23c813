// The one place that touches the `netlink` package: a NETLINK_GENERIC request socket carrying the
// payloads messages.ts builds. A port (GenlTransport) so the client can be tested against
// scripted kernel answers, and so a later in-repo netlink addon can replace this file alone.
import { createNetlink, FlagsGet, Protocol, type NetlinkSocket } from 'netlink';

export interface GenlRequestOptions {
  /** NLM_F_DUMP: the answer is every matching object, one message each. */
  readonly dump: boolean;
  /** netlink@0.3.0 waits forever unless told otherwise (reference ecosystem.md §1.6 item 6). */
  readonly timeoutMs: number;
}

export interface GenlTransport {
  /**
   * Sends `payload` (genl header + attributes) as one message of type `family` with
   * NLM_F_REQUEST|NLM_F_ACK (+ NLM_F_DUMP). Resolves with the payloads of the answer's messages
   * (none for a plain ACK); rejects with the kernel's error (`Request rejected: EEXIST`) or a
   * timeout.
   */
  request(family: number, payload: Uint8Array, options: GenlRequestOptions): Promise<Uint8Array[]>;
  close(): void;
}

/**
 * A socket of its own, joined to no multicast group: netlink@0.3.0 matches replies by sequence
 * number alone, so a notification could otherwise answer a request (§1.6 item 2). Throws when
 * the socket cannot be created.
 */
export function openGenlTransport(): GenlTransport {
  const socket: NetlinkSocket = createNetlink(Protocol.GENERIC);
  // An 'error' event without a listener is thrown by EventEmitter and ends the process (§1.6
  // item 3). A request whose answer is lost this way fails by its timeout instead.
  socket.on('error', () => undefined);
  let closed = false;
  return {
    async request(family, payload, options) {
      if (closed) throw Object.assign(new Error('IPVS netlink socket is closed'), { code: 'EBADF' });
      const flags = options.dump ? FlagsGet.DUMP : 0;
      const [messages] = await socket.request(family, [payload], { flags, timeout: options.timeoutMs });
      return messages.map((m) => new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    },
    close() {
      if (closed) return;
      closed = true;
      socket.close();
    },
  };
}
