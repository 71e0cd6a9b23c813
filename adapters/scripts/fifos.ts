// keepalived's notify FIFOs (notify.c fifo_open / fifo_close; reference keepalived.md §3.2):
// notify_fifo, vrrp_notify_fifo and lvs_notify_fifo are created if absent, held open for the
// daemon's lifetime, and each one's *_fifo_script runs for as long, with the FIFO's path as its
// last argument. At exit the scripts are stopped and a FIFO the daemon created is removed.
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, openSync, unlinkSync } from 'node:fs';
import type { GlobalConfig, NotifyFifo } from '../../core/config/global/model.js';
import type { KeepalivedConfig } from '../../core/config/model.js';
import { ScriptLauncher } from './launcher.js';
import type { ScriptOutput } from './runner.js';
import { resolveIdentity } from './users.js';

export type FifoKind = 'notify_fifo' | 'vrrp_notify_fifo' | 'lvs_notify_fifo';

/** keepalived's `type` in its FIFO log lines. */
const PREFIX: Readonly<Record<FifoKind, string>> = { notify_fifo: '', vrrp_notify_fifo: 'vrrp_', lvs_notify_fifo: 'lvs_' };

/** keepalived fifo_open: mkfifo(name, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH), under its umask. */
export const FIFO_MODE = 0o644;

/** keepalived script_killall at exit: SIGTERM, then SIGKILL 1 s later (child_killed_thread). */
const KILL_AFTER_MICROS = 1_000_000;

export interface FifoStatus {
  readonly kind: FifoKind;
  readonly path: string;
  /** created: made here, removed at close; existing: a FIFO of ours that was there; unusable: not used. */
  readonly state: 'created' | 'existing' | 'unusable';
  /** keepalived's line for why it is unusable. */
  readonly error?: string;
}

/** Where fifoExecutor writes: the FIFOs held open, by path. */
export interface FifoWriters {
  /** The descriptor held open on `path`, if the daemon uses a FIFO there. */
  writerFor(path: string): number | undefined;
}

export interface NotifyFifos extends FifoWriters {
  /** Each configured FIFO, in keepalived's order (notify_fifo, vrrp_notify_fifo, lvs_notify_fifo). */
  readonly fifos: readonly FifoStatus[];
  /** Stops the FIFO scripts, closes the FIFOs, removes those created here. Idempotent. */
  close(): Promise<void>;
}

export interface NotifyFifoOptions {
  /** mkfifo(3): netraw's (Node has none). */
  readonly mkfifo: (path: string, mode: number) => void;
  /** keepalived's log lines. */
  readonly log: (message: string) => void;
  /** Starts the FIFO scripts (default user, script security); default: one without settings. */
  readonly launcher?: ScriptLauncher;
  /**
   * keepalived runs notify_fifo's script in its checker process when that runs, else in the VRRP
   * one (vrrp_daemon.c start_vrrp): it decides the line logged when the script ends. Default vrrp.
   */
  readonly globalScriptProcess?: 'vrrp' | 'lvs';
  /**
   * The FIFOs this daemon opens; default all three. keepalived's VRRP process opens notify_fifo
   * and vrrp_notify_fifo, its checker process notify_fifo and lvs_notify_fifo (-P / -C).
   */
  readonly kinds?: readonly FifoKind[];
}

/**
 * Which FIFOs keepalived would open for this config, and which process runs notify_fifo's
 * script: its VRRP process runs for a config with instances and opens notify_fifo and
 * vrrp_notify_fifo; its checker process runs for one with virtual servers, opens notify_fifo and
 * lvs_notify_fifo, and is the one that runs notify_fifo's script (vrrp_daemon.c start_vrrp).
 * Give it the config as narrowed for -P / -C.
 */
export function notifyFifoPlan(config: KeepalivedConfig): Pick<NotifyFifoOptions, 'kinds' | 'globalScriptProcess'> {
  const vrrp = config.vrrp.instances.length > 0;
  const lvs = config.lvs.virtualServers.length > 0;
  const kinds: FifoKind[] = [];
  if (vrrp || lvs) kinds.push('notify_fifo');
  if (vrrp) kinds.push('vrrp_notify_fifo');
  if (lvs) kinds.push('lvs_notify_fifo');
  return { kinds, globalScriptProcess: lvs ? 'lvs' : 'vrrp' };
}

interface Opened {
  readonly status: FifoStatus;
  readonly fd?: number;
  readonly script?: Promise<ScriptOutput>;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Removed by someone else already.
  }
}

function errno(err: unknown): { code: string; number: number } {
  const e = err as NodeJS.ErrnoException;
  return { code: e.code ?? String(err), number: Math.abs(e.errno ?? 0) };
}

/**
 * Creates and opens the FIFOs `global` configures and starts their scripts. Never throws: a
 * FIFO that cannot be used is logged with keepalived's line and reported `unusable`.
 */
export function openNotifyFifos(global: GlobalConfig, options: NotifyFifoOptions): NotifyFifos {
  const launcher = options.launcher ?? new ScriptLauncher();
  const stopScripts = new AbortController();
  let closing = false;
  const configured: [FifoKind, NotifyFifo | undefined][] = [
    ['notify_fifo', global.notifyFifo],
    ['vrrp_notify_fifo', global.vrrpNotifyFifo],
    ['lvs_notify_fifo', global.lvsNotifyFifo],
  ];
  const opened: Opened[] = [];
  const wanted = new Set<FifoKind>(options.kinds ?? ['notify_fifo', 'vrrp_notify_fifo', 'lvs_notify_fifo']);
  for (const [kind, fifo] of configured) {
    if (fifo === undefined || fifo.path === '' || !wanted.has(kind)) continue;
    const scriptProcess = kind === 'notify_fifo' ? (options.globalScriptProcess ?? 'vrrp') : kind === 'vrrp_notify_fifo' ? 'vrrp' : 'lvs';
    opened.push(
      openOne(kind, fifo, global.umask, launcher, options, stopScripts.signal, (out) => {
        // A refused script was never started (keepalived disables it when reading the config).
        if (closing || out.refused === true) return;
        if (out.outcome === 'failedToStart') options.log(`Error exec-ing command '${fifo.script?.argv[0] ?? ''}', error ${out.error ?? ''}`);
        options.log(`${scriptProcess} notify fifo script terminated`);
      }),
    );
  }
  const writers = new Map<string, number>();
  for (const o of opened) if (o.fd !== undefined && !writers.has(o.status.path)) writers.set(o.status.path, o.fd);

  let closed: Promise<void> | undefined;
  return {
    fifos: opened.map((o) => o.status),
    writerFor: (path) => writers.get(path),
    close() {
      closed ??= (async () => {
        closing = true;
        stopScripts.abort();
        await Promise.all(opened.flatMap((o) => (o.script === undefined ? [] : [o.script])));
        writers.clear();
        for (const o of opened) {
          // keepalived fifo_close: unlink first, so a script looping on the FIFO cannot reopen it.
          if (o.status.state === 'created') removeQuietly(o.status.path);
          if (o.fd !== undefined) closeSync(o.fd);
        }
      })();
      return closed;
    },
  };
}

/** The FIFO's owner: its own `user [group]`, else the default script user, else the daemon's. */
function ownerOf(fifo: NotifyFifo, launcher: ScriptLauncher): { uid: number; gid: number } | string {
  if (fifo.user !== undefined) return resolveIdentity(fifo.user, fifo.group) ?? 'Invalid user/group';
  const { defaultUser, defaultGroup, defaultUserRefusal } = launcher.settings;
  if (defaultUser !== undefined) return resolveIdentity(defaultUser, defaultGroup) ?? 'Failed to set default user';
  if (defaultUserRefusal !== undefined) return 'Failed to set default user';
  return { uid: process.geteuid?.() ?? 0, gid: process.getegid?.() ?? 0 };
}

function openOne(
  kind: FifoKind,
  fifo: NotifyFifo,
  umask: number,
  launcher: ScriptLauncher,
  options: NotifyFifoOptions,
  signal: AbortSignal,
  onScriptEnd: (out: ScriptOutput) => void,
): Opened {
  const type = PREFIX[kind];
  const { path } = fifo;
  const unusable = (error: string): Opened => {
    options.log(error);
    return { status: { kind, path, state: 'unusable', error } };
  };
  const owner = ownerOf(fifo, launcher);
  // global_parser.c notify_fifo: without a usable user the FIFO is ignored altogether.
  if (typeof owner === 'string') return unusable(`${owner} for ${type} fifo ${path} - ignoring`);

  let created = false;
  try {
    options.mkfifo(path, FIFO_MODE & ~umask);
    created = true;
  } catch (err) {
    if (errno(err).code !== 'EEXIST') return unusable(`Unable to create ${type}notify fifo ${path}`);
  }
  let fd: number;
  try {
    // O_RDWR: the daemon is a reader too, so lines wait in the pipe while the script is not
    // reading, and opening never blocks. O_NOFOLLOW: not through a planted symlink.
    fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    if (created) removeQuietly(path);
    return unusable(`Unable to open ${type}notify fifo ${path} - errno ${errno(err).number}`);
  }
  const ourUid = process.geteuid?.() ?? 0;
  const st = fstatSync(fd);
  if (!st.isFIFO() || (st.uid !== ourUid && st.uid !== owner.uid)) {
    // keepalived checks this after starting the script; here nothing starts on a refused path.
    closeSync(fd);
    return unusable(`${type}notify fifo ${path} is not a fifo we own - not using`);
  }
  if (created) {
    fchmodSync(fd, FIFO_MODE & ~umask);
    if (owner.uid !== ourUid || owner.gid !== (process.getegid?.() ?? 0)) {
      try {
        fchownSync(fd, owner.uid, owner.gid);
      } catch {
        options.log(`Failed to set uid:gid for fifo ${path}`);
      }
    }
  }
  const status: FifoStatus = { kind, path, state: created ? 'created' : 'existing' };
  const command = fifo.script;
  if (command === undefined) return { status, fd };
  // global_parser.c / check_data.c: the FIFO's name is added as the script's last argument.
  const script = launcher
    .run({
      argv: [...command.argv, path],
      ...(command.user === undefined ? {} : { user: command.user }),
      ...(command.group === undefined ? {} : { group: command.group }),
      killAfterMicros: KILL_AFTER_MICROS,
      signal,
    })
    .then((out) => {
      onScriptEnd(out);
      return out;
    });
  return { status, fd, script };
}
