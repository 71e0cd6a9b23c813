import { readFileSync } from 'node:fs';
import { runCheckConfig } from './commands/check-config.js';
import { runSimulate } from './commands/simulate.js';

/**
 * The `vigil` command. Subcommands in Vigil's spelling, plus keepalived's own
 * option spelling (`vigil -t -f FILE`) so existing habits and unit files work.
 */

const HELP = `vigil — keepalived-compatible, event-sourced high availability

Usage:
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
  vigil --version             print the version
  vigil --help                this text
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `Vigil v${pkg.version}`;
}

function main(argv: readonly string[]): number {
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
  // keepalived spelling: -t/--config-test anywhere among the options.
  if (argv.some((a) => a === '-t' || a === '--config-test' || a.startsWith('--config-test='))) {
    return runCheckConfig(argv.filter((a) => a !== '-t' && a !== '--config-test').map((a) =>
      a.startsWith('--config-test=') ? `--use-file=${a.slice('--config-test='.length)}` : a));
  }
  process.stderr.write(`vigil: unknown command '${command}'\n\n${HELP}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
