import type { Severity } from './diagnostics.js';
import type { SourceLocation } from './syntax.js';

/**
 * keepalived checks a config against the machine it runs on (interfaces exist,
 * scripts exist and are safe). Vigil keeps those checks pure: sections list the
 * references they make, an adapter gathers the facts, and a pure function turns
 * references + facts into diagnostics. `vigil check-config --no-env` skips the
 * facts, for checking a config meant for another machine.
 */

/** An interface named by the config, with keepalived's message for when it is missing. */
export interface InterfaceRef {
  readonly name: string;
  readonly loc: SourceLocation;
  /** e.g. "WARNING - interface eth0 for vrrp_instance VI_1 doesn't exist" */
  readonly missingMessage: string;
  readonly severity: Severity;
}

/** A script the config would run (notify, vrrp_script, MISC_CHECK, quorum_up, ...). */
export interface ScriptRef {
  /** argv as keepalived splits it; argv[0] is the program. */
  readonly argv: readonly string[];
  readonly loc: SourceLocation;
  /** `user [:][group]` given on the line, if any. */
  readonly user?: string;
  readonly group?: string;
  /** What the script is, for messages: "notify_master script", "vrrp_script chk". */
  readonly role: string;
}

export interface FileFacts {
  readonly exists: boolean;
  readonly isFile: boolean;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export interface EnvironmentFacts {
  readonly interfaces: ReadonlySet<string>;
  /** stat() of every path and each of its ancestor directories, keyed by absolute path. */
  readonly files: ReadonlyMap<string, FileFacts>;
  /** User names known to the system (getpwnam), with their uid. */
  readonly users: ReadonlyMap<string, number>;
  /** Group names known to the system, with their gid. */
  readonly groups: ReadonlyMap<string, number>;
  /** Directories of $PATH, for scripts named without a path. */
  readonly searchPath: readonly string[];
}
