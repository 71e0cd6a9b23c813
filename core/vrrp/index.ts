// The VRRP packet codec: pure, Uint8Array in and out, no I/O (see README.md).
export * from './packet.js';
export * from './address.js';
export * from './checksum.js';
export * from './encode.js';
export * from './decode.js';
export * from './ipv4.js';
export * from './received.js';
export * from './rejection.js';
export * from './validate.js';
