// A throwaway Linux kernel for tests that need what the host kernel lacks (ip_vs, dummy...):
// Debian's User-Mode Linux (/usr/bin/linux.uml, 6.1) booted with the host's `/` as its root
// through hostfs (reference ecosystem.md §2.5). It runs as an ordinary process: no KVM, no disk
// image, about 1.5 s to a shell.
//
// runInUml() writes a PID-1 script into a temp dir of its own, boots, loads the kernel modules
// asked for, runs the commands one by one as root inside the UML, and reads each command's
// output and exit code back from marker lines on the UML console (con0=fd:1). The whole run has
// a deadline; past it the UML's process group is killed.
//
// What the guest may touch on the host: nothing but `shared`. The host root is mounted
// READ-ONLY in the guest (`ro`), scratch space (/run, /tmp, /var/tmp, $HOME, $TMPDIR) is tmpfs
// inside the UML, and `shared` (a host directory the caller owns) is a second, writable hostfs
// mount at /run/shared, the only way out besides the console.
//
// Two things this machine type needs that Debian's package does not give:
// - No kmod, no busybox (scripts/setup.sh installs neither): modules are loaded with
//   finit_module(2) from perl (always there: perl-base is Essential), dependencies first, from
//   modules.dep; the UML is powered off with reboot(2) from perl.
// - Hosts with AMX/AVX-512 (large XSAVE areas) kill UML 6.1's first process ("ptrace set fp
//   regs failed, errno = 14"); test/uml/xstate-shim.c, built here with gcc and LD_PRELOADed into
//   linux.uml, fixes the size mismatch. The comment in that file says why and how.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UML_KERNEL = '/usr/bin/linux.uml';
export const UML_MODULES = '/usr/lib/uml/modules';
/** Where `shared` appears inside the guest. */
export const GUEST_SHARED = '/run/shared';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIM_SOURCE = fileURLToPath(new URL('../uml/xstate-shim.c', import.meta.url));

/** Why UML tests cannot run here, or undefined when they can. */
export function umlSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (UML runs its guest as root over the host filesystem)';
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'needs Linux on x86-64 (Debian user-mode-linux amd64)';
  if (!existsSync(UML_KERNEL)) return `${UML_KERNEL} is missing (apt-get install user-mode-linux, scripts/setup.sh)`;
  if (modulesDir() === undefined) return `no kernel modules under ${UML_MODULES}`;
  for (const tool of ['gcc', 'perl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) return `needs ${tool} (scripts/setup.sh installs build-essential)`;
  }
  return undefined;
}

export interface UmlOptions {
  /** Shell commands, run one after another inside the UML as root, each by its own `sh -c`. */
  readonly commands: readonly string[];
  /** Kernel modules to load before the first command (names as in modules.dep: ip_vs, ip_vs_wrr). */
  readonly modules?: readonly string[];
  /** The commands' working directory inside the guest (default: the repo root, read-only there). */
  readonly cwd?: string;
  /** Extra environment of the commands. */
  readonly env?: Readonly<Record<string, string>>;
  /** A host directory the guest may write, at GUEST_SHARED (default: none). */
  readonly shared?: string;
  /** Deadline for the whole run, boot included (default 60 s). */
  readonly timeoutMs?: number;
  /** Guest memory (default 1G; allocated lazily from /dev/shm). */
  readonly memory?: string;
}

export interface UmlCommandResult {
  readonly command: string;
  /** stdout and stderr, interleaved as the console saw them, CRLF turned back into LF. */
  readonly output: string;
  readonly exitCode: number;
  /** Host wall time from its BEGIN marker to its END marker. */
  readonly ms: number;
}

export interface UmlRun {
  /** One per command that finished, in order. */
  readonly results: readonly UmlCommandResult[];
  /** Loading the modules (exit code non-zero when one failed; its output says which). */
  readonly modules: UmlCommandResult | undefined;
  /** Everything the UML printed, for diagnostics. */
  readonly console: string;
  /** Host wall time from starting linux.uml to the guest being ready (modules loaded). */
  readonly bootMs: number | undefined;
  readonly totalMs: number;
  /** Every command ran and the guest reached its end. */
  readonly completed: boolean;
  readonly timedOut: boolean;
  /** linux.uml's pid, which is also the id of the process group its guest processes ran in. */
  readonly pid: number | undefined;
}

function modulesDir(): string | undefined {
  if (!existsSync(UML_MODULES)) return undefined;
  const versions = readdirSync(UML_MODULES).filter((v) => existsSync(join(UML_MODULES, v, 'modules.dep')));
  return versions.length === 1 && versions[0] !== undefined ? join(UML_MODULES, versions[0]) : undefined;
}

/** The .ko files to load for `names`, each after the modules it depends on (modules.dep). */
export function moduleLoadOrder(names: readonly string[]): string[] {
  const dir = modulesDir();
  if (dir === undefined) throw new Error(`no modules.dep under ${UML_MODULES}`);
  const deps = new Map<string, string[]>();
  for (const line of readFileSync(join(dir, 'modules.dep'), 'utf8').split('\n')) {
    const [path, rest] = line.split(':');
    if (path !== undefined && rest !== undefined) deps.set(path, rest.trim() === '' ? [] : rest.trim().split(/\s+/));
  }
  const byName = new Map([...deps.keys()].map((p) => [p.replace(/^.*\//, '').replace(/\.ko(\.\w+)?$/, '').replace(/-/g, '_'), p]));
  const order: string[] = [];
  const visit = (path: string): void => {
    if (order.includes(path)) return;
    for (const dep of deps.get(path) ?? []) visit(dep);
    order.push(path);
  };
  for (const name of names) {
    const path = byName.get(name.replace(/-/g, '_'));
    if (path === undefined) throw new Error(`no kernel module ${name} in ${dir}/modules.dep`);
    visit(path);
  }
  return order.map((p) => join(dir, p));
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

// finit_module(2) is syscall 313, reboot(2) 169 on x86-64; perl's syscall() needs writable
// scalars for string arguments, hence `my $p`.
const LOAD_MODULES_PL = `for my $ko (@ARGV) { open(my $f, "<", $ko) or die "open $ko: $!\\n"; my $p = ""; next if syscall(313, fileno($f), $p, 0) == 0; next if $!{EEXIST}; die "finit_module $ko: $!\\n" }`;
const POWER_OFF_PL = 'syscall(169, 0xfee1dead, 672274793, 0x4321fedc, 0); die "reboot: $!\\n"';

/** Paths the guest covers with tmpfs. */
function underScratch(path: string): boolean {
  return ['/run/', '/tmp/', '/var/tmp/'].some((dir) => path.startsWith(dir));
}

function initScript(options: UmlOptions, nonce: string, modules: readonly string[]): string {
  const marker = (what: string): string => `echo "@@UML ${nonce} ${what}"`;
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/run/home',
    TMPDIR: '/run/tmp',
    ...options.env,
  };
  const cwd = options.cwd ?? REPO_ROOT;
  const lines = [
    '#!/bin/sh',
    '# PID 1 of a throwaway User-Mode Linux (test/support/uml.ts). Mounts change only the UML\'s view.',
    ...Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`),
    'mount -t proc proc /proc',
    'mount -t sysfs sys /sys',
    'mount -t tmpfs -o mode=0755 run /run',
    'mount -t tmpfs tmp /tmp',
    'mount -t tmpfs vartmp /var/tmp',
    'mkdir -p /run/home /run/tmp /run/lock',
    // A checkout under one of those (CI clones into /tmp) is hidden by the tmpfs: show it again,
    // read-only, at its own path.
    ...[...new Set([cwd, REPO_ROOT])].filter(underScratch).map((path) => `mkdir -p ${quote(path)} && mount -r -t hostfs -o ${quote(path)} checkout ${quote(path)}`),
    ...(options.shared === undefined ? [] : [`mkdir -p ${GUEST_SHARED}`, `mount -t hostfs -o ${quote(options.shared)} shared ${GUEST_SHARED}`]),
    'ip link set lo up 2>/dev/null',
    marker('BEGIN modules'),
    modules.length === 0 ? 'true' : `perl -e ${quote(LOAD_MODULES_PL)} ${modules.map(quote).join(' ')} 2>&1`,
    marker('END modules $?'),
    marker('READY'),
  ];
  options.commands.forEach((command, i) => {
    lines.push(marker(`BEGIN ${i}`), `cd ${quote(cwd)} && sh -c ${quote(command)} </dev/null 2>&1`, marker(`END ${i} $?`));
  });
  lines.push(marker('DONE'), 'sync', `perl -e ${quote(POWER_OFF_PL)}`, 'sleep 5');
  return `${lines.join('\n')}\n`;
}

/** Builds the XSAVE shim for linux.uml into `dir` (about 0.2 s). */
function buildShim(dir: string): string {
  const out = join(dir, 'xstate-shim.so');
  const gcc = spawnSync('gcc', ['-O2', '-shared', '-fPIC', '-o', out, SHIM_SOURCE, '-ldl'], { encoding: 'utf8' });
  if (gcc.status !== 0) throw new Error(`building ${SHIM_SOURCE} failed: ${gcc.stderr}`);
  return out;
}

/** Boots a UML, runs `options.commands` in it, and resolves when it is down (never rejects on a guest failure). */
export async function runInUml(options: UmlOptions): Promise<UmlRun> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-uml-'));
  const nonce = randomBytes(6).toString('hex');
  try {
    const init = join(dir, 'init.sh');
    writeFileSync(init, initScript(options, nonce, moduleLoadOrder(options.modules ?? [])));
    chmodSync(init, 0o755);
    const shim = buildShim(dir);
    const umlDir = join(dir, 'uml');
    mkdirSync(umlDir);
    const args = [
      `mem=${options.memory ?? '1G'}`,
      'rootfstype=hostfs',
      'ro', // the host's / is read-only inside; see the header comment
      `init=${init}`,
      'con=null',
      'con0=null,fd:1',
      'quiet',
      `uml_dir=${umlDir}`, // the host-side mconsole socket and pid file go here, not to ~/.uml
      `umid=vigil-${nonce}`,
    ];
    return await boot(args, shim, nonce, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function boot(args: readonly string[], shim: string, nonce: string, options: UmlOptions): Promise<UmlRun> {
  const started = performance.now();
  const deadline = options.timeoutMs ?? 60_000;
  // TMPDIR: where linux.uml keeps the guest's memory (a deleted file it maps); tmpfs is fastest.
  const env = { ...process.env, LD_PRELOAD: shim, TMPDIR: existsSync('/dev/shm') ? '/dev/shm' : tmpdir() };
  // Its own process group: linux.uml runs each guest process as a host process of its own,
  // and a timeout must take all of them down.
  const uml = spawn(UML_KERNEL, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // The group id is linux.uml's pid, and the kernel does not hand that number out again while
  // any process of the group is left, so this reaches our guest processes and nothing else.
  const killGroup = (): void => {
    if (uml.pid === undefined) return;
    try {
      process.kill(-uml.pid, 'SIGKILL');
    } catch {
      // no process left in the group
    }
  };
  process.once('exit', killGroup);

  let text = '';
  let bootMs: number | undefined;
  const seen = new Map<string, number>(); // marker → host time it arrived
  const markerLine = new RegExp(`@@UML ${nonce} ([A-Z]+)(?: (\\w+))?`, 'g');
  let scanned = 0;
  let timedOut = false;

  return new Promise((resolve) => {
    const onData = (chunk: string): void => {
      text += chunk;
      markerLine.lastIndex = Math.max(0, scanned - 64);
      for (let m = markerLine.exec(text); m !== null; m = markerLine.exec(text)) {
        const key = `${m[1] ?? ''} ${m[2] ?? ''}`;
        if (!seen.has(key)) seen.set(key, performance.now() - started);
        if (m[1] === 'READY') bootMs ??= performance.now() - started;
      }
      scanned = text.length;
    };
    uml.stdout.setEncoding('utf8').on('data', onData);
    uml.stderr.setEncoding('utf8').on('data', onData);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, deadline);
    let grace: NodeJS.Timeout | undefined;
    uml.on('exit', () => {
      // A clean power-off has stopped every guest process already; after a kill or a panic some
      // may be left, holding the console pipe open: end them, and stop waiting for the pipe soon.
      killGroup();
      grace = setTimeout(() => {
        uml.stdout.destroy();
        uml.stderr.destroy();
      }, 3000);
    });
    uml.on('close', () => {
      clearTimeout(timer);
      clearTimeout(grace);
      process.removeListener('exit', killGroup);
      text = text.replace(/\r\n/g, '\n'); // the console tty's ONLCR
      const result = (id: string, command: string): UmlCommandResult | undefined => {
        const m = new RegExp(`@@UML ${nonce} BEGIN ${id}\\n([\\s\\S]*?)@@UML ${nonce} END ${id} (\\d+)\\n`).exec(text);
        if (m === null) return undefined;
        const ms = (seen.get(`END ${id}`) ?? 0) - (seen.get(`BEGIN ${id}`) ?? 0);
        return { command, output: m[1] ?? '', exitCode: Number(m[2]), ms };
      };
      const results: UmlCommandResult[] = [];
      for (const [i, command] of options.commands.entries()) {
        const r = result(String(i), command);
        if (r === undefined) break;
        results.push(r);
      }
      resolve({
        results,
        modules: result('modules', `load ${(options.modules ?? []).join(' ')}`),
        console: text,
        bootMs,
        totalMs: performance.now() - started,
        completed: seen.has('DONE ') && results.length === options.commands.length,
        timedOut,
        pid: uml.pid,
      });
    });
  });
}
