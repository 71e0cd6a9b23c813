// One router of `vigil lab` (a `vigil run` or a keepalived), its log lines echoed with its name
// in front and kept, so the story can wait for "(VI_1) Entering MASTER STATE".
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export class NodeProcess {
  readonly name: string;
  readonly lines: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(name: string, command: string, args: readonly string[], echo: (line: string) => void) {
    this.name = name;
    this.child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('close', () => { resolve(); }));
    // keepalived -l logs on stderr, Vigil on stdout: both are the node's log.
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        echo(line);
      });
    }
    this.child.on('error', (e) => {
      this.lines.push(`cannot start ${command}: ${e.message}`);
      echo(this.lines.at(-1) ?? '');
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when `done()` holds, polled every 20 ms; rejects after `timeoutMs` or if the node exits. */
  async waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (!this.running) throw new Error(`${this.name} exited while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  logged(suffix: string): boolean {
    return this.lines.some((l) => l.endsWith(suffix));
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM (a graceful stop), SIGKILL after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 5000): Promise<void> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => { this.kill('SIGKILL'); }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
