import type { ParseContext } from '../context.js';
import type { ConfigNode } from '../syntax.js';
import type { GarpGroup, LinkbeatMethod } from './model.js';
import { blockEndLoc, readDecimalSecondsOr } from './readers.js';
import type { GlobalSectionState } from './state.js';

/**
 * Root blocks about interfaces and static items (keepalived/vrrp/vrrp_parser.c):
 * linkbeat_interfaces, interface_up_down_delays, track_group, garp_group.
 * Whether the interfaces exist is checked later against the machine (interfacesOf).
 */

const SECOND = 1_000_000;
const LINKBEAT_METHODS: readonly string[] = ['MII', 'ETHTOOL', 'IOCTL'];

// alloc_value_block: every line of the block is one item; its first word is the keyword.
const itemsOf = (node: ConfigNode): readonly ConfigNode[] => node.children ?? [];

export function parseLinkbeatInterfaces(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  for (const item of itemsOf(node)) {
    const method = item.args[0];
    if (method !== undefined && (!LINKBEAT_METHODS.includes(method) || item.args.length > 1)) {
      ctx.sink.error(`extra characters ${method} in linkbeat interface`, item.loc);
    }
    const known = method !== undefined && LINKBEAT_METHODS.includes(method) ? (method as LinkbeatMethod) : undefined;
    state.linkbeatInterfaces.push({ name: item.keyword, ...(known === undefined ? {} : { method: known }), loc: item.loc });
  }
}

export function parseInterfaceUpDownDelays(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  for (const item of itemsOf(node)) {
    const ifname = item.keyword;
    // keepalived: these three are log_message only.
    if (item.args.length === 0) {
      sink.warning(`No timeouts specified for ${ifname} up/down delays`, item.loc);
      continue;
    }
    if (item.args.length > 2) sink.warning(`Too many parameters for ${ifname} up/down delays`, item.loc);
    const down = readDecimalSecondsOr(item, 0, 0, 255, 6, sink, undefined);
    if (down === undefined) {
      sink.warning(`Invalid down delay ${item.args[0] ?? ''} for ${ifname}`, item.loc);
      continue;
    }
    let up = 0;
    if (item.args.length >= 2) {
      const value = readDecimalSecondsOr(item, 1, 0, 255, 6, sink, undefined);
      if (value === undefined) {
        sink.warning(`Invalid up delay ${item.args[1] ?? ''} for ${ifname}`, item.loc);
        continue;
      }
      up = value;
    }
    state.interfaceUpDownDelays.push({ interface: ifname, downDelayMicros: down, upDelayMicros: up, loc: item.loc });
  }
}

export function parseTrackGroup(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  const name = node.args[0];
  if (name === undefined || node.args.length !== 1) {
    sink.error('track_group must have a name - skipping', node.loc);
    return;
  }
  if (state.trackGroups.some((g) => g.name === name)) {
    sink.error(`track_group ${name} already defined`, node.loc);
    return;
  }
  let instances: string[] | undefined;
  for (const child of itemsOf(node)) {
    if (child.keyword !== 'group') {
      sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
      continue;
    }
    if (instances !== undefined) {
      // sic: keepalived reuses the sync group wording.
      sink.error(`Group list already specified for sync group ${name}`, child.loc);
      continue;
    }
    instances = (child.children ?? []).flatMap((line) => [line.keyword, ...line.args]);
    if (instances.length === 0) sink.error(`Warning - track group ${name} has empty group block`, child.loc);
  }
  state.trackGroups.push({ name, instances: instances ?? [], loc: node.loc });
}

export function parseGarpGroup(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  let garpIntervalMicros: number | undefined;
  let gnaIntervalMicros: number | undefined;
  let aggregationGroup = 0;
  const interfaces: { name: string; loc: ConfigNode['loc'] }[] = [];
  const claimed = new Set(state.garpGroups.flatMap((g) => g.interfaces.map((i) => i.name)));
  const addInterface = (name: string, loc: ConfigNode['loc']): void => {
    if (claimed.has(name)) {
      sink.error(`garp_group already specified for ${name} - ignoring`, loc);
      return;
    }
    claimed.add(name);
    interfaces.push({ name, loc });
  };
  for (const child of itemsOf(node)) {
    switch (child.keyword) {
      case 'garp_interval':
      case 'gna_interval': {
        const value = readDecimalSecondsOr(child, 0, 0, 2147483647 / SECOND, 6, sink, (t) => `garp_group ${child.keyword} '${t}' invalid`);
        if (value === undefined) break;
        if (child.keyword === 'garp_interval') garpIntervalMicros = value;
        else gnaIntervalMicros = value;
        if (value >= SECOND) sink.warning(`The ${child.keyword} is very large - ${child.args[0] ?? ''} seconds`, child.loc);
        break;
      }
      case 'interface':
        if (child.args[0] === undefined) sink.error('garp_group interface requires a name', child.loc);
        else addInterface(child.args[0], child.loc);
        break;
      case 'interfaces': {
        const names = (child.children ?? []).flatMap((line) => [line.keyword, ...line.args].map((n) => ({ n, loc: line.loc })));
        if (names.length === 0) {
          sink.error('Warning - empty garp_group interfaces block', child.loc);
          break;
        }
        aggregationGroup = 1 + state.garpGroups.filter((g) => g.aggregationGroup > 0).length;
        for (const { n, loc } of names) addInterface(n, loc);
        break;
      }
      default:
        sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    }
  }
  if (garpIntervalMicros === undefined && gnaIntervalMicros === undefined) {
    sink.error(`garp group ${aggregationGroup} does not have any delay set - removing`, blockEndLoc(node));
    return;
  }
  const group: GarpGroup = {
    ...(garpIntervalMicros === undefined ? {} : { garpIntervalMicros }),
    ...(gnaIntervalMicros === undefined ? {} : { gnaIntervalMicros }),
    interfaces,
    aggregationGroup,
    loc: node.loc,
  };
  state.garpGroups.push(group);
}
