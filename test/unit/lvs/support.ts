// Drives core/lvs the way the reducer will: parsed keepalived.conf text, then events at given
// times, collecting the effects of each step.
import type { CheckResult, Effect, IpvsServiceEntry } from '../../../core/events/index.js';
import { lvsOnCheckResult, lvsOnTableRead, lvsOnTimer, lvsStart, type LvsState } from '../../../core/lvs/index.js';
import { configFrom } from '../../support/config.js';

export const SECOND = 1_000_000;

/** A virtual server block around `body` (TCP, rr, NAT unless the body says otherwise). */
export function vsConf(body: string, head = '10.0.0.1 80', global = ''): string {
  return `${global === '' ? '' : `global_defs {\n${global}\n}\n`}virtual_server ${head} {
  lvs_sched rr
  lvs_method NAT
  protocol TCP
  delay_loop 10
${body}
}
`;
}

/** A real server with one TCP_CHECK (warmup 0 so the first run is at 1 s) and extra lines. */
export function rs(address: string, lines = '', check = 'TCP_CHECK {\n warmup 0\n }'): string {
  return `  real_server ${address} {\n${lines}\n${check}\n  }`;
}

export class Driver {
  state: LvsState;
  /** Effects of the last step. */
  effects: Effect[] = [];
  constructor(text: string, options: { readonly table?: readonly IpvsServiceEntry[] | false; readonly local?: ReadonlySet<string> } = {}) {
    this.state = lvsStart(configFrom(text), 0, this.effects, options.local);
    if (options.table !== false && this.state.phase === 'reading') {
      const started = this.effects;
      this.state = lvsOnTableRead(this.state, { kind: 'IpvsTableRead', services: options.table ?? [], ok: true, error: '' }, 0, (this.effects = []));
      this.effects = [...started, ...this.effects];
    }
  }

  /** Checker ids in config order. */
  get ids(): string[] {
    return [...this.state.checkers.keys()];
  }

  checker(id: string): LvsState['virtualServers'][number]['realServers'][number]['checkers'][number] {
    const ref = this.state.checkers.get(id);
    const c = ref === undefined ? undefined : this.state.virtualServers[ref.vs]?.realServers[ref.rs]?.checkers[ref.checker];
    if (c === undefined) throw new Error(`no checker ${id}`);
    return c;
  }

  step(f: (effects: Effect[]) => LvsState): Effect[] {
    this.effects = [];
    this.state = f(this.effects);
    return this.effects;
  }

  timer(id: string, at: number): Effect[] {
    return this.step((e) => lvsOnTimer(this.state, `check:${id}`, at, e));
  }

  result(id: string, at: number, ok: boolean, extra: Partial<Omit<CheckResult, 'kind' | 'checker' | 'ok'>> = {}): Effect[] {
    return this.step((e) => lvsOnCheckResult(this.state, { kind: 'CheckResult', checker: id, ok, detail: '', ...extra }, at, e));
  }

  /** Fires the checker's armed timer and answers its RunCheck at the same time; the effects of both. */
  check(id: string, ok: boolean, extra: Partial<Omit<CheckResult, 'kind' | 'checker' | 'ok'>> = {}): Effect[] {
    const at = this.checker(id).armedAt;
    if (at === undefined) throw new Error(`${id} is not armed`);
    const fired = this.timer(id, at);
    const done = this.result(id, at, ok, extra);
    this.effects = [...fired, ...done];
    return this.effects;
  }
}

export function logs(effects: readonly Effect[]): string[] {
  return effects.flatMap((e) => (e.kind === 'Log' ? [e.message] : []));
}

/** IPVS effects in short form: "add-dest 10.0.0.11:8080 w2", "del-service TCP 10.0.0.1:80", ... */
export function ipvs(effects: readonly Effect[]): string[] {
  const svc = (k: { protocol: string; address: string; port: number; fwmark: number }): string =>
    k.fwmark !== 0 ? `fwm${k.fwmark}` : `${k.protocol} ${k.address}:${k.port}`;
  return effects.flatMap((e): string[] => {
    switch (e.kind) {
      case 'IpvsAddService':
        return [`add-service ${svc(e.service.key)}`];
      case 'IpvsUpdateService':
        return [`update-service ${svc(e.service.key)}`];
      case 'IpvsDeleteService':
        return [`del-service ${svc(e.key)}`];
      case 'IpvsAddDest':
        return [`add-dest ${svc(e.service)} ${e.dest.address}:${e.dest.port} w${e.dest.weight}`];
      case 'IpvsUpdateDest':
        return [`update-dest ${svc(e.service)} ${e.dest.address}:${e.dest.port} w${e.dest.weight}`];
      case 'IpvsDeleteDest':
        return [`del-dest ${svc(e.service)} ${e.dest.address}:${e.dest.port}`];
      case 'IpvsFlush':
        return ['flush'];
      default:
        return [];
    }
  });
}

/** Scripts and FIFO lines in short form: "script /bin/up a", "fifo /run/f RS ... UP". */
export function notifies(effects: readonly Effect[]): string[] {
  return effects.flatMap((e): string[] => {
    if (e.kind === 'RunScript') return [`script ${e.argv.join(' ')}${e.timeoutMicros === undefined ? '' : ` (${e.timeoutMicros})`}`];
    if (e.kind === 'WriteFifo') return [`fifo ${e.path} ${e.line}`];
    return [];
  });
}

export function timers(effects: readonly Effect[]): string[] {
  return effects.flatMap((e): string[] => {
    if (e.kind === 'ScheduleTimer') return [`${e.timer}@${e.atMicros}`];
    if (e.kind === 'CancelTimer') return [`cancel ${e.timer}`];
    if (e.kind === 'RunCheck') return [`run ${e.checker}`];
    return [];
  });
}
