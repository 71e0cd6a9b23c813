import type { DiagnosticSink } from '../diagnostics.js';
import type { EnvironmentFacts, FileFacts, ScriptRef } from '../environment.js';
import type { GlobalConfig } from './model.js';

/**
 * keepalived's script checks (keepalived/core/notify.c set_default_script_user,
 * set_uid_gid, find_path, check_script_secure, check_security; messages
 * observed on 2.2.7), as a pure function of the scripts, the global settings
 * and the machine facts. Lines keepalived only logs are 'warning'; lines it
 * reports with report_config_error are 'error'; the final violation is
 * 'security' (keepalived -t exits 6).
 */

const DEFAULT_SCRIPT_USER = 'keepalived_script';

type ScriptProcess = 'vrrp' | 'checker' | 'parent';

// Which keepalived process runs the script decides the wording of the violation.
const CHECKER_ROLE = /^(MISC_CHECK|misc_path|notify_up|notify_down|quorum_up|quorum_down|lvs_notify_fifo_script|real_server|virtual_server)/;

function processOf(role: string): ScriptProcess {
  if (role.startsWith('startup_script') || role.startsWith('shutdown_script')) return 'parent';
  return CHECKER_ROLE.test(role) ? 'checker' : 'vrrp';
}

const VIOLATION: Readonly<Record<ScriptProcess, string>> = {
  vrrp: 'SECURITY VIOLATION - scripts are being executed but script_security not enabled.',
  checker: 'SECURITY VIOLATION - check scripts are being executed but script_security not enabled.',
  parent: 'SECURITY VIOLATION - start/shutdown scripts are being executed but script_security not enabled.',
};

/** The uid and gid a script runs as. */
export interface ScriptIdentity {
  readonly uid: number;
  readonly gid: number;
}

// notify.c is_executable: root may run anything with an x bit; others by owner/group/other.
function isExecutable(file: FileFacts, who: ScriptIdentity): boolean {
  if (who.uid === 0) return (file.mode & 0o111) !== 0;
  if (file.uid === who.uid) return (file.mode & 0o100) !== 0;
  if (file.gid === who.gid) return (file.mode & 0o010) !== 0;
  return (file.mode & 0o001) !== 0;
}

/** Every prefix of an absolute path, "/" first (check_security walks them in order). */
function pathPrefixes(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

type Security = 'secure' | 'insecure' | 'missing';

// notify.c check_security: each component must be root-owned and not writable by a
// non-root group or by others (directories with the sticky bit excepted).
function checkPathSecurity(path: string, facts: EnvironmentFacts): Security {
  for (const prefix of pathPrefixes(path)) {
    const f = facts.files.get(prefix);
    if (f?.exists !== true) return 'missing';
    const isDir = !f.isFile;
    const groupOrWorldWritable = (f.gid !== 0 && (f.mode & 0o020) !== 0) || (f.mode & 0o002) !== 0;
    const stickyDir = isDir && (f.mode & 0o1000) !== 0;
    if (f.uid !== 0 || (!stickyDir && groupOrWorldWritable)) return 'insecure';
  }
  return 'secure';
}

/** What keepalived's check_script_secure concludes about one script. */
export interface ScriptAssessment {
  /** keepalived would not run it (SC_INHIBIT, SC_NOTFOUND, or not executable). */
  readonly disabled: boolean;
  /** keepalived's SC_ISSCRIPT: the file was found, so a script is "being executed". */
  readonly isScript: boolean;
  readonly insecure: boolean;
  /** keepalived's log lines about it (LOG_INFO), in order; the last says why it is disabled. */
  readonly findings: readonly string[];
}

export function checkScriptSecurity(
  scripts: readonly ScriptRef[],
  global: GlobalConfig,
  facts: EnvironmentFacts,
  sink: DiagnosticSink,
): void {
  if (scripts.length === 0) return;
  const security = global.enableScriptSecurity;
  const defaultUser = resolveDefaultUser(scripts, global, facts, sink);
  const violations = new Map<ScriptProcess, { insecure: boolean }>();

  for (const script of scripts) {
    const who = script.user === undefined ? defaultUser : resolveOwnUser(script, facts, sink);
    if (who === undefined) {
      if (script.user === undefined) reportDisabled(script, `Unable to set default user for vrrp script ${nameOf(script)} - removing`, sink);
      continue;
    }
    const outcome = checkOne(script, who, security, facts, sink);
    if (outcome.disabled && script.role.startsWith('vrrp_script ')) {
      // vrrp_track.c: reported when the tracking instances are set up (no line number in keepalived).
      sink.error(`Disabling track script ${nameOf(script)} ${outcome.insecure ? 'due to insecure' : 'since not found/accessible'}`, script.loc);
    }
    if (outcome.isScript) {
      const process = processOf(script.role);
      const seen = violations.get(process);
      violations.set(process, { insecure: (seen?.insecure ?? false) || outcome.insecure });
    }
  }
  if (security) return;
  for (const [process, { insecure }] of violations) {
    sink.report('security', `${VIOLATION[process]}${insecure ? ' There are insecure scripts.' : ''}`);
  }
}

const nameOf = (script: ScriptRef): string => script.role.replace(/^vrrp_script /, '');

function reportDisabled(script: ScriptRef, message: string, sink: DiagnosticSink): void {
  if (script.role.startsWith('vrrp_script ')) sink.error(message, script.loc);
  else sink.warning(`Failed to set default user for ${script.role} ${script.argv[0] ?? ''} - ignoring`, script.loc);
}

/** set_default_script_user: script_user, else keepalived_script if it exists, else root (not with security). */
function resolveDefaultUser(scripts: readonly ScriptRef[], global: GlobalConfig, facts: EnvironmentFacts, sink: DiagnosticSink): ScriptIdentity | undefined {
  const configured = global.scriptUser;
  if (configured !== undefined) {
    const identity = lookup(configured.user, configured.group, facts);
    if (identity === undefined) {
      sink.error('Error setting global script uid/gid', configured.loc);
      sink.warning(facts.users.has(configured.user) ? `Default script group '${configured.group ?? ''}' does not exist` : `Default script user '${configured.user}' does not exist`, configured.loc);
    }
    return identity;
  }
  const scriptUser = lookup(DEFAULT_SCRIPT_USER, undefined, facts);
  if (scriptUser !== undefined) return scriptUser;
  const needsDefault = scripts.find((s) => s.user === undefined);
  if (needsDefault === undefined) return { uid: 0, gid: 0 };
  if (global.enableScriptSecurity) {
    // issue #2184: with script security, falling back to root is refused.
    sink.error(`Unable to set default user ${DEFAULT_SCRIPT_USER} for script`, needsDefault.loc);
    return undefined;
  }
  sink.warning(`WARNING - default user '${DEFAULT_SCRIPT_USER}' for script execution does not exist - please create.`, needsDefault.loc);
  return { uid: 0, gid: 0 };
}

function lookup(user: string, group: string | undefined, facts: EnvironmentFacts): ScriptIdentity | undefined {
  const uid = facts.users.get(user);
  if (uid === undefined) return undefined;
  if (group === undefined) {
    // The user's primary group is not among the facts; root's is 0, others are taken as their own id.
    return { uid, gid: uid === 0 ? 0 : (facts.groups.get(user) ?? -1) };
  }
  const gid = facts.groups.get(group);
  return gid === undefined ? undefined : { uid, gid };
}

function resolveOwnUser(script: ScriptRef, facts: EnvironmentFacts, sink: DiagnosticSink): ScriptIdentity | undefined {
  const identity = lookup(script.user ?? '', script.group, facts);
  if (identity !== undefined) return identity;
  if (script.role.startsWith('vrrp_script ')) {
    // The script is then removed at the end of its block, silently.
    sink.error(`Unable to set uid/gid for script '${script.argv[0] ?? ''}'`, script.loc);
  } else {
    sink.warning(`Invalid user/group for ${script.role} script ${script.argv[0] ?? ''} - ignoring`, script.loc);
  }
  return undefined;
}

// notify.c check_script_secure for one script, its findings reported at the script's line.
function checkOne(script: ScriptRef, who: ScriptIdentity, security: boolean, facts: EnvironmentFacts, sink: DiagnosticSink): ScriptAssessment {
  const assessment = assessScript(script.argv[0] ?? '', who, security, facts);
  for (const finding of assessment.findings) sink.warning(finding, script.loc);
  return assessment;
}

/**
 * notify.c check_script_secure for one program run as `who`, as a pure function of the machine
 * facts: the config check uses it, and so does the script executor before each run when
 * enable_script_security is set.
 */
export function assessScript(program: string, who: ScriptIdentity, security: boolean, facts: EnvironmentFacts): ScriptAssessment {
  const findings: string[] = [];
  const verdict = (disabled: boolean, isScript: boolean, insecure: boolean): ScriptAssessment => ({ disabled, isScript, insecure, findings });
  // "</file": a test that a file can be opened; nothing is executed.
  if (/^<[ \t]*\//.test(program)) return verdict(false, false, false);

  let path = program;
  if (!program.includes('/')) {
    const found = searchPath(program, who, facts);
    if (found.kind !== 'found') {
      findings.push(found.kind === 'denied' ? `Permissions failure for script ${program} in path - disabling` : `Cannot find script ${program} in path - disabling`);
      return verdict(true, false, false);
    }
    findings.push(`WARNING - script \`${program}\` resolved by path search to \`${found.path}\`. Please specify full path.`);
    path = found.path;
  }
  const file = facts.files.get(path);
  if (file?.exists !== true) {
    findings.push(`Script ${path} cannot be accessed - No such file or directory`);
    return verdict(true, false, false);
  }
  if (!isExecutable(file, who)) {
    findings.push(`WARNING - script '${path}' is not executable for uid:gid ${who.uid}:${who.gid} - disabling.`);
    return verdict(true, true, false);
  }
  // Only scripts run as root (or set-uid/gid root) need a root-only path.
  const setIdRoot = (file.uid === 0 && (file.mode & 0o4100) === 0o4100) || (file.gid === 0 && (file.mode & 0o2010) === 0o2010);
  if (who.uid !== 0 && who.gid !== 0 && !setIdRoot) return verdict(false, true, false);

  const pathVerdict = checkPathSecurity(path, facts);
  if (pathVerdict === 'missing') {
    findings.push(`check_script_secure could not find script '${path}' - disabling`);
    return verdict(true, true, false);
  }
  if (pathVerdict === 'insecure') {
    findings.push(`Unsafe permissions found for script '${path}'${security ? ' - disabling' : ''}.`);
    return verdict(security, true, true);
  }
  return verdict(false, true, false);
}

type Search = { kind: 'found'; path: string } | { kind: 'denied' } | { kind: 'missing' };

function searchPath(program: string, who: ScriptIdentity, facts: EnvironmentFacts): Search {
  let denied = false;
  for (const dir of facts.searchPath) {
    const candidate = `${dir.replace(/\/+$/, '')}/${program}`;
    const file = facts.files.get(candidate);
    if (file?.exists !== true) continue;
    if (file.isFile && isExecutable(file, who)) return { kind: 'found', path: candidate };
    denied = true;
  }
  return denied ? { kind: 'denied' } : { kind: 'missing' };
}

