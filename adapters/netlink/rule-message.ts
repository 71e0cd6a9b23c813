// RuleSpec -> the fib_rule_hdr and FRA_* attributes of RTM_NEWRULE / RTM_DELRULE, as
// `ip rule add|del` (ip/iprule.c) and keepalived's vrrp_iprule.c build them.
import type { rt } from 'netlink';
import type { RuleSpec } from '../../core/events/index.js';
import { familyNumber, invalid, prefixOf, tableNumber } from './wire-values.js';

export interface RuleMessage {
  readonly data: rt.Rule;
  readonly attrs: rt.RuleAttrs;
}

const ACTIONS: Readonly<Record<string, keyof typeof rt.RuleAction>> = {
  table: 'toTbl', goto: 'goto', nop: 'nop', blackhole: 'blackhole', unreachable: 'unreachable', prohibit: 'prohibit',
};

function numberOption(keyword: string, value: string | undefined): number {
  if (value === undefined || !/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) throw invalid(`rule ${keyword} needs a number, got ${value ?? 'nothing'}`);
  return Number(value);
}

/** The selectors beyond from/to that are simple attributes; the rest are refused until implemented. */
function applyOptions(spec: RuleSpec, data: rt.Rule, attrs: rt.RuleAttrs): void {
  for (const { keyword, value } of spec.options) {
    switch (keyword) {
      case 'iif':
      case 'dev':
        if (value === undefined) throw invalid(`rule ${keyword} needs an interface`);
        attrs.iifname = value;
        break;
      case 'oif':
        if (value === undefined) throw invalid('rule oif needs an interface');
        attrs.oifname = value;
        break;
      case 'fwmark': {
        const [mark, mask] = (value ?? '').split('/');
        attrs.fwmark = numberOption('fwmark', mark);
        if (mask !== undefined) attrs.fwmask = numberOption('fwmark mask', mask);
        break;
      }
      case 'tos':
      case 'dsfield':
        data.tos = numberOption(keyword, value);
        break;
      default:
        throw invalid(`rule option ${keyword} is not supported yet`);
    }
  }
}

function ruleMessage(spec: RuleSpec): RuleMessage {
  const action = ACTIONS[spec.action];
  if (action === undefined) throw invalid(`rule action ${spec.action} is not supported yet`);
  const data: rt.Rule = { family: familyNumber(spec.family), action };
  const attrs: rt.RuleAttrs = { priority: spec.preference };
  if (spec.from !== undefined) {
    const from = prefixOf(spec.family, spec.from);
    data.srcLen = from.length;
    if (from.length > 0) attrs.src = from.bytes;
  }
  if (spec.to !== undefined) {
    const to = prefixOf(spec.family, spec.to);
    data.dstLen = to.length;
    if (to.length > 0) attrs.dst = to.bytes;
  }
  if (spec.action === 'table') {
    const table = tableNumber(spec.actionValue ?? 'main');
    // fib_rule_hdr.table is a u8: a bigger id goes in FRA_TABLE only (ip/iprule.c).
    data.table = table < 256 ? table : 0;
    attrs.table = table;
  }
  if (spec.action === 'goto') attrs.goto = numberOption('goto', spec.actionValue);
  applyOptions(spec, data, attrs);
  return { data, attrs };
}

export const newRuleMessage = ruleMessage;
/** RTM_DELRULE matches on every selector given (fib_nl_delrule rule_find), so it carries the same. */
export const delRuleMessage = ruleMessage;
