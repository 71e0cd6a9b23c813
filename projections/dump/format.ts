// Small formatting pieces shared by the keepalived dumps: printf conversions, state names, script
// command lines and the uid:gid a script runs as.
import type { GlobalConfig } from '../../core/config/global/model.js';
import type { NotifyKind, NotifyScript } from '../../core/config/vrrp/model.js';
import type { InstanceState } from '../../core/events/index.js';
import type { WantState } from '../../core/instance/runtime.js';

/** C printf "%f": six decimals. */
export function printfF(x: number): string {
  return x.toFixed(6);
}

/** C printf "%g" with the default precision of 6 significant digits. */
export function printfG(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  // C99 7.19.6.1: X is the exponent "%e" would print; %f with P-1-X decimals if -4 <= X < P.
  const [mantissa = '', exp = '0'] = x.toExponential(5).split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    return `${stripZeros(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return stripZeros(x.toFixed(5 - exponent));
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Whole seconds of a µs duration, as keepalived's `x / TIMER_HZ` integer division. */
export function wholeSeconds(micros: number): number {
  return Math.trunc(micros / 1_000_000);
}

/** keepalived vrrp_data.c get_state_str: anything but the four RFC/internal states is "unknown". */
export function stateName(state: InstanceState | WantState): string {
  switch (state) {
    case 'init':
      return 'INIT';
    case 'backup':
      return 'BACKUP';
    case 'master':
      return 'MASTER';
    case 'fault':
      return 'FAULT';
    case 'stop':
    case 'deleted':
      return 'unknown';
  }
}

/** include/vrrp.h VRRP_STATE_*: the numbers the JSON dump uses. */
export function stateNumber(state: InstanceState | WantState): number {
  switch (state) {
    case 'init':
      return 0;
    case 'backup':
      return 1;
    case 'master':
      return 2;
    case 'fault':
      return 3;
    case 'deleted':
      return 97;
    case 'stop':
      return 98;
  }
}

/**
 * keepalived notify.c cmd_str: every argument in single quotes, separated by spaces. keepalived
 * prints argv[0] after resolving it (realpath); Vigil's config keeps it as written.
 */
export function commandText(argv: readonly string[]): string {
  return argv.map((a) => `'${a}'`).join(' ');
}

export interface Identity {
  readonly uid: number;
  readonly gid: number;
}

/** User (and group) name → uid:gid, e.g. adapters/scripts/users.ts resolveIdentity. */
export type IdentityLookup = (user: string, group?: string) => Identity | undefined;

/** Without a lookup only root and numeric ids are known. */
export const rootOnlyLookup: IdentityLookup = (user, group) => {
  const uid = user === 'root' ? 0 : /^\d+$/.test(user) ? Number(user) : undefined;
  if (uid === undefined) return undefined;
  if (group === undefined) return { uid, gid: uid };
  const gid = group === 'root' ? 0 : /^\d+$/.test(group) ? Number(group) : undefined;
  return gid === undefined ? undefined : { uid, gid };
};

/** How a script's user is printed: "uid:gid", or the names when the lookup does not know them. */
export function identityText(identity: Identity | undefined, user: string, group: string | undefined): string {
  return identity === undefined ? `${user}:${group ?? user}` : `${identity.uid}:${identity.gid}`;
}

/**
 * keepalived notify.c set_default_script_user: script_user, else keepalived_script if it exists,
 * else root.
 */
export function defaultScriptIdentity(global: GlobalConfig, lookup: IdentityLookup): string {
  const configured = global.scriptUser;
  if (configured !== undefined) return identityText(lookup(configured.user, configured.group), configured.user, configured.group);
  const identity = lookup('keepalived_script') ?? { uid: 0, gid: 0 };
  return identityText(identity, 'keepalived_script', undefined);
}

/** The uid:gid of a script with its own `user`, else the default script user's. */
export function scriptIdentity(
  script: { readonly user?: string | undefined; readonly group?: string | undefined },
  global: GlobalConfig,
  lookup: IdentityLookup,
): string {
  if (script.user === undefined) return defaultScriptIdentity(global, lookup);
  return identityText(lookup(script.user, script.group), script.user, script.group);
}

/** dump_notify_script: "   Master state transition script = 'cmd' 'arg', uid:gid 0:0". */
export function notifyScriptLines(
  scripts: readonly NotifyScript[],
  order: readonly (readonly [NotifyKind, string])[],
  global: GlobalConfig,
  lookup: IdentityLookup,
): string[] {
  const lines: string[] = [];
  for (const [kind, label] of order) {
    const script = scripts.find((s) => s.kind === kind);
    if (script === undefined) continue;
    lines.push(`   ${label} state transition script = ${commandText(script.argv)}, uid:gid ${scriptIdentity(script, global, lookup)}`);
  }
  return lines;
}

export function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

export function trueFalse(b: boolean): string {
  return b ? 'true' : 'false';
}

export function enabledDisabled(b: boolean): string {
  return b ? 'enabled' : 'disabled';
}
