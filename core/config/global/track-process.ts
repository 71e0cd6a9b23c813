import type { ParseContext } from '../context.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { ProcessParamMatch, TrackProcess } from './model.js';
import { blockEndLoc, readDecimalSecondsOr, readIntegerOr } from './readers.js';
import type { GlobalSectionState } from './state.js';
import { UINT_MAX } from '../values.js';

/** `vrrp_track_process NAME { ... }` (keepalived/vrrp/vrrp_parser.c vrrp_tprocess_*_handler). */


interface ProcessDraft {
  process?: string;
  args?: readonly string[];
  paramMatch?: ProcessParamMatch;
  weight: number;
  weightReverse: boolean;
  quorum: number;
  quorumMax: number;
  forkDelayMicros: number;
  terminateDelayMicros: number;
  fullCommand: boolean;
}

function applyDelay(name: string, node: ConfigNode, d: ProcessDraft, sink: DiagnosticSink): void {
  const prefix = node.keyword === 'delay' ? '' : `${node.keyword.replace('_delay', '')}_`;
  const value = readDecimalSecondsOr(node, 0, 0.000001, 3600, 6, sink, (t) => `${prefix}delay (${t}) for vrrp_track_process ${name} must be between [0.000001..3600] inclusive. Ignoring...`);
  if (value === undefined) return;
  if (node.keyword !== 'fork_delay') d.terminateDelayMicros = value;
  if (node.keyword !== 'terminate_delay') d.forkDelayMicros = value;
}

function applyProcessKeyword(name: string, node: ConfigNode, d: ProcessDraft, sink: DiagnosticSink): void {
  switch (node.keyword) {
    case 'process': {
      const process = node.args[0];
      if (process === undefined) return;
      if (d.process !== undefined) {
        sink.error(`Process already set for track process ${name} - ignoring ${process}`, node.loc);
        return;
      }
      d.process = process;
      if (node.args.length > 1) {
        d.args = node.args.slice(1);
        d.paramMatch ??= 'exact';
        d.fullCommand = true;
      }
      return;
    }
    case 'param_match': {
      const type = node.args[0];
      if (type === undefined) d.paramMatch = 'exact';
      else if (type === 'initial' || type === 'partial') d.paramMatch = type;
      else {
        sink.error(`Invalid param_match type ${type} - ignoring`, node.loc);
        return;
      }
      d.fullCommand = true;
      return;
    }
    case 'weight': {
      if (node.args[0] === undefined) {
        sink.error(`No weight specified for track process ${name} - ignoring`, node.loc);
        return;
      }
      if (d.weight !== 0) {
        sink.error(`Weight already set for track process ${name} - ignoring ${node.args[0]}`, node.loc);
        return;
      }
      const value = readIntegerOr(node, 0, -254, 254, sink, (t) => `Weight (${t}) for vrrp_track_process ${name} must be between [-254..254] inclusive. Ignoring...`);
      if (value === undefined) return;
      const option = node.args[1];
      if (option === 'reverse') d.weightReverse = true;
      else if (option !== undefined) sink.error(`vrrp_track_process ${name} unknown weight option ${option}`, node.loc);
      d.weight = value;
      return;
    }
    case 'quorum': {
      const value = readIntegerOr(node, 0, 1, 65535, sink, (t) => `Quorum (${t}) for vrrp_track_process ${name} must be between [1..65535] inclusive. Ignoring...`);
      if (value === undefined) return;
      if (value > d.quorumMax) sink.error('Quorum is greater than quorum_max - ignoring', node.loc);
      else d.quorum = value;
      return;
    }
    case 'quorum_max': {
      const value = readIntegerOr(node, 0, 0, 65535, sink, (t) => `quorum_max (${t}) for vrrp_track_process ${name} must be between [0..65535] inclusive. Ignoring...`);
      if (value === undefined) return;
      // quorum_max 0 (process must NOT run) is allowed when quorum was not raised.
      if ((value !== 0 || d.quorum > 1) && value < d.quorum) {
        sink.error('quorum_max is less than quorum - ignoring', node.loc);
        return;
      }
      d.quorumMax = value;
      if (value === 0) d.quorum = 0;
      else if (d.quorum === 0) d.quorum = 1;
      return;
    }
    case 'delay':
    case 'terminate_delay':
    case 'fork_delay':
      applyDelay(name, node, d, sink);
      return;
    case 'full_command':
      d.fullCommand = true;
      return;
    default:
      sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
  }
}

export function parseTrackProcess(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  const name = node.args[0];
  if (name === undefined) {
    sink.error('vrrp_track_process must have a name - skipping', node.loc);
    return;
  }
  if (node.children === undefined) {
    sink.error(`Missing '{' at start of vrrp_track_process block`, node.loc);
    return;
  }
  const d: ProcessDraft = { weight: 0, weightReverse: false, quorum: 1, quorumMax: UINT_MAX, forkDelayMicros: 0, terminateDelayMicros: 0, fullCommand: false };
  for (const child of node.children) applyProcessKeyword(name, child, d, sink);
  if (d.process === undefined) {
    sink.error(`track process '${name}' process name not specified`, blockEndLoc(node));
    return;
  }
  const result: TrackProcess = {
    name,
    process: d.process,
    ...(d.args === undefined ? {} : { args: d.args }),
    paramMatch: d.paramMatch ?? 'exact',
    weight: d.weight,
    weightReverse: d.weightReverse,
    quorum: d.quorum,
    quorumMax: d.quorumMax,
    forkDelayMicros: d.forkDelayMicros,
    terminateDelayMicros: d.terminateDelayMicros,
    fullCommand: d.fullCommand,
    loc: node.loc,
  };
  state.trackProcesses.push(result);
  if (!ctx.defined.trackProcesses.has(name)) ctx.defined.trackProcesses.set(name, { weight: result.weight, reverse: result.weightReverse });
}
