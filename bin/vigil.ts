import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as CheckConfigCommand from './commands/check-config.js';
import type * as JournalCommand from './commands/journal.js';
import type * as LabCommand from './commands/lab.js';
import type * as PostmortemCommand from './commands/postmortem.js';
import type * as ReplayCommand from './commands/replay.js';
import type * as RunCommand from './commands/run.js';
import type * as SimulateCommand from './commands/simulate.js';

/**
 * The `vigil` command. Subcommands in Vigil's spelling, plus keepalived's own
 * option spelling (`vigil -t -f FILE`) so existing habits and unit files work.
 */

const HELP = `vigil — keepalived-compatible, event-sourced high availability

Usage:
  sudo vigil lab [--with-keepalived] [--keep]
      A LAN of network namespaces (a bridge, two routers) running Vigil: the master is killed,
      the VIP moves, the takeover is measured on the wire and the failover timeline printed
      from the journals; all removed at the end. --with-keepalived: Debian's keepalived is the
      second router. --keep: keep the configs and journals (their directory is printed).
  vigil run [-f FILE] [--journal DIR] [--fsync always|batch|none] [-D] [-P|-C] [-p PIDFILE] [-i CONFIG_ID]
            [-s|--namespace NAME] [-G|--no-syslog] [-S|--log-facility F]
  vigil -f FILE -n -l -D      keepalived's spelling of run (foreground; on the console only with -l)
      The daemon: the config's VRRP instances on this host's interfaces, adverts on the wire,
      VIPs, routes and rules through netlink, scripts and FIFOs; its virtual servers' health
      checkers and the kernel's IPVS table; every event and effect in the journal. -P runs
      VRRP only, -C the checkers only. SIGHUP reloads, SIGTERM stops (priority 0, VIPs
      released), SIGUSR1 / SIGUSR2 write keepalived's data and stats dumps. -s runs it in the
      network namespace /run/netns/NAME (keepalived's -s and net_namespace). Logs go to
      syslog as keepalived's (ident Keepalived_vrrp, LOG_DAEMON or -S 0-7 for local0-7)
      unless -G, and to stdout: always with \`vigil run\`, with -l in keepalived's spelling.
  vigil check-config [-f FILE] [--json] [--dump] [-i CONFIG_ID] [--no-env]
      Parse a keepalived.conf as keepalived 2.2 does and print FILE:LINE: severity: message
      lines. Exit code as keepalived -t: 0 usable, 4 cannot run, 5 errors (runs with a
      repaired config), 6 scripts without enable_script_security.
        -f, --use-file FILE   config file (default /etc/keepalived/keepalived.conf)
        --json                diagnostics as JSON
        --dump                the parsed config, with every default applied, as JSON
        -i, --config-id ID    config id for @id lines (default: the host name's first part)
        --no-env              skip the checks against this machine (interfaces, scripts),
                              to check a config meant for another machine
  vigil -t [-f FILE]          keepalived's spelling of check-config
  vigil simulate SCENARIO.yaml [--seed N | --seeds A..B] [--swarm] [--duration T] [--json]
      Run the scenario's routers on Vigil's reducer in a simulated network (see
      replay/sim/README.md): a timeline, split-brain windows, invariant verdicts; a failing
      seed prints the command that reproduces it. Exit 0 all held, 1 a violation, 2 bad input.
        --journal-dir DIR     write each node's journal to DIR/NODE (DIR/seed-N/NODE for ranges)
  vigil replay JOURNAL_DIR [--from SEQ] [--to SEQ] [--timeline] [--what-if CONFIG] [--json]
      Re-fold a journal's inputs through this build's reducer and compare every effect with the
      recorded one: "identical", or the first divergence (exit 1). --timeline: one line per
      transition with its reason. --what-if: the same inputs under another keepalived.conf.
  vigil journal inspect JOURNAL_DIR [--quick] [--json]
      Header, segments, record counts, time span; every CRC and record checked (exit 1 if damaged).
  vigil postmortem JOURNAL_DIR... [--reference NODE] [--json]
  vigil postmortem --sim SCENARIO.yaml [--seed N]
      Several nodes' journals on one clock: who was MASTER when, every split brain and its cause.
  vigil --version             print the version
  vigil --help                this text
`;

/** package.json is one folder up from bin/vigil.ts, two from the compiled dist/bin/vigil.js. */
function version(): string {
  const file = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find(existsSync);
  if (file === undefined) return 'Vigil (version unknown: package.json not found)';
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  return `Vigil v${pkg.version}`;
}

/**
 * Each command's modules load when it runs, not at start (the simulator's would
 * add tens of milliseconds to every `vigil -t`), and with require(), which
 * loads ES modules synchronously since Node 20.19: import() reads each of a
 * command's ~70 files through the libuv thread pool, and on a busy machine
 * every one of those round trips waits for a CPU. (So a command's modules may
 * not use top-level await: require() refuses those.)
 */
const load = createRequire(import.meta.url);

function runCheckConfig(args: readonly string[]): number {
  return (load('./commands/check-config.js') as typeof CheckConfigCommand).runCheckConfig(args);
}

function runSimulate(args: readonly string[]): number {
  return (load('./commands/simulate.js') as typeof SimulateCommand).runSimulate(args);
}

function runReplay(args: readonly string[]): number {
  return (load('./commands/replay.js') as typeof ReplayCommand).runReplay(args);
}

function runPostmortem(args: readonly string[]): number {
  return (load('./commands/postmortem.js') as typeof PostmortemCommand).runPostmortem(args);
}

function runDaemon(args: readonly string[], spelling: 'vigil' | 'keepalived' = 'vigil'): Promise<number> {
  return (load('./commands/run.js') as typeof RunCommand).runDaemon(args, spelling);
}

function runLab(args: readonly string[]): Promise<number> {
  return (load('./commands/lab.js') as typeof LabCommand).runLab(args);
}

function runJournal(args: readonly string[]): Promise<number> {
  return (load('./commands/journal.js') as typeof JournalCommand).runJournal(args);
}

function main(argv: readonly string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === 'check-config') return runCheckConfig(rest);
  if (command === 'simulate') return runSimulate(rest);
  if (command === 'replay') return runReplay(rest);
  if (command === 'postmortem') return runPostmortem(rest);
  if (command === 'journal') return runJournal(rest);
  if (command === 'run') return runDaemon(rest);
  if (command === 'lab') return runLab(rest);
  // keepalived spelling: -t/--config-test anywhere among the options.
  if (argv.some((a) => a === '-t' || a === '--config-test' || a.startsWith('--config-test='))) {
    return runCheckConfig(argv.filter((a) => a !== '-t' && a !== '--config-test').map((a) =>
      a.startsWith('--config-test=') ? `--use-file=${a.slice('--config-test='.length)}` : a));
  }
  // keepalived spelling of the daemon: options only (-f FILE -n -l -D ...).
  if (command.startsWith('-')) return runDaemon(argv, 'keepalived');
  process.stderr.write(`vigil: unknown command '${command}'\n\n${HELP}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
