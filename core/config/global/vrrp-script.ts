import type { ParseContext } from '../context.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { readInteger } from '../values.js';
import type { ScriptCommand, VrrpScript } from './model.js';
import { blockEndLoc, readDecimalSecondsOr, readIntegerOr } from './readers.js';
import { splitScriptArgs, splitUserGroup } from '../script-argv.js';
import type { GlobalSectionState } from './state.js';

/**
 * `vrrp_script NAME { ... }` (keepalived/vrrp/vrrp_parser.c vrrp_vscript_*_handler,
 * messages observed on 2.2.7). A script without `script` is removed at the end
 * of its block and never becomes visible to track_script.
 */

const SECOND = 1_000_000;
const MAX_SECONDS = Math.floor(4294967295 / SECOND);

/**
 * 2.2.7 reads interval/timeout as whole seconds; keepalived HEAD accepts
 * decimals. Whole numbers get 2.2.7's messages, decimals are accepted too.
 */
function readScriptSeconds(node: ConfigNode, sink: DiagnosticSink, handlerMessage: (t: string) => string): number | undefined {
  const text = node.args[0];
  if (text !== undefined && /^\d*\.\d*$/.test(text) && text !== '.') {
    return readDecimalSecondsOr(node, 0, 0, MAX_SECONDS, 6, sink, handlerMessage);
  }
  const seconds = readIntegerOr(node, 0, 0, MAX_SECONDS, sink, handlerMessage);
  return seconds === undefined ? undefined : seconds * SECOND;
}

interface ScriptDraft {
  script?: ScriptCommand;
  user?: string;
  group?: string;
  intervalMicros: number;
  timeoutMicros?: number;
  weight: number;
  weightReverse: boolean;
  rise: number;
  fall: number;
  initFail: boolean;
}

function applyScriptKeyword(name: string, node: ConfigNode, d: ScriptDraft, sink: DiagnosticSink): void {
  switch (node.keyword) {
    case 'script': {
      const text = node.args[0];
      if (text === undefined) return;
      // keepalived re-reads the line and keeps only the first (quoted) word: an
      // unquoted `script /bin/x arg` runs /bin/x without arg (observed 2.2.7).
      if (node.args.length > 1) {
        sink.warning(`vrrp_script ${name}: only '${text}' is run - quote the whole command to pass '${node.args.slice(1).join(' ')}'`, node.loc);
      }
      d.script = { text, argv: splitScriptArgs(text), loc: node.loc };
      return;
    }
    case 'interval': {
      const value = readScriptSeconds(node, sink, (t) => `(${name}): vrrp script interval '${t}' must be between 1 and ${MAX_SECONDS} - ignoring`);
      if (value === undefined) return;
      if (value === 0) sink.error(`(${name}): vrrp script interval must be greater than 0, setting to 1`, node.loc);
      d.intervalMicros = value === 0 ? SECOND : value;
      return;
    }
    case 'timeout': {
      const value = readScriptSeconds(node, sink, (t) => `(${name}): vrrp script timeout '${t}' invalid - ignoring`);
      if (value === undefined) return;
      if (value === 0) sink.error(`(${name}): vrrp script timeout must be greater than 0, setting to 1`, node.loc);
      d.timeoutMicros = value === 0 ? SECOND : value;
      return;
    }
    case 'weight': {
      const value = readIntegerOr(node, 0, -253, 253, sink, (t) => `vrrp_script ${name} weight ${t} must be in [-253, 253]`);
      if (value !== undefined) d.weight = value;
      const option = node.args[1];
      if (option === 'reverse') d.weightReverse = true;
      else if (option !== undefined) sink.error(`vrrp_script ${name} unknown weight option ${option}`, node.loc);
      return;
    }
    case 'rise':
    case 'fall': {
      const text = node.args[0];
      const value = text === undefined ? undefined : readInteger(text, 1, 2147483647, node.loc, sink);
      if (value === undefined) sink.error(`(${name}): vrrp script ${node.keyword} value '${text ?? ''}' invalid, defaulting to 1`, node.loc);
      d[node.keyword] = value ?? 1;
      return;
    }
    case 'user': {
      if (node.args[0] === undefined) {
        sink.error(`vrrp_script ${name}: user requires a user name`, node.loc);
        return;
      }
      // Whether the user exists is a fact of the machine: checkScriptSecurity reports it.
      const { user, group } = splitUserGroup(node.args);
      if (user !== undefined) d.user = user;
      if (group !== undefined) d.group = group;
      return;
    }
    case 'init_fail':
      d.initFail = true;
      return;
    default:
      sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
  }
}

export function parseVrrpScript(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  const name = node.args[0];
  if (name === undefined) {
    sink.error('vrrp_script must have a name - skipping', node.loc);
    return;
  }
  if (node.children === undefined) {
    sink.error(`Missing '{' at start of vrrp_script block`, node.loc);
    return;
  }
  const d: ScriptDraft = { intervalMicros: SECOND, weight: 0, weightReverse: false, rise: 1, fall: 1, initFail: false };
  for (const child of node.children) applyScriptKeyword(name, child, d, sink);

  if (d.script === undefined || d.script.argv.length === 0) {
    sink.error(`No script set for vrrp_script ${name} - removing`, blockEndLoc(node));
    return;
  }
  const script: ScriptCommand = {
    ...d.script,
    ...(d.user === undefined ? {} : { user: d.user }),
    ...(d.group === undefined ? {} : { group: d.group }),
  };
  const result: VrrpScript = {
    name,
    script,
    intervalMicros: d.intervalMicros,
    // keepalived: a script without timeout may run for a whole interval.
    timeoutMicros: d.timeoutMicros ?? d.intervalMicros,
    weight: d.weight,
    weightReverse: d.weightReverse,
    rise: d.rise,
    fall: d.fall,
    initFail: d.initFail,
    loc: node.loc,
  };
  if (ctx.defined.vrrpScripts.has(name)) {
    // keepalived keeps both; track_script finds the first (find_script_by_name).
    sink.warning(`vrrp_script ${name} already defined - track_script uses the first definition`, node.loc);
    state.vrrpScripts.push(result);
    return;
  }
  state.vrrpScripts.push(result);
  ctx.defined.vrrpScripts.set(name, { weight: result.weight, reverse: result.weightReverse });
}
