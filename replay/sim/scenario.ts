// A simulation scenario: nodes with their keepalived.conf, the network, a fault schedule and
// expectations. Parsed from YAML (replay/sim/README.md documents the format).
import { parse as parseYaml } from 'yaml';
import { parseDuration } from './duration.js';

export interface NetworkSettings {
  /** One-way delay, µs. */
  readonly latency: number;
  /** Extra delay drawn uniformly in [0, jitter), µs: packets can overtake each other. */
  readonly jitter: number;
  readonly loss: number;
  readonly duplicate: number;
}

export interface NodeSpec {
  readonly name: string;
  readonly address: string;
  readonly interface: string;
  readonly config: string;
  /** Local monotonic clock = global × (1 + drift) + offset. */
  readonly clockOffset: number;
  readonly clockDrift: number;
  /** vrrp_script name → exit status of every run (default 0). */
  readonly scripts: Readonly<Record<string, number>>;
}

interface FaultBase {
  readonly at: number;
  /** How long it lasts; undefined = for good. */
  readonly duration?: number;
}

export type Fault =
  | (FaultBase & { readonly kind: 'crash'; readonly node: string; readonly restartAfter?: number })
  | (FaultBase & { readonly kind: 'pause'; readonly node: string })
  | (FaultBase & { readonly kind: 'isolate'; readonly node: string })
  | (FaultBase & { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[]; readonly oneWay: boolean })
  | (FaultBase & { readonly kind: 'loss'; readonly from?: string; readonly to?: string; readonly rate: number })
  | (FaultBase & { readonly kind: 'clog'; readonly from?: string; readonly to?: string })
  | (FaultBase & { readonly kind: 'link'; readonly node: string; readonly interface: string })
  | (FaultBase & { readonly kind: 'script'; readonly node: string; readonly script: string; readonly status: number })
  | (FaultBase & { readonly kind: 'trackFile'; readonly node: string; readonly file: string; readonly value: number })
  | (FaultBase & { readonly kind: 'effectFailure'; readonly node: string; readonly effect: string; readonly error: string })
  | (FaultBase & { readonly kind: 'reload'; readonly node: string; readonly config: string })
  | (FaultBase & { readonly kind: 'shutdown'; readonly node: string });

export type FaultKind = Fault['kind'];

export interface Expectation {
  readonly at: number;
  readonly vrid: number;
  /** Node name, or 'none'. */
  readonly master: string;
}

export interface Scenario {
  readonly name: string;
  readonly duration: number;
  readonly network: NetworkSettings;
  readonly nodes: readonly NodeSpec[];
  readonly faults: readonly Fault[];
  readonly expect: readonly Expectation[];
  /** Draw random faults (and their rates) per seed on top of the schedule. */
  readonly swarm: boolean;
}

export class ScenarioError extends Error {}

type Reader = (path: string) => string;

/** Field access with a path for error messages. */
class Fields {
  readonly path: string;
  private readonly value: Readonly<Record<string, unknown>>;

  constructor(value: unknown, path: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScenarioError(`${path}: expected a mapping`);
    this.value = value as Readonly<Record<string, unknown>>;
    this.path = path;
  }

  keys(): string[] {
    return Object.keys(this.value);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  string(key: string, fallback?: string): string {
    const v = this.value[key] ?? fallback;
    if (typeof v !== 'string' || v === '') throw new ScenarioError(`${this.path}.${key}: expected text`);
    return v;
  }

  number(key: string, fallback?: number): number {
    const v = this.value[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ScenarioError(`${this.path}.${key}: expected a number`);
    return v;
  }

  duration(key: string, fallback?: number): number {
    const v = this.value[key];
    if (v === undefined && fallback !== undefined) return fallback;
    const d = parseDuration(v);
    if (d === undefined) throw new ScenarioError(`${this.path}.${key}: expected a duration like 1.5s or 200ms`);
    return d;
  }

  optionalDuration(key: string): number | undefined {
    return this.has(key) ? this.duration(key) : undefined;
  }

  /** Keys other than `allowed` are mistakes: say so instead of ignoring them. */
  only(allowed: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) throw new ScenarioError(`${this.path}.${key}: unknown key (expected one of ${allowed.join(', ')})`);
    }
  }
}

function parseNode(value: unknown, path: string, read: Reader): NodeSpec {
  const f = new Fields(value, path);
  f.only(['name', 'address', 'interface', 'config', 'config_file', 'clock_offset', 'clock_drift_ppm', 'scripts']);
  const config = f.has('config') ? f.string('config') : f.has('config_file') ? read(f.string('config_file')) : undefined;
  if (config === undefined) throw new ScenarioError(`${path}: needs config (inline keepalived.conf) or config_file`);
  const scripts: Record<string, number> = {};
  if (f.has('scripts')) {
    const s = new Fields(f.raw('scripts'), `${path}.scripts`);
    for (const key of s.keys()) scripts[key] = s.number(key);
  }
  return {
    name: f.string('name'),
    address: f.string('address'),
    interface: f.string('interface', 'eth0'),
    config,
    clockOffset: f.duration('clock_offset', 0),
    clockDrift: f.has('clock_drift_ppm') ? f.number('clock_drift_ppm') / 1e6 : 0,
    scripts,
  };
}

const FAULT_KEYS: Readonly<Record<FaultKind, readonly string[]>> = {
  crash: ['node', 'restart_after'],
  pause: ['node'],
  isolate: ['node'],
  partition: ['between', 'groups', 'one_way'],
  loss: ['from', 'to', 'rate'],
  clog: ['from', 'to'],
  link: ['node', 'interface', 'up'],
  script: ['node', 'script', 'status'],
  trackFile: ['node', 'file', 'value'],
  effectFailure: ['node', 'effect', 'error'],
  reload: ['node', 'config', 'config_file'],
  shutdown: ['node'],
};

const KIND_NAMES: Readonly<Record<string, FaultKind>> = {
  crash: 'crash', pause: 'pause', isolate: 'isolate', partition: 'partition', loss: 'loss', clog: 'clog',
  link: 'link', script: 'script', track_file: 'trackFile', effect_failure: 'effectFailure', reload: 'reload',
  shutdown: 'shutdown',
};

function parseFault(value: unknown, path: string, read: Reader, nodes: ReadonlySet<string>): Fault {
  const f = new Fields(value, path);
  const kindName = f.string('kind');
  const kind = KIND_NAMES[kindName];
  if (kind === undefined) throw new ScenarioError(`${path}.kind: unknown fault '${kindName}' (expected one of ${Object.keys(KIND_NAMES).join(', ')})`);
  f.only(['kind', 'at', 'duration', ...FAULT_KEYS[kind]]);
  const node = (key = 'node'): string => {
    const n = f.string(key);
    if (!nodes.has(n)) throw new ScenarioError(`${path}.${key}: no node named '${n}'`);
    return n;
  };
  const optionalNode = (key: string): Record<string, string> => (f.has(key) ? { [key]: node(key) } : {});
  const duration = f.optionalDuration('duration');
  const base = { at: f.duration('at'), ...(duration === undefined ? {} : { duration }) };
  switch (kind) {
    case 'crash': {
      const restartAfter = f.optionalDuration('restart_after');
      return { kind, ...base, node: node(), ...(restartAfter === undefined ? {} : { restartAfter }) };
    }
    case 'pause':
    case 'isolate':
    case 'shutdown':
      return { kind, ...base, node: node() };
    case 'partition': {
      const between = f.raw('between');
      const groups = f.raw('groups');
      const list = Array.isArray(between) ? [between.slice(0, 1), between.slice(1)] : groups;
      if (!Array.isArray(list) || list.length < 2) throw new ScenarioError(`${path}: partition needs between: [a, b] or groups: [[a], [b, c]]`);
      const parsed = list.map((g, i) => {
        if (!Array.isArray(g)) throw new ScenarioError(`${path}.groups[${i}]: expected a list of node names`);
        return g.map((n) => {
          if (typeof n !== 'string' || !nodes.has(n)) throw new ScenarioError(`${path}: no node named '${String(n)}'`);
          return n;
        });
      });
      return { kind, ...base, groups: parsed, oneWay: f.raw('one_way') === true };
    }
    case 'loss':
      return { kind, ...base, ...optionalNode('from'), ...optionalNode('to'), rate: f.number('rate') };
    case 'clog':
      return { kind, ...base, ...optionalNode('from'), ...optionalNode('to') };
    case 'link':
      return { kind, ...base, node: node(), interface: f.string('interface', 'eth0') };
    case 'script':
      return { kind, ...base, node: node(), script: f.string('script'), status: f.number('status', 1) };
    case 'trackFile':
      return { kind, ...base, node: node(), file: f.string('file'), value: f.number('value') };
    case 'effectFailure':
      return { kind, ...base, node: node(), effect: f.string('effect'), error: f.string('error', 'EPERM') };
    case 'reload': {
      const config = f.has('config') ? f.string('config') : read(f.string('config_file'));
      return { kind, ...base, node: node(), config };
    }
  }
}

export function parseScenario(text: string, read: Reader = () => { throw new ScenarioError('config_file needs a scenario file on disk'); }): Scenario {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ScenarioError(`not YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const f = new Fields(doc, 'scenario');
  f.only(['name', 'duration', 'network', 'nodes', 'faults', 'expect', 'swarm']);
  const nodesRaw = f.raw('nodes');
  if (!Array.isArray(nodesRaw) || nodesRaw.length === 0) throw new ScenarioError('scenario.nodes: expected a list of nodes');
  const nodes = nodesRaw.map((n, i) => parseNode(n, `scenario.nodes[${i}]`, read));
  const names = new Set(nodes.map((n) => n.name));
  if (names.size !== nodes.length) throw new ScenarioError('scenario.nodes: node names must be unique');
  const net = f.has('network') ? new Fields(f.raw('network'), 'scenario.network') : undefined;
  net?.only(['latency', 'jitter', 'loss', 'duplicate']);
  const faultsRaw = f.raw('faults') ?? [];
  const expectRaw = f.raw('expect') ?? [];
  if (!Array.isArray(faultsRaw)) throw new ScenarioError('scenario.faults: expected a list');
  if (!Array.isArray(expectRaw)) throw new ScenarioError('scenario.expect: expected a list');
  return {
    name: f.string('name', 'scenario'),
    duration: f.duration('duration', 60_000_000),
    network: {
      latency: net?.duration('latency', 500) ?? 500,
      jitter: net?.duration('jitter', 0) ?? 0,
      loss: net?.has('loss') === true ? net.number('loss') : 0,
      duplicate: net?.has('duplicate') === true ? net.number('duplicate') : 0,
    },
    nodes,
    faults: faultsRaw.map((x, i) => parseFault(x, `scenario.faults[${i}]`, read, names)),
    expect: expectRaw.map((x, i) => {
      const e = new Fields(x, `scenario.expect[${i}]`);
      e.only(['at', 'vrid', 'master']);
      const master = e.string('master');
      if (master !== 'none' && !names.has(master)) throw new ScenarioError(`scenario.expect[${i}].master: no node named '${master}'`);
      return { at: e.duration('at'), vrid: e.number('vrid'), master };
    }),
    swarm: f.raw('swarm') === true,
  };
}
