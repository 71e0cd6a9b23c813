// AdvertReceived: to the instance keepalived's socket dispatch would hand it to.
import type { AdvertReceived } from '../events/index.js';
import { log, type Context } from '../instance/context.js';
import { onAdvert } from '../instance/receive.js';
import { IPPROTO_AH, IPSEC_AH_LENGTH, VRRP_HEADER_LENGTH } from '../vrrp/index.js';
import { updateInstance } from './context.js';
import { dispatchKey, type DropReason, type VigilState } from './state.js';

function drop(state: VigilState, reason: DropReason): VigilState {
  return { ...state, dropped: { ...state.dropped, [reason]: state.dropped[reason] + 1 } };
}

export function onAdvertReceived(state: VigilState, ctx: Context, e: AdvertReceived): VigilState {
  // keepalived vrrp_get_header: IP header, AH if present, and a whole VRRP header, or nothing.
  const offset = e.family === 'inet' && e.ipProtocol === IPPROTO_AH ? IPSEC_AH_LENGTH : 0;
  if (e.payload.length < offset + VRRP_HEADER_LENGTH) return drop(state, 'truncated');
  const vrid = e.payload[offset + 1] ?? 0;
  const index = state.dispatch.get(dispatchKey(e.interface, e.family, vrid));
  if (index === undefined) {
    if (ctx.config.global.logUnknownVrids) log(ctx, `Unknown VRID(${vrid}) received on interface(${e.interface}). ignoring...`);
    return drop(state, 'unknownVrid');
  }
  return updateInstance(state, ctx, index, (inst) => onAdvert(ctx, inst, e));
}
