import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { lineWords } from './address.js';
import { parsePrefix } from './ip.js';
import type { AddressFamily, IpRule, RouteOption } from './model.js';

/**
 * One rule line of virtual_rules / static_rules (keepalived vrrp_iprule.c
 * alloc_rule): `ip rule add` syntax plus no_track / track_group.
 */

const ACTIONS = new Set(['nop', 'blackhole', 'prohibit', 'unreachable', 'l3mdev']);
const TABLE_NAMES = new Set(['main', 'local', 'default']);
const VALUED = new Set(['iif', 'dev', 'oif', 'tos', 'dsfield', 'fwmark', 'realms', 'suppress_prefixlength', 'sup_pl',
  'suppress_ifgroup', 'sup_group', 'uidrange', 'protocol', 'ipproto', 'sport', 'dport', 'tunnel-id', 'track_group']);

/**
 * keepalived numbers rules without a preference downwards from 16384 in the order
 * it parses them, static and virtual alike ("setting to 16384", then 16383 ...).
 */
export interface RuleNumbering {
  next: number;
}

export function newRuleNumbering(): RuleNumbering {
  return { next: 16384 };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function parseRuleLine(node: ConfigNode, sink: DiagnosticSink, numbering: RuleNumbering): IpRule | undefined {
  const words = lineWords(node);
  const options: RouteOption[] = [];
  const rule: Mutable<IpRule> = { family: 'inet', preference: 0, preferenceAssigned: false, action: '', options, noTrack: false, loc: node.loc };
  let family: AddressFamily | undefined;
  let preference: number | undefined;
  const fail = (message: string): undefined => {
    sink.error(message, node.loc);
    return undefined;
  };
  const setAction = (action: string, value?: string): boolean => {
    if (rule.action !== '') {
      sink.error('Cannot specify more than one of table/nop/goto/blackhole/prohibit/unreachable/l3mdev for rule', node.loc);
      return false;
    }
    rule.action = action;
    if (value !== undefined) rule.actionValue = value;
    return true;
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === 'no_track') {
      rule.noTrack = true;
      continue;
    }
    if (word === 'not') {
      options.push({ keyword: 'not' });
      continue;
    }
    if (word === 'inet' || word === 'inet6') {
      if (family !== undefined && family !== word) { fail(word === 'inet' ? 'inet specified for IPv6 rule' : 'inet6 specified for IPv4 rule'); return; }
      family = word;
      continue;
    }
    if (ACTIONS.has(word)) {
      if (!setAction(word)) return undefined;
      continue;
    }
    const value = words[i + 1];
    if (word === 'from' || word === 'to') {
      i++;
      const text = value ?? '';
      const prefix = text === 'all' ? undefined : parsePrefix(text);
      if (text !== 'all' && (prefix === undefined || prefix.badLength !== undefined)) {
        sink.error(`VRRP parsed invalid IP ${text}. skipping IP...`, node.loc);
        fail(`Invalid rule ${word} address ${text}`); return;
      }
      if (prefix !== undefined) {
        if (family !== undefined && family !== prefix.family) { fail('rule specification has mixed IPv4 and IPv6'); return; }
        family = prefix.family;
      }
      rule[word] = text;
      continue;
    }
    if (word === 'table' || word === 'lookup') {
      i++;
      if (value === undefined) { fail(`No ${word} parameter specified for rule`); return; }
      if (value === '0') { fail('Table 0 is not valid'); return; }
      if (!TABLE_NAMES.has(value) && !/^\d+$/.test(value)) { fail(`Routing table ${value} not found for rule`); return; }
      if (!setAction('table', value)) return undefined;
      continue;
    }
    if (word === 'goto') {
      i++;
      if (value === undefined || !/^\d+$/.test(value)) { fail(`Invalid target ${value ?? ''} specified`); return; }
      if (!setAction('goto', value)) return undefined;
      continue;
    }
    if (word === 'preference' || word === 'priority' || word === 'order' || word === 'pref' || word === 'prio') {
      i++;
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 0xffffffff) { fail(`Invalid rule preference ${value ?? ''} specified`); return; }
      preference = Number(value);
      continue;
    }
    if (VALUED.has(word)) {
      i++;
      if (value === undefined) { fail(`No ${word} parameter specified for rule`); return; }
      if (word === 'fwmark' && !/^(0x[0-9a-f]+|\d+)(\/(0x[0-9a-f]+|\d+))?$/i.test(value)) { fail(`Invalid rule fwmark ${value} specified`); return; }
      if (word === 'track_group') rule.trackGroup = value;
      else options.push({ keyword: word === 'dev' ? 'iif' : word, value });
      continue;
    }
    fail(`Unknown rule option ${word}`); return;
  }

  if (rule.action === '') { fail('No action specified for rule - ignoring'); return; }
  if (rule.action === 'goto' && preference !== undefined && preference >= Number(rule.actionValue)) {
    fail(`Invalid rule - preference ${preference} >= goto target ${rule.actionValue ?? ''}`); return;
  }
  if (preference === undefined) {
    preference = numbering.next--;
    rule.preferenceAssigned = true;
    sink.error(`Rule has no preference specified - setting to ${preference}. This is probably not what you want.`, node.loc);
  }
  rule.preference = preference;
  rule.family = family ?? 'inet';
  return rule;
}
