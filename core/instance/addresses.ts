// Virtual addresses, routes and rules as effects (keepalived vrrp.c vrrp_state_become_master /
// vrrp_restore_interface, vrrp_ipaddress.c, vrrp_iproute.c, vrrp_iprule.c).
import type { IpAddress, IpRoute, IpRule, VrrpInstance } from '../config/vrrp/model.js';
import type { AddressSpec, RouteSpec, RuleSpec } from '../events/index.js';
import { logFor, type Context } from './context.js';
import { patch, type InstanceRuntime } from './runtime.js';

/** The kernel's INFINITY_LIFE_TIME: `preferred_lft forever`. */
const FOREVER = 0xffffffff;

export function addressSpec(a: IpAddress, config: VrrpInstance): AddressSpec {
  return {
    interface: a.dev ?? config.interface ?? '',
    family: a.family,
    address: a.address,
    prefixLength: a.prefixLength,
    ...(a.brd === undefined ? {} : { broadcast: a.brd }),
    ...(a.peer === undefined ? {} : { peer: a.peer }),
    ...(a.scope === undefined ? {} : { scope: a.scope }),
    ...(a.label === undefined ? {} : { label: a.label }),
    flags: a.flags,
    ...(a.preferredLft === undefined ? {} : { preferredLifetime: a.preferredLft === 'forever' ? FOREVER : a.preferredLft }),
  };
}

export function routeSpec(r: IpRoute): RouteSpec {
  return {
    family: r.family,
    destination: r.destination,
    type: r.type,
    ...(r.src === undefined ? {} : { src: r.src }),
    ...(r.via === undefined ? {} : { via: r.via }),
    ...(r.dev === undefined ? {} : { dev: r.dev }),
    ...(r.table === undefined ? {} : { table: r.table }),
    ...(r.scope === undefined ? {} : { scope: r.scope }),
    ...(r.metric === undefined ? {} : { metric: r.metric }),
    options: r.options.map((o) => ({ keyword: o.keyword, ...(o.value === undefined ? {} : { value: o.value }) })),
    nexthops: r.nexthops.map((n) => ({
      ...(n.via === undefined ? {} : { via: n.via }),
      ...(n.dev === undefined ? {} : { dev: n.dev }),
      ...(n.weight === undefined ? {} : { weight: n.weight }),
      onlink: n.onlink,
    })),
  };
}

export function ruleSpec(r: IpRule): RuleSpec {
  return {
    family: r.family,
    ...(r.from === undefined ? {} : { from: r.from }),
    ...(r.to === undefined ? {} : { to: r.to }),
    preference: r.preference,
    action: r.action,
    ...(r.actionValue === undefined ? {} : { actionValue: r.actionValue }),
    options: r.options.map((o) => ({ keyword: o.keyword, ...(o.value === undefined ? {} : { value: o.value }) })),
  };
}

/** keepalived vrrp_state_become_master: VIPs, then eVIPs, then routes, then rules. */
export function addVirtualAddresses(ctx: Context, inst: InstanceRuntime): InstanceRuntime {
  const c = inst.config;
  const instance = c.name;
  if (c.vips.length > 0) {
    logFor(ctx, inst, 'setting VIPs.');
    for (const a of c.vips) ctx.effects.push({ kind: 'AddAddress', instance, address: addressSpec(a, c) });
  }
  if (c.excludedVips.length > 0) {
    logFor(ctx, inst, 'setting E-VIPs.');
    for (const a of c.excludedVips) ctx.effects.push({ kind: 'AddAddress', instance, address: addressSpec(a, c) });
  }
  for (const r of c.routes) ctx.effects.push({ kind: 'AddRoute', instance, route: routeSpec(r) });
  for (const r of c.rules) ctx.effects.push({ kind: 'AddRule', instance, rule: ruleSpec(r) });
  return patch(inst, { vipsSet: true });
}

/**
 * keepalived vrrp_restore_interface: rules, then routes, then VIPs and eVIPs. `force` removes
 * them even when this run did not add them (at start-up, after a crash left them behind).
 */
export function removeVirtualAddresses(ctx: Context, inst: InstanceRuntime, force: boolean): InstanceRuntime {
  if (!inst.vipsSet && !force) return inst;
  const c = inst.config;
  const instance = c.name;
  for (const r of c.rules) ctx.effects.push({ kind: 'DeleteRule', instance, rule: ruleSpec(r) });
  for (const r of c.routes) ctx.effects.push({ kind: 'DeleteRoute', instance, route: routeSpec(r) });
  if (c.vips.length > 0) {
    logFor(ctx, inst, 'removing VIPs.');
    for (const a of c.vips) ctx.effects.push({ kind: 'DeleteAddress', instance, address: addressSpec(a, c) });
  }
  if (c.excludedVips.length > 0) {
    logFor(ctx, inst, 'removing E-VIPs.');
    for (const a of c.excludedVips) ctx.effects.push({ kind: 'DeleteAddress', instance, address: addressSpec(a, c) });
  }
  return patch(inst, { vipsSet: false });
}
