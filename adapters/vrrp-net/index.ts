// VRRP on the wire: raw VRRP sockets, gratuitous ARP and unsolicited NA (see README.md).
export * from './netraw.js';
export * from './receive-sockets.js';
export * from './adverts-received.js';
export * from './advert-sender.js';
export * from './frames.js';
export * from './neighbor-announcer.js';
