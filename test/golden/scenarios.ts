// The golden scenarios: small clusters, a few things happening to them, in simulated time. The
// effects every node emits are the golden output (expected/NAME.txt), in the spirit of
// Pacemaker's scheduler regression suite: a change in behaviour shows up as a diff to review.
import { Cluster, configLoaded, instanceConfig, type NodeSpec } from '../support/cluster.js';

export interface Scenario {
  readonly name: string;
  /** What it shows, and the rule it pins (reference section or RFC). */
  readonly about: string;
  readonly until: number;
  readonly build: () => Cluster;
}

const A = '192.168.100.1';
const B = '192.168.100.2';
const S = 1_000_000;

function pair(a: string, b: string): NodeSpec[] {
  return [
    { name: 'a', address: A, config: a },
    { name: 'b', address: B, config: b },
  ];
}

/** A node that boots at `at` instead of 0. */
function bootLater(c: Cluster, name: string, at: number): void {
  const n = c.node(name);
  c.push(at, name, { kind: 'LinkChanged', interface: 'eth0', index: 2, exists: true, up: true, running: true });
  c.push(at, name, { kind: 'AddressChanged', interface: 'eth0', family: 'inet', address: n.spec.address, prefixLength: 24, present: true });
  c.push(at, name, configLoaded(n.spec.config, `digest-${name}`));
}

const SCRIPTED = (extra: string): string => `vrrp_script chk {
  script "/usr/local/bin/chk"
  interval 2
  weight -60
  fall 1
}
${instanceConfig({ priority: 150, extra: `track_script { chk }\n${extra}` })}`;

export const scenarios: readonly Scenario[] = [
  {
    name: 'election',
    about: 'Two routers start together; the higher priority times out first (3 × 1 s + skew) and wins. RFC 3768 §6.4.',
    until: 8 * S,
    build: () => new Cluster(pair(instanceConfig({ priority: 150 }), instanceConfig({ priority: 100 }))).start(0),
  },
  {
    name: 'master-shutdown',
    about: 'The master is stopped: priority 0, VIPs released; the backup takes over after Skew_Time. RFC 5798 §6.4.3.',
    until: 12 * S,
    build: () => {
      const c = new Cluster(pair(instanceConfig({ priority: 150 }), instanceConfig({ priority: 100 }))).start(0);
      c.shutdown(8 * S, 'a');
      return c;
    },
  },
  {
    name: 'preemption',
    about: 'A higher priority router boots while a lower one is master: it discards the lower adverts, times out, takes over; the old master yields. Reference §2.3.',
    until: 14 * S,
    build: () => {
      const c = new Cluster(pair(instanceConfig({ priority: 150 }), instanceConfig({ priority: 100 })));
      bootLater(c, 'b', 0);
      bootLater(c, 'a', 6 * S);
      return c;
    },
  },
  {
    name: 'nopreempt',
    about: 'As preemption, but the late router has nopreempt: it accepts the lower master and stays BACKUP. Reference §2.4.',
    until: 14 * S,
    build: () => {
      const c = new Cluster(pair(instanceConfig({ priority: 150, extra: 'nopreempt' }), instanceConfig({ priority: 100 })));
      bootLater(c, 'b', 0);
      bootLater(c, 'a', 6 * S);
      return c;
    },
  },
  {
    name: 'preempt-delay',
    about: 'preempt_delay 4: the higher router waits 4 s after first seeing the lower master, then lets its timer run out. Reference §2.4.',
    until: 18 * S,
    build: () => {
      const c = new Cluster(pair(instanceConfig({ priority: 150, extra: 'preempt_delay 4' }), instanceConfig({ priority: 100 })));
      bootLater(c, 'b', 0);
      bootLater(c, 'a', 6 * S);
      return c;
    },
  },
  {
    name: 'partition',
    about: 'The backup is cut off for 6 s: it becomes MASTER too (split brain); when the link heals the lower one yields.',
    until: 18 * S,
    build: () => new Cluster(pair(instanceConfig({ priority: 150 }), instanceConfig({ priority: 100 }))).start(0).isolateBetween('b', 6 * S, 12 * S),
  },
  {
    name: 'track-script-failover',
    about: 'A weighted track script fails on the master (150 − 60 = 90 < 100): the backup discards the lower adverts and takes over. Reference §2.5.',
    until: 16 * S,
    build: () =>
      new Cluster(pair(SCRIPTED(''), instanceConfig({ priority: 100 })), {
        scripts: (node, _script, at) => (node === 'a' && at >= 8 * S ? 1 : 0),
      }).start(0),
  },
  {
    name: 'interface-down',
    about: 'The master\'s interface goes down: FAULT with priority 0; when it comes back it is BACKUP and preempts again. Reference §2.1.',
    until: 20 * S,
    build: () => {
      const c = new Cluster(pair(instanceConfig({ priority: 150 }), instanceConfig({ priority: 100 }))).start(0);
      c.setLink(8 * S, 'a', false);
      c.setLink(12 * S, 'a', true);
      return c;
    },
  },
  {
    name: 'v3-equal-priority',
    about: 'VRRPv3, equal priorities, started together: both time out, the lower address yields to the higher. RFC 5798 §6.4.3.',
    until: 8 * S,
    build: () =>
      new Cluster(pair(instanceConfig({ priority: 100, extra: 'version 3' }), instanceConfig({ priority: 100, extra: 'version 3' }))).start(0),
  },
  {
    name: 'reload-removes-master',
    about: 'The master is reloaded with a config without its instance: priority 0, VIPs released, FAULT notify; the backup takes over. Reference §2.12.',
    until: 12 * S,
    build: () => {
      const c = new Cluster(pair(instanceConfig({ priority: 150, extra: 'notify /usr/local/bin/n.sh' }), instanceConfig({ priority: 100 }))).start(0);
      const other = instanceConfig({ priority: 150, vips: ['192.168.100.60/24'] }).replace('virtual_router_id 51', 'virtual_router_id 60');
      c.reload(8 * S, 'a', other);
      return c;
    },
  },
];
