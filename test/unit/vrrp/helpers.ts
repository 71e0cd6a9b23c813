// Shared builders for the VRRP codec tests.
import { readFileSync } from 'node:fs';
import {
  VRRP_TYPE_ADVERTISEMENT,
  passwordAuthData,
  type AdvertExpectations,
  type VrrpV2Packet,
  type VrrpV3Packet,
} from '../../../core/vrrp/index.js';

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

export interface GoldenPacket {
  readonly family: 'inet' | 'inet6';
  readonly source: string;
  readonly destination: string;
  readonly ttlOrHopLimit: number;
  readonly ipDatagram?: string;
  readonly payload: string;
}

export interface GoldenFixture {
  readonly name: string;
  readonly config: string;
  readonly packets: readonly GoldenPacket[];
}

export function loadFixture(name: string): GoldenFixture {
  const url = new URL(`../../fixtures/vrrp/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as GoldenFixture;
}

/** The v2 instance of test/fixtures/vrrp/capture.sh: VRID 51, priority 150, PASS "vigil123". */
export function v2Packet(overrides: Partial<VrrpV2Packet> = {}): VrrpV2Packet {
  return {
    version: 2,
    type: VRRP_TYPE_ADVERTISEMENT,
    vrid: 51,
    priority: 150,
    addressFamily: 'inet',
    addresses: ['10.123.0.100', '10.123.0.101'],
    authType: 1,
    authData: passwordAuthData('vigil123'),
    advertIntervalSeconds: 1,
    ...overrides,
  };
}

export function v3Packet(overrides: Partial<VrrpV3Packet> = {}): VrrpV3Packet {
  return {
    version: 3,
    type: VRRP_TYPE_ADVERTISEMENT,
    vrid: 52,
    priority: 200,
    addressFamily: 'inet',
    addresses: ['10.123.0.110', '10.123.0.111'],
    maxAdvertIntervalCentis: 100,
    ...overrides,
  };
}

export function v2Expectations(overrides: Partial<AdvertExpectations> = {}): AdvertExpectations {
  return {
    instanceName: 'VI_1',
    version: 2,
    authType: 1,
    authPass: passwordAuthData('vigil123'),
    advertIntervalCentis: 100,
    unicast: false,
    expectedAddresses: ['10.123.0.100', '10.123.0.101'],
    ...overrides,
  };
}

export function v3Expectations(overrides: Partial<AdvertExpectations> = {}): AdvertExpectations {
  return {
    instanceName: 'VI_1',
    version: 3,
    authType: 0,
    authPass: new Uint8Array(8),
    advertIntervalCentis: 100,
    unicast: false,
    expectedAddresses: ['10.123.0.110', '10.123.0.111'],
    ...overrides,
  };
}
