// The keepalived.conf each router of `vigil lab` runs: one virtual router, the same for Vigil and
// for keepalived, so the lab's file is also an example of a plain two-node setup.

export const VRID = 51;
export const ADVERT_INT_S = 1;

export interface RouterSpec {
  readonly name: string;
  readonly priority: number;
  readonly interface: string;
  readonly vip: string;
  readonly prefixLength: number;
}

export function routerConfig(spec: RouterSpec): string {
  return `! vigil lab: router ${spec.name}
global_defs {
  router_id ${spec.name}
}
vrrp_instance VI_1 {
  state BACKUP
  interface ${spec.interface}
  virtual_router_id ${VRID}
  priority ${spec.priority}
  advert_int ${ADVERT_INT_S}
  virtual_ipaddress {
    ${spec.vip}/${spec.prefixLength}
  }
}
`;
}

/** RFC 3768 §6.1 / keepalived vrrp.h: 3 × advert_int + skew, skew = (256 − priority) × advert_int / 256. */
export function masterDownIntervalMs(priority: number): number {
  return 3 * ADVERT_INT_S * 1000 + ((256 - priority) * ADVERT_INT_S * 1000) / 256;
}
