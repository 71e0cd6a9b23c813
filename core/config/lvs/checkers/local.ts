import { blockOf } from '../../blocks.js';
import type { ConfigNode } from '../../syntax.js';
import type { CheckerDraft } from '../drafts.js';
import { newTimingDraft } from '../drafts.js';
import { readSigned, readUnsigned, trueFalse } from '../numbers.js';
import { commandText, scriptRef, withUser } from '../script-argv.js';
import { applyCommonKeyword, type CommonTarget } from './common.js';
import type { CheckerContext } from './context.js';

/**
 * The checkers that do not open a connection: MISC_CHECK (a script),
 * FILE_CHECK (a track_file) and BFD_CHECK (a bfd_instance)
 * (keepalived check_misc.c, check_file.c, check_bfd.c).
 */

type MiscDraft = Extract<CheckerDraft, { kind: 'MISC_CHECK' }>;

/** UINT_MAX / TIMER_HZ: the largest misc_timeout in seconds. */
const MISC_TIMEOUT_MAX_SECONDS = 4294;
/** IPVS_WEIGHT_LIMIT (INT_MAX). */
const WEIGHT_LIMIT = 2147483647;
/** BFD_INAME_MAX - 1. */
const BFD_NAME_MAX = 31;

export function parseMiscCheck(node: ConfigNode, context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  const draft: MiscDraft = {
    kind: 'MISC_CHECK',
    loc: node.loc,
    alpha: undefined,
    logAllFailures: false,
    ...newTimingDraft(),
    script: undefined,
    timeoutMicros: undefined,
    dynamic: false,
    user: undefined,
  };
  const target: CommonTarget = { timing: draft, connection: undefined, alpha: undefined, logAllFailures: false };
  for (const child of blockOf(node, sink)) {
    switch (child.keyword) {
      case 'misc_path':
        draft.script = child.args.length === 0 ? undefined : scriptRef(child.args, child.loc, 'MISC_CHECK script');
        break;
      case 'misc_timeout': {
        const seconds = readUnsigned(child.args[0], 0, MISC_TIMEOUT_MAX_SECONDS, child.loc, sink);
        if (seconds === undefined) sink.error(`Invalid misc_timeout value '${child.args[0] ?? ''}'`, child.loc);
        else draft.timeoutMicros = seconds * 1_000_000;
        break;
      }
      case 'misc_dynamic':
        draft.dynamic = true;
        break;
      case 'user': {
        const [user, group] = child.args;
        if (user === undefined) sink.error(`No user specified for misc checker script ${commandText(draft.script?.argv ?? [])}`, child.loc);
        else draft.user = { user, group };
        break;
      }
      default:
        if (!applyCommonKeyword(child, target, sink)) sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    }
  }
  draft.alpha = target.alpha;
  draft.logAllFailures = target.logAllFailures;
  if (draft.script === undefined) {
    sink.error('No script path has been specified for MISC_CHECKER - skipping', node.loc);
    return [];
  }
  // The user is checked against the machine later (environment checks), so it lives on the ScriptRef.
  if (draft.user !== undefined) draft.script = withUser(draft.script, draft.user);
  return [draft];
}

type FileDraft = Extract<CheckerDraft, { kind: 'FILE_CHECK' }>;

export function parseFileCheck(node: ConfigNode, context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  const draft: FileDraft = { kind: 'FILE_CHECK', loc: node.loc, alpha: false, logAllFailures: false, trackFile: undefined, weight: undefined, reverse: false };
  for (const child of blockOf(node, sink)) {
    if (child.keyword === 'track_file') {
      const name = child.args[0] ?? '';
      // keepalived resolves the name at parse time, against track_file blocks read so far.
      if (context.parse.defined.trackFiles.has(name)) draft.trackFile = name;
      else sink.error(`track_file ${name} not found`, child.loc);
    } else if (child.keyword === 'weight') {
      if (child.args.length === 0) {
        sink.error('track file weight missing', child.loc);
        continue;
      }
      const weight = readSigned(child.args[0], -WEIGHT_LIMIT, WEIGHT_LIMIT, child.loc, sink);
      if (weight === undefined) {
        sink.error(`weight for track file must be in [${-WEIGHT_LIMIT}..${WEIGHT_LIMIT}] inclusive. Ignoring...`, child.loc);
        continue;
      }
      const option = child.args[1];
      if (option !== undefined && option !== 'reverse' && option !== 'noreverse') {
        sink.error(`unknown track file weight option ${option} - ignoring`, child.loc);
        continue;
      }
      draft.weight = weight;
      draft.reverse = option === 'reverse';
    } else {
      sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    }
  }
  if (draft.trackFile === undefined) {
    sink.error('FILE_CHECK has no track_file specified - ignoring', node.loc);
    return [];
  }
  // Without its own weight the checker takes the track_file's weight and reverse.
  if (draft.weight === undefined) {
    const defaults = context.parse.defined.trackFiles.get(draft.trackFile);
    draft.weight = defaults?.weight ?? 1;
    draft.reverse = defaults?.reverse ?? false;
  }
  return [draft];
}

type BfdDraft = Extract<CheckerDraft, { kind: 'BFD_CHECK' }>;

export function parseBfdCheck(node: ConfigNode, context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  sink.report('notImplemented', 'BFD_CHECK', node.loc);
  const draft: BfdDraft = { kind: 'BFD_CHECK', loc: node.loc, alpha: undefined, logAllFailures: false, bfdName: undefined };
  for (const child of blockOf(node, sink)) {
    if (child.keyword === 'name') {
      const name = child.args[0] ?? '';
      const rs = context.realServerLabel();
      let problem: string | undefined;
      if (child.args.length !== 1) problem = `(${rs}) BFD_CHECK - No or too many names specified - skipping checker`;
      else if (!context.parse.defined.bfdInstances.has(name)) problem = `(${rs}) BFD_CHECK - BFD ${name} not configured`;
      else if (draft.bfdName !== undefined) problem = `(${rs}) BFD_CHECK - BFD ${name} already specified as ${draft.bfdName}`;
      else if (name.length > BFD_NAME_MAX) problem = `(${rs}) BFD_CHECK - BFD name ${name} too long`;
      else if (context.monitoredBfds.has(name)) problem = `(${rs}) BFD_CHECK - RS already monitoring ${name}`;
      if (problem !== undefined) {
        // keepalived drops the checker and ignores the rest of its block.
        sink.error(problem, child.loc);
        return [];
      }
      draft.bfdName = name;
    } else if (child.keyword === 'alpha') {
      const value = trueFalse(child.args[0]);
      if (value === undefined) sink.error(`Invalid alpha parameter ${child.args[0] ?? ''}`, child.loc);
      else draft.alpha = value;
    } else {
      sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    }
  }
  if (draft.bfdName === undefined) {
    sink.error(`(${context.realServerLabel()}) No name has been specified for BFD_CHECKER - skipping`, node.loc);
    return [];
  }
  return [draft];
}
