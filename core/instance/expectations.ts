// What an instance expects of received adverts, from its config (keepalived vrrp_check_packet inputs).
import type { GlobalConfig } from '../config/global/model.js';
import type { VrrpInstance } from '../config/vrrp/model.js';
import { passwordAuthData, VrrpAuth, type AdvertExpectations } from '../vrrp/index.js';
import { microsToCentis } from './timing.js';

export function advertExpectations(config: VrrpInstance, global: GlobalConfig): AdvertExpectations {
  const authType = config.version === 3 ? VrrpAuth.none : config.auth?.type === 'PASS' ? VrrpAuth.pass : config.auth?.type === 'AH' ? VrrpAuth.ah : VrrpAuth.none;
  return {
    instanceName: config.name,
    version: config.version,
    vrid: config.vrid,
    ...(config.interface === undefined ? {} : { interfaceName: config.interface }),
    authType,
    authPass: authType === VrrpAuth.pass ? passwordAuthData(config.auth?.password ?? '') : new Uint8Array(8),
    advertIntervalCentis: microsToCentis(config.advertIntervalMicros),
    unicast: config.unicast,
    expectedAddresses: config.vips.map((v) => v.address),
    // RFC 9568 §7.1 (keepalived >= 2.3.3): a differing address list is logged, not rejected;
    // 2.2.7's rejection makes the backup time out into a dual MASTER.
    addressMismatch: 'log',
    v3ChecksumAsV2: config.v3ChecksumAsV2,
    ...(config.oldUnicastChecksum === undefined ? {} : { oldUnicastChecksum: config.oldUnicastChecksum }),
    multicastGroup: global.mcastGroup4,
    checkUnicastSource: config.checkUnicastSrc,
    unicastPeers: config.unicastPeers,
  };
}
