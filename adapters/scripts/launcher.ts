// Who a script runs as, and whether it may run at all: keepalived's default script user
// (notify.c get_default_script_user) and, with enable_script_security, its check_script_secure
// verdict, taken again just before each run (reference keepalived.md §3.3).
import { gatherScriptFacts } from '../config/environment-facts.js';
import type { GlobalConfig } from '../../core/config/global/model.js';
import { assessScript, type ScriptIdentity } from '../../core/config/global/script-security.js';
import { runScript, type ScriptOutput, type ScriptRun } from './runner.js';
import { resolveIdentity } from './users.js';

const KEEPALIVED_SCRIPT = 'keepalived_script';

/** What global_defs says about running scripts. */
export interface ScriptSettings {
  /** Whom a script without its own `user` runs as; absent = the daemon's own user. */
  readonly defaultUser?: string;
  readonly defaultGroup?: string;
  /** enable_script_security: a script keepalived would disable is refused. */
  readonly scriptSecurity: boolean;
  /**
   * Set when there is no default user and script security forbids falling back to root
   * (issue #2184): every script without its own `user` is refused with this line.
   */
  readonly defaultUserRefusal?: string;
}

/**
 * keepalived set_default_script_user / get_default_script_user: `script_user` if set, else
 * `keepalived_script` if that user exists, else the daemon's own user, except with
 * enable_script_security, where scripts then have no user and are not run.
 */
export function scriptSettings(global: GlobalConfig, userExists: (user: string) => boolean = (u) => resolveIdentity(u) !== undefined): ScriptSettings {
  const scriptSecurity = global.enableScriptSecurity;
  const configured = global.scriptUser;
  if (configured !== undefined) {
    return { scriptSecurity, defaultUser: configured.user, ...(configured.group === undefined ? {} : { defaultGroup: configured.group }) };
  }
  if (userExists(KEEPALIVED_SCRIPT)) return { scriptSecurity, defaultUser: KEEPALIVED_SCRIPT };
  if (scriptSecurity) return { scriptSecurity, defaultUserRefusal: `Unable to set default user ${KEEPALIVED_SCRIPT} for script` };
  return { scriptSecurity };
}

export interface LauncherOptions extends Partial<ScriptSettings> {
  /** keepalived's log lines (a refused script's reason, once per script and reason). */
  readonly log?: (message: string) => void;
  /** The environment scripts inherit (cleaned by runScript) and whose PATH a path search uses. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The daemon's own uid and gid: what a script without a user runs as. */
function ownIdentity(): ScriptIdentity {
  return { uid: process.geteuid?.() ?? 0, gid: process.getegid?.() ?? 0 };
}

/**
 * Starts scripts for the executors and the FIFO scripts: fills in the default user, refuses
 * what script security forbids (with keepalived's line, logged once), then runScript.
 */
export class ScriptLauncher {
  readonly settings: ScriptSettings;
  private readonly log: (message: string) => void;
  private readonly env: NodeJS.ProcessEnv;
  /** Refusals already logged, so a track script refused every interval logs once, as keepalived does. */
  private readonly logged = new Set<string>();

  constructor(options: LauncherOptions = {}) {
    const { log, env, ...settings } = options;
    this.settings = { ...settings, scriptSecurity: settings.scriptSecurity ?? false };
    this.log = log ?? (() => undefined);
    this.env = env ?? process.env;
  }

  /** The run as it will happen: with the default user when it names none. */
  withDefaultUser(run: ScriptRun): ScriptRun {
    if (run.user !== undefined || this.settings.defaultUser === undefined) return run;
    const { defaultUser, defaultGroup } = this.settings;
    return { ...run, user: defaultUser, ...(defaultGroup === undefined ? {} : { group: defaultGroup }) };
  }

  /** Resolves with the outcome; a refused script is failedToStart with keepalived's line. Never rejects. */
  async run(request: ScriptRun): Promise<ScriptOutput> {
    const run = this.withDefaultUser(request);
    let refusal: string | undefined;
    try {
      refusal = await this.refusal(run);
    } catch (err) {
      refusal = `cannot check script ${run.argv[0] ?? ''}: ${String(err)}`;
    }
    if (refusal !== undefined) {
      if (!this.logged.has(refusal)) {
        this.logged.add(refusal);
        this.log(refusal);
      }
      return { outcome: 'failedToStart', status: 127, error: refusal, refused: true };
    }
    return runScript(run, this.env);
  }

  /** Why script security forbids this run, or undefined when it may go ahead. */
  async refusal(run: ScriptRun): Promise<string | undefined> {
    if (!this.settings.scriptSecurity) return undefined;
    const program = run.argv[0];
    if (program === undefined) return undefined; // runScript reports the empty command
    if (run.user === undefined && this.settings.defaultUserRefusal !== undefined) return this.settings.defaultUserRefusal;
    let who = ownIdentity();
    if (run.user !== undefined) {
      const identity = resolveIdentity(run.user, run.group);
      if (identity === undefined) return undefined; // runScript reports the unknown user
      who = identity;
    }
    const assessment = assessScript(program, who, true, await gatherScriptFacts(program, this.env));
    if (!assessment.disabled) return undefined;
    return assessment.findings.at(-1) ?? `Disabling script ${program}`;
  }
}
