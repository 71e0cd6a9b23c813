// Bringing the kernel in line with one virtual server's desired table, at the points where
// keepalived issues its ipvs_cmd calls, so IPVS effects come in keepalived's order among the
// logs and notifies.
import type { LvsContext } from './context.js';
import { desiredForVirtualServer } from './desired.js';
import { diffTables } from './diff.js';
import type { VirtualServerRuntime } from './state.js';

/** Emits what changes the kernel from `installed` to the desired table; nothing before the table is known. */
export function syncKernel(ctx: LvsContext, vs: VirtualServerRuntime): VirtualServerRuntime {
  if (vs.installed === undefined) return vs;
  const desired = desiredForVirtualServer(vs);
  const effects = diffTables(vs.installed, desired);
  if (effects.length === 0) return vs;
  ctx.effects.push(...effects);
  return { ...vs, installed: desired };
}
