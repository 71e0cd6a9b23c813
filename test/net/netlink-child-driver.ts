// The test side of netlink-child.ts: starts it inside a namespace, collects its events, sends
// commands and waits for answers.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Effect, Event } from '../../core/events/index.js';

const CHILD = new URL('netlink-child.ts', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

export interface Result {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
}

interface Line {
  readonly type: 'event' | 'result' | 'resync' | 'error';
  readonly id?: number;
  readonly event?: Event;
  readonly reason?: string;
  readonly message?: string;
  readonly ok?: boolean;
  readonly code?: string;
}

export class NetlinkChild {
  readonly events: Event[] = [];
  readonly resyncs: string[] = [];
  readonly errors: string[] = [];
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (result: Result) => void>();
  private readonly watchers = new Set<() => void>();
  private nextId = 1;
  private stderr = '';
  private exit: Promise<number | null>;

  constructor(netns: string, env: NodeJS.ProcessEnv = {}) {
    this.process = spawn('ip', ['netns', 'exec', netns, process.execPath, '--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    this.exit = new Promise((resolve) => this.process.on('exit', (code) => {
      resolve(code);
    }));
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    createInterface({ input: this.process.stdout }).on('line', (text) => {
      this.receive(JSON.parse(text) as Line);
    });
  }

  private receive(line: Line): void {
    if (line.type === 'event' && line.event !== undefined) this.events.push(line.event);
    if (line.type === 'resync') this.resyncs.push(line.reason ?? '');
    if (line.type === 'error') this.errors.push(line.message ?? '');
    if (line.type === 'result' && line.id !== undefined) {
      this.pending.get(line.id)?.({
        ok: line.ok === true,
        ...(line.code === undefined ? {} : { code: line.code }),
        ...(line.message === undefined ? {} : { message: line.message }),
      });
      this.pending.delete(line.id);
    }
    for (const wake of this.watchers) wake();
  }

  private send(command: object, timeoutMs = 10_000): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no answer to ${JSON.stringify(command)} in ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.process.stdin.write(`${JSON.stringify({ id, ...command })}\n`);
    });
  }

  execute(effect: Effect): Promise<Result> {
    return this.send({ op: 'execute', effect });
  }

  /** Resolves when the child has started to stall its event loop for `ms`. */
  block(ms: number): Promise<Result> {
    return this.send({ op: 'block', ms });
  }

  /** Unsubscribes and closes the executor, then ends stdin: the child must then exit by itself. */
  async close(): Promise<Result> {
    const result = await this.send({ op: 'close' });
    this.process.stdin.end();
    return result;
  }

  /** The exit code, or 'running' if the child is still alive after `ms`. */
  async exited(ms: number): Promise<number | null | 'running'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'running'>((resolve) => {
      timer = setTimeout(() => {
        resolve('running');
      }, ms);
    });
    const outcome = await Promise.race([this.exit, late]);
    clearTimeout(timer);
    return outcome;
  }

  /** Resolves with the first event (from `from` on) that `match` accepts; rejects after `ms`. */
  waitFor<E extends Event>(match: (e: Event) => e is E, from = 0, ms = 10_000): Promise<E> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.slice(from).find(match);
        if (found === undefined) return false;
        this.watchers.delete(wake);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const wake = (): void => {
        check();
      };
      const timer = setTimeout(() => {
        this.watchers.delete(wake);
        reject(new Error(`no matching event in ${ms} ms; saw ${JSON.stringify(this.events.slice(from))}; stderr: ${this.stderr}`));
      }, ms);
      if (!check()) this.watchers.add(wake);
    });
  }

  kill(): void {
    this.process.kill('SIGKILL');
  }
}
