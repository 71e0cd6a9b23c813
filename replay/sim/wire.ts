// What a receiver's raw socket reports for an advert another node sent on the same LAN: the VRRP
// message after a plain 20-byte IPv4 header (IPv6: the message alone), TTL as sent.
import type { AdvertReceived, SendAdvert } from '../../core/events/index.js';

export function advertAsReceived(advert: SendAdvert, senderAddress: string, receiverInterface: string): AdvertReceived {
  const message = advert.message;
  const v4 = advert.family === 'inet';
  return {
    kind: 'AdvertReceived',
    interface: receiverInterface,
    family: advert.family,
    source: advert.source ?? senderAddress,
    destination: advert.destination,
    ttlOrHopLimit: advert.ttl,
    payload: message,
    ipHeaderLength: v4 ? 20 : 0,
    ipTotalLength: v4 ? 20 + message.length : 0,
    ipProtocol: v4 ? 112 : 0,
  };
}

/** IPv4 224.0.0.0/4 or IPv6 ff00::/8. */
export function isMulticast(address: string): boolean {
  if (address.includes(':')) return address.toLowerCase().startsWith('ff');
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}
