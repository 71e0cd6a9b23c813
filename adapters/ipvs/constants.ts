// The numbers of the kernel's "IPVS" generic netlink family, from include/uapi/linux/ip_vs.h
// (reference ecosystem.md §2.1, §2.2). Names follow the header so a reader can grep both.

/** IPVS_GENL_NAME: the family is resolved by name; its id is dynamic (28 in UML 6.1). */
export const IPVS_GENL_NAME = 'IPVS';
/** IPVS_GENL_VERSION: the genl header's version byte on every request. */
export const IPVS_GENL_VERSION = 1;

/** enum IPVS_CMD_* (the values the kernel's ops table answers to). */
export const IpvsCmd = {
  NEW_SERVICE: 1,
  SET_SERVICE: 2,
  DEL_SERVICE: 3,
  GET_SERVICE: 4,
  NEW_DEST: 5,
  SET_DEST: 6,
  DEL_DEST: 7,
  GET_DEST: 8,
  FLUSH: 17,
} as const;

/** IPVS_CMD_ATTR_*: the top-level attributes of a request or reply. */
export const CmdAttr = {
  SERVICE: 1,
  DEST: 2,
} as const;

/** IPVS_SVC_ATTR_*: inside IPVS_CMD_ATTR_SERVICE. */
export const SvcAttr = {
  AF: 1,
  PROTOCOL: 2,
  ADDR: 3,
  PORT: 4,
  FWMARK: 5,
  SCHED_NAME: 6,
  FLAGS: 7,
  TIMEOUT: 8,
  NETMASK: 9,
  STATS: 10,
  PE_NAME: 11,
  STATS64: 12,
} as const;

/** IPVS_DEST_ATTR_*: inside IPVS_CMD_ATTR_DEST. */
export const DestAttr = {
  ADDR: 1,
  PORT: 2,
  FWD_METHOD: 3,
  WEIGHT: 4,
  U_THRESH: 5,
  L_THRESH: 6,
  ACTIVE_CONNS: 7,
  INACT_CONNS: 8,
  PERSIST_CONNS: 9,
  STATS: 10,
  ADDR_FAMILY: 11,
  STATS64: 12,
  TUN_TYPE: 13,
  TUN_PORT: 14,
  TUN_FLAGS: 15,
} as const;

/** AF_INET / AF_INET6 as IPVS_SVC_ATTR_AF and IPVS_DEST_ATTR_ADDR_FAMILY carry them. */
export const AF_INET = 2;
export const AF_INET6 = 10;

/** IP_VS_SVC_F_HASHED: the kernel's own bookkeeping, set on every service it reports. */
export const IP_VS_SVC_F_HASHED = 0x2;

/** IP_VS_CONN_F_FWD_MASK: FWD_METHOD carries conn_flags masked with it (libipvs.c). */
export const IP_VS_CONN_F_FWD_MASK = 0x7;

/** union nf_inet_addr: IPVS addresses are always 16 bytes, an IPv4 one in the first 4. */
export const NF_INET_ADDR_LENGTH = 16;

/** The generic netlink controller (linux/genetlink.h): how a family name becomes an id. */
export const GENL_ID_CTRL = 16;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_VERSION = 1;
export const CtrlAttr = {
  FAMILY_ID: 1,
  FAMILY_NAME: 2,
} as const;
