import type { ParseContext } from '../context.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import { readInteger } from '../values.js';
import type { TrackFile } from './model.js';
import { blockEndLoc, readIntegerOr } from './readers.js';
import type { GlobalSectionState } from './state.js';

/**
 * `track_file NAME { file PATH  weight N [reverse]  init_file [VALUE] [overwrite] }`
 * and its deprecated alias `vrrp_track_file` (keepalived/trackers/track_file.c).
 */

interface FileDraft {
  file?: string;
  weight: number;
  weightReverse: boolean;
  initFile?: { value: number; overwrite: boolean };
}

function applyFileKeyword(name: string, node: ConfigNode, d: FileDraft, sink: DiagnosticSink): void {
  switch (node.keyword) {
    case 'file': {
      const path = node.args[0];
      if (path === undefined) sink.error('track file file name missing', node.loc);
      else if (d.file !== undefined) sink.error(`File already set for track file ${name} - ignoring ${path}`, node.loc);
      else d.file = path;
      return;
    }
    case 'weight': {
      if (node.args[0] === undefined) {
        sink.error(`No weight specified for track file ${name} - ignoring`, node.loc);
        return;
      }
      // keepalived tells "already set" by the weight differing from its default of 1.
      if (d.weight !== 1) {
        sink.error(`Weight already set for track file ${name} - ignoring ${node.args[0]}`, node.loc);
        return;
      }
      d.weight = readIntegerOr(node, 0, -254, 254, sink, (t) => `Weight (${t}) for track_file ${name} must be between [-254..254] inclusive. Ignoring...`) ?? 1;
      const option = node.args[1];
      if (option === 'reverse') d.weightReverse = true;
      else if (option !== undefined) sink.error(`track_file ${name} unknown weight option ${option}`, node.loc);
      return;
    }
    case 'init_file': {
      const init = { value: 0, overwrite: false };
      for (const word of node.args) {
        if (/^[\d-]/.test(word)) {
          const value = readInteger(word, -2147483648, 2147483647, node.loc, sink);
          if (value === undefined) {
            sink.error(`Track file ${name} init value ${word} is invalid`, node.loc);
            init.value = 0;
            continue;
          }
          if (value < -254 || value > 254) sink.error(`Track file ${name} init value ${value} is outside sensible range [-254, 254]`, node.loc);
          init.value = value;
        } else if (word === 'overwrite') {
          init.overwrite = true;
        } else {
          sink.error(`Unknown track file init option ${word}`, node.loc);
        }
      }
      d.initFile = init;
      return;
    }
    default:
      sink.error(`Unknown keyword '${node.keyword}'`, node.loc);
  }
}

export function parseTrackFile(node: ConfigNode, ctx: ParseContext, state: GlobalSectionState): void {
  const { sink } = ctx;
  if (node.keyword === 'vrrp_track_file') {
    // keepalived: log_message only (deprecated after v2.0.20).
    sink.warning('"vrrp_track_file" is deprecated, please use "track_file"', node.loc);
  }
  const name = node.args[0];
  if (name === undefined) {
    sink.error(`${node.keyword} must have a name - skipping`, node.loc);
    return;
  }
  if (node.children === undefined) {
    sink.error(`Missing '{' at start of ${node.keyword} block`, node.loc);
    return;
  }
  const d: FileDraft = { weight: 1, weightReverse: false };
  for (const child of node.children) applyFileKeyword(name, child, d, sink);
  if (d.file === undefined) {
    sink.error(`No file set for track_file ${name} - ignoring`, blockEndLoc(node));
    return;
  }
  const result: TrackFile = {
    name,
    file: d.file,
    weight: d.weight,
    weightReverse: d.weightReverse,
    ...(d.initFile === undefined ? {} : { initFile: d.initFile }),
    loc: node.loc,
  };
  state.trackFiles.push(result);
  if (!ctx.defined.trackFiles.has(name)) ctx.defined.trackFiles.set(name, { weight: result.weight, reverse: result.weightReverse });
}
