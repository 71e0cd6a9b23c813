import type { KeywordTable } from '../blocks.js';
import type { ProcessRole } from './model.js';
import { readNotifyScript } from './script-command.js';
import { boolSetting, flag, globalBoolMessage, type GlobalDefsTarget, type GlobalHandler } from './global-defs-target.js';
import { notImplemented, readIntegerOr } from './readers.js';

/**
 * global_defs keywords about keepalived's own processes and files
 * (keepalived/core/global_parser.c, 2.2.7 and HEAD).
 */

// Linux TASK_COMM_LEN: process names longer than 15 characters are truncated.
const TASK_COMM_LEN = 16;

type NameField = 'processName' | 'vrrpProcessName' | 'checkerProcessName' | 'bfdProcessName';

function saveProcessName(field: NameField, fixed?: string): GlobalHandler {
  return (node, { draft, sink }) => {
    const name = fixed ?? node.args[0];
    if (name === undefined) {
      sink.error('Process name missing', node.loc);
      return;
    }
    let value = name;
    if (name.length >= TASK_COMM_LEN) {
      sink.error(`Process name ${name} more than ${TASK_COMM_LEN - 1} characters, truncating`, node.loc);
      value = name.slice(0, TASK_COMM_LEN - 1);
    }
    draft[field] = value;
  };
}

// keepalived global_parser.c get_priority / get_realtime_priority / get_cpu_affinity / get_rt_rlimit.
function processTuningKeywords(role: ProcessRole): Record<string, GlobalHandler> {
  const priority: GlobalHandler = (node, { draft, sink }) => {
    if (node.args[0] === undefined) {
      sink.error(`No ${role} process priority specified`, node.loc);
      return;
    }
    const value = readIntegerOr(node, 0, -20, 19, sink, () => `Invalid ${role} process priority specified`);
    if (value !== undefined) draft.processTuning[role].priority = value;
    notImplemented(node, sink);
  };
  const rtPriority: GlobalHandler = (node, { draft, sink }) => {
    if (node.args[0] === undefined) {
      sink.error(`No ${role} process real-time priority specified`, node.loc);
      return;
    }
    const raw = readIntegerOr(node, 0, -2147483648, 2147483647, sink, (t) => `${role} process real-time priority '${t}' invalid`);
    if (raw === undefined) return;
    // sched_get_priority_min/max(SCHED_RR) on Linux: 1..99.
    let value = raw;
    if (raw < 1) {
      sink.error(`${role} process real-time priority ${raw} less than minimum 1 - setting to minimum`, node.loc);
      value = 1;
    } else if (raw > 99) {
      sink.error(`${role} process real-time priority ${raw} greater than maximum 99 - setting to maximum`, node.loc);
      value = 99;
    }
    draft.processTuning[role].rtPriority = value;
    notImplemented(node, sink);
  };
  const cpuAffinity: GlobalHandler = (node, { draft, sink }) => {
    if (node.args.length === 0) {
      sink.error(`No ${role} cpu_id set specified`, node.loc);
      return;
    }
    const cpus: number[] = [];
    for (const word of node.args) {
      // The CPU count is a fact of the machine; only the syntax is checked here.
      if (!/^\d+$/.test(word)) {
        sink.error(`invalid number '${word}'`, node.loc);
        sink.error(`Invalid cpu_id:${word} specified for ${role} process`, node.loc);
        return;
      }
      cpus.push(Number(word));
    }
    draft.processTuning[role].cpuAffinity = cpus;
    notImplemented(node, sink);
  };
  const rlimit: GlobalHandler = (node, { draft, sink }) => {
    if (node.keyword.endsWith('_rlimit_rtime')) {
      // keepalived: log_message only (deprecated 02/02/2020).
      sink.warning(`Keyword '${node.keyword}' is deprecated - please use '${role}_rlimit_rttime'`, node.loc);
    }
    const value = readIntegerOr(node, 0, 1, 4294967295, sink, (t) => `Invalid ${role} real-time limit - ${t}`);
    // "The rlim value is divided by 2 elsewhere, and the result must be non-zero".
    if (value !== undefined) draft.processTuning[role].rlimitRttimeMicros = value === 1 ? 2 : value;
    notImplemented(node, sink);
  };
  const noSwap: GlobalHandler = (node, { draft, sink }) => {
    draft.processTuning[role].noSwap = true;
    notImplemented(node, sink);
  };
  return {
    [`${role}_priority`]: priority,
    [`${role}_no_swap`]: noSwap,
    [`${role}_rt_priority`]: rtPriority,
    [`${role}_cpu_affinity`]: cpuAffinity,
    [`${role}_rlimit_rttime`]: rlimit,
    [`${role}_rlimit_rtime`]: rlimit,
  };
}

function scriptTimeout(kind: 'startup' | 'shutdown'): GlobalHandler {
  return (node, { draft, sink }) => {
    if (node.args[0] === undefined) {
      sink.error(`${kind}_script_timeout requires value`, node.loc);
      return;
    }
    const value = readIntegerOr(node, 0, 1, 1000, sink, (t) => `${kind}_script_timeout '${t}' must be in [1, 1000] - ignoring`);
    if (value === undefined) return;
    if (kind === 'startup') draft.startupScriptTimeoutSeconds = value;
    else draft.shutdownScriptTimeoutSeconds = value;
  };
}

function startupShutdownScript(kind: 'startup' | 'shutdown'): GlobalHandler {
  return (node, { draft, sink }) => {
    if ((kind === 'startup' ? draft.startupScript : draft.shutdownScript) !== undefined) {
      sink.error(`${kind} script already specified`, node.loc);
      return;
    }
    const script = readNotifyScript(node, `${kind} script missing`, sink);
    if (script === undefined) return;
    if (kind === 'startup') draft.startupScript = script;
    else draft.shutdownScript = script;
  };
}

const UMASK_BITS: Readonly<Record<string, number>> = {
  IRUSR: 0o400, IWUSR: 0o200, IXUSR: 0o100,
  IRGRP: 0o040, IWGRP: 0o020, IXGRP: 0o010,
  IROTH: 0o004, IWOTH: 0o002, IXOTH: 0o001,
};

// keepalived global_parser.c umask_handler: a number (C strtol base 0) or IRUSR|IWGRP|... words.
const umask: GlobalHandler = (node, { draft, sink }) => {
  const first = node.args[0] ?? '';
  if (/^\d/.test(first)) {
    if (node.args.length !== 1) {
      sink.error('Extra parameter(s) to umask option', node.loc);
      return;
    }
    const value = /^0[xX][0-9a-fA-F]+$/.test(first) ? parseInt(first, 16) : /^0[0-7]*$/.test(first) ? parseInt(first, 8) : /^[1-9]\d*$/.test(first) ? Number(first) : NaN;
    if (Number.isNaN(value) || (value & ~0o777) !== 0) {
      sink.error(`invalid umask value ${first}`, node.loc);
      return;
    }
    draft.umask = value;
    return;
  }
  let bits = 0;
  let needOr = false;
  for (const word of node.args) {
    for (let i = 0; i < word.length; ) {
      if (needOr) {
        if (word.charAt(i) !== '|') {
          sink.error(`Invalid umask syntax ${word}`, node.loc);
          return;
        }
        needOr = false;
        i++;
        continue;
      }
      const bit = UMASK_BITS[word.slice(i, i + 5)];
      if (bit === undefined) {
        sink.error(`Unknown umask bit ${word.slice(i)}`, node.loc);
        return;
      }
      bits |= bit;
      i += 5;
      needOr = true;
    }
  }
  if (!needOr) {
    sink.error(node.args.length === 0 ? 'Missing parameter(s) to umask option' : 'umask missing bit value', node.loc);
    return;
  }
  draft.umask = bits;
};

type PathField = 'stateDumpFile' | 'statsDumpFile' | 'jsonDumpFile' | 'iprouteUsrDir' | 'iprouteEtcDir' | 'reloadTimeFile';

function pathSetting(field: PathField): GlobalHandler {
  return (node, { draft, sink }) => {
    const path = node.args[0];
    if (path === undefined || (field === 'reloadTimeFile' && node.args.length !== 1)) {
      sink.error(field === 'reloadTimeFile' ? 'reload_time_file invalid' : `${node.keyword} requires a path`, node.loc);
      return;
    }
    draft[field] = path;
  };
}

function directorySetting(field: 'tmpConfigDirectory' | 'configSaveDir'): GlobalHandler {
  return (node, { draft, sink }) => {
    if (draft[field] !== undefined) {
      sink.error(`${node.keyword} already specified - ignoring`, node.loc);
      return;
    }
    const dir = node.args[0];
    if (dir === undefined) {
      sink.error(`${node.keyword} missing directory name`, node.loc);
      return;
    }
    draft[field] = dir;
  };
}

export const processKeywords: KeywordTable<GlobalDefsTarget> = {
  process_names: (node, target) => {
    saveProcessName('vrrpProcessName', 'keepalived_vrrp')(node, target);
    saveProcessName('checkerProcessName', 'keepalived_lvs')(node, target);
    saveProcessName('bfdProcessName', 'keepalived_bfd')(node, target);
  },
  process_name: saveProcessName('processName'),
  vrrp_process_name: saveProcessName('vrrpProcessName'),
  checker_process_name: saveProcessName('checkerProcessName'),
  lvs_process_name: (node, target) => {
    // keepalived: log_message only (deprecated since 12/07/20).
    target.sink.warning("'lvs_process_name' is deprecated - please use 'checker_process_name'", node.loc);
    saveProcessName('checkerProcessName')(node, target);
  },
  bfd_process_name: saveProcessName('bfdProcessName'),
  ...processTuningKeywords('vrrp'),
  ...processTuningKeywords('checker'),
  ...processTuningKeywords('bfd'),
  max_auto_priority: (node, { draft, sink }) => {
    const value = node.args[0] === undefined ? 99 : readIntegerOr(node, 0, -1, 99, sink, (t) => `max_auto_priority '${t}' must be in [0, 99] (or -1 to disable) - ignoring`);
    if (value !== undefined) draft.maxAutoPriority = value;
    notImplemented(node, sink);
  },
  min_auto_priority_delay: (node, { draft, sink }) => {
    if (node.args[0] === undefined) {
      sink.error('min_auto_priority_delay requires delay time', node.loc);
      return;
    }
    const value = readIntegerOr(node, 0, 1, 10_000_000, sink, (t) => `min_auto_priority_delay '${t}' must be in [1, 10000000] - ignoring`);
    if (value !== undefined) draft.minAutoPriorityDelayMicros = value;
    notImplemented(node, sink);
  },
  use_symlink_paths: boolSetting('useSymlinkPaths', globalBoolMessage('use_symlink_paths')),
  set_supplementary_groups: flag('setSupplementaryGroups'),
  startup_script: startupShutdownScript('startup'),
  startup_script_timeout: scriptTimeout('startup'),
  shutdown_script: startupShutdownScript('shutdown'),
  shutdown_script_timeout: scriptTimeout('shutdown'),
  umask,
  random_seed: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 0, 4294967295, sink, (t) => `random_seed ${t} invalid`);
    if (value !== undefined) draft.randomSeed = value;
  },
  reload_check_config: (node, { draft }) => {
    draft.reloadCheckConfig = node.args[0] ?? true;
  },
  reload_time_file: pathSetting('reloadTimeFile'),
  reload_repeat: flag('reloadRepeat'),
  reload_file: (node, { draft }) => {
    const path = node.args[0];
    if (path === undefined) delete draft.reloadFile;
    else draft.reloadFile = path;
  },
  include_check: (node, { draft }) => {
    // The lexer applies include_check while reading; the model only records it.
    draft.includeCheck = node.args;
  },
  data_use_instance: boolSetting('dataUseInstance', (w) => `Invalid value '${w}' for global date_use_instance specified`),
  state_dump_file: pathSetting('stateDumpFile'),
  stats_dump_file: pathSetting('statsDumpFile'),
  json_dump_file: pathSetting('jsonDumpFile'),
  json_version: (node, { draft, sink }) => {
    const value = readIntegerOr(node, 0, 1, 2, sink, undefined);
    if (value === 1 || value === 2) draft.jsonVersion = value;
  },
  iproute_usr_dir: pathSetting('iprouteUsrDir'),
  iproute_etc_dir: pathSetting('iprouteEtcDir'),
  tmp_config_directory: directorySetting('tmpConfigDirectory'),
  config_save_dir: directorySetting('configSaveDir'),
  dynamic_interfaces: (node, { draft, sink }) => {
    draft.dynamicInterfaces = true;
    const option = node.args[0];
    if (option === 'allow_if_changes') draft.allowIfChanges = true;
    else if (option !== undefined) sink.error(`Unknown dynamic_interfaces option '${option}'`, node.loc);
  },
  default_interface: (node, { draft, sink }) => {
    const name = node.args[0];
    if (name === undefined) {
      sink.error('default_interface requires interface name', node.loc);
      return;
    }
    draft.defaultInterface = name;
  },
  disable_local_igmp: flag('disableLocalIgmp', true),
};
