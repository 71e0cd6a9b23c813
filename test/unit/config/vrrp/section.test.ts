import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newDefinedTrackers, type ParseContext } from '../../../../core/config/context.js';
import { DiagnosticSink } from '../../../../core/config/diagnostics.js';
import { lexConfigText } from '../../../../core/config/lexer.js';
import { defaultVrrpGlobalDefaults } from '../../../../core/config/vrrp/defaults.js';
import type { VrrpConfig } from '../../../../core/config/vrrp/model.js';
import { interfacesOf, scriptsOf, vrrpSection } from '../../../../core/config/vrrp/section.js';

/** Lex TEXT, run the VRRP section over it (registering vrrp_script/track_file names), finish. */
function run(text: string, defaults = defaultVrrpGlobalDefaults): { model: VrrpConfig; diags: string[] } {
  const { nodes } = lexConfigText(text, 'k.conf');
  const sink = new DiagnosticSink();
  const ctx: ParseContext = { sink, configId: 'x', defined: newDefinedTrackers() };
  const section = vrrpSection();
  for (const node of nodes) {
    const handler = section.keywords[node.keyword];
    if (handler !== undefined) handler(node, ctx);
    else if (node.keyword === 'vrrp_script') ctx.defined.vrrpScripts.set(node.args[0] ?? '', { weight: 0, reverse: false });
    else if (node.keyword === 'track_file') ctx.defined.trackFiles.set(node.args[0] ?? '', { weight: 1, reverse: false });
  }
  const model = section.finish(ctx, defaults);
  return { model, diags: sink.items.map((d) => `${d.severity} ${d.loc?.line ?? '-'}: ${d.message}`) };
}

function firstInstance(model: VrrpConfig): VrrpConfig['instances'][number] {
  const instance = model.instances[0];
  assert.ok(instance !== undefined, 'expected an instance');
  return instance;
}

/** A valid instance (lines 1-7) with BODY inserted at line 8, then EXTRA after the block. */
function inst(body: string, extra = ''): string {
  return `vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n  virtual_ipaddress {\n    10.0.0.1/24\n  }\n${body}\n}\n${extra}`;
}

// Each case was checked against keepalived 2.2.7 `keepalived -t` (exit 5 = 'error').
const cases: readonly { name: string; text: string; diags: readonly string[] }[] = [
  { name: 'baseline is clean', text: inst(''), diags: [] },
  { name: 'vrrp_parser.c vrid range', text: inst('  virtual_router_id 0'), diags: ["error 8: number '0' outside range [1, 255]", "error 8: (VI_1): VRID '0' not valid - must be between 1 & 255"] },
  { name: 'vrrp_parser.c priority range', text: inst('  priority 0'), diags: ["error 8: number '0' outside range [1, 255]", 'error 8: (VI_1) Priority not valid! must be between 1 & 255. Using default 100'] },
  { name: 'vrrp_parser.c state is case sensitive', text: inst('  state Master'), diags: ["error 8: (VI_1) unknown state 'Master', defaulting to BACKUP"] },
  { name: 'vrrp_parser.c auth_pass truncation', text: inst('  authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }'), diags: ['error 10: Truncating auth_pass to 8 characters'] },
  { name: 'vrrp_parser.c advert_int range', text: inst('  advert_int 300'), diags: ["error 8: number '300' outside range [0.010000, 255.000000]", 'error 8: (VI_1) Advert interval (300) not valid! Must be > 0 - ignoring'] },
  { name: 'vrrp.c v2 advert_int rounding', text: inst('  advert_int 1.5'), diags: ['error 1: (VI_1) VRRPv2 advertisement interval 1.500000s must be an integer. rounding'] },
  { name: 'vrrp.c v3 centisecond rounding', text: inst('  version 3\n  advert_int 0.015'), diags: ['error 1: (VI_1) VRRPv3 advertisement interval 0.015000s must be in units of 10ms - rounding'] },
  { name: 'vrrp.c nopreempt with state MASTER', text: inst('  state MASTER\n  nopreempt'), diags: ['error 1: (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing'] },
  { name: 'vrrp.c preempt_delay with state MASTER', text: inst('  state MASTER\n  preempt_delay 10'), diags: ['error 1: (VI_1) Warning - preempt delay will not work with initial state MASTER - clearing'] },
  { name: 'vrrp.c auth without password', text: inst('  authentication {\n    auth_type PASS\n  }'), diags: ['error 1: (VI_1) Authentication specified but no password given. Ignoring'] },
  { name: 'vrrp.c AH with state MASTER', text: inst('  state MASTER\n  priority 150\n  authentication {\n    auth_type AH\n    auth_pass x\n  }'), diags: ['error 1: (VI_1) Initial state master is incompatible with AH authentication - clearing'] },
  { name: 'vrrp.c VRID required', text: 'vrrp_instance VI_1 {\n  interface eth0\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}', diags: ['error 1: (VI_1) the virtual router id must be set'] },
  { name: 'vrrp.c no VIP (2.2.7 prints it twice)', text: 'vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 5\n}', diags: ['error 1: (VI_1) No VIP specified; at least one is sensible', 'error 1: (VI_1) No VIP specified; at least one is sensible'] },
  { name: 'vrrp_parser.c duplicate instance', text: inst('', 'vrrp_instance VI_1 {\n}'), diags: ['error 10: vrrp instance VI_1 already defined'] },
  { name: 'vrrp_parser.c instance needs a name', text: inst('', 'vrrp_instance {\n}'), diags: ['error 10: vrrp_instance must have a name'] },
  { name: 'vrrp_parser.c lvs_sync_daemon_interface deprecated', text: inst('  lvs_sync_daemon_interface eth1'), diags: ['error 8: (VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.', 'error 8:         Please use global lvs_sync_daemon'] },
  { name: 'vrrp_parser.c unicast_ttl without peers', text: inst('  unicast_ttl 5'), diags: ['error 1: (VI_1): Cannot use unicast_ttl without unicast peers - resetting'] },
  { name: 'vrrp.c unicast keyword, no peers', text: inst('  unicast_peer {\n  }'), diags: ['error 1: (VI_1) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.'] },
  { name: 'vrrp_ipaddress.c invalid address', text: inst('  virtual_ipaddress_excluded {\n    10.0.0.300/24\n  }'), diags: ['error 9: VRRP parsed invalid IP 10.0.0.300/24. skipping IP...'] },
  { name: 'vrrp_ipaddress.c unknown options', text: inst('  virtual_ipaddress_excluded {\n    10.0.0.3/24 foo bar\n  }'), diags: ["error 9: Unknown configuration entry 'foo' for ip address - ignoring", "error 9: Unknown configuration entry 'bar' for ip address - ignoring"] },
  { name: 'vrrp_iproute.c gw deprecated', text: inst('  virtual_routes {\n    10.1.0.0/16 gw 10.0.0.254 dev eth0\n  }'), diags: ['error 9: "gw" for routes is deprecated. Please use "via"'] },
  { name: 'vrrp_iproute.c or deprecated', text: inst('  virtual_routes {\n    10.1.0.0/16 via 10.0.0.254 dev eth0 or 10.0.0.253\n  }'), diags: ['error 9: "or" for routes is deprecated. Please use "nexthop"'] },
  { name: 'vrrp_iproute.c route without interface', text: inst('  virtual_routes {\n    10.1.0.0/16 via 10.0.0.254\n  }'), diags: ['error 9: Warning - cannot track route 10.1.0.0/16 with no interface specified, not tracking'] },
  { name: 'vrrp_iprule.c rule without preference', text: inst('  virtual_rules {\n    from 10.0.0.0/24 table 5\n  }'), diags: ['error 9: Rule has no preference specified - setting to 16384. This is probably not what you want.'] },
  { name: 'vrrp_track.c track_interface checks', text: inst('  track_interface {\n    eth1\n    eth1 weight 10\n    eth2 weight 254\n    eth3 foo\n  }'), diags: ['error 10: (VI_1) duplicate track_interface eth1 - ignoring', 'error 11: (VI_1) weight for eth2 cannot be +/-254. Setting to +/-253', 'error 12: (VI_1) unknown track_interface eth3 option foo - ignoring'] },
  { name: 'vrrp_track.c track script resolved in file order', text: inst('  track_script {\n    chk\n  }', 'vrrp_script chk {\n}'), diags: ['error 9: (VI_1) track script chk not found, ignoring...'] },
  { name: 'vrrp.c owner drops weighted interface tracking', text: inst('  priority 255\n  track_interface {\n    eth1 weight 10\n  }'), diags: ['error 1: (VI_1) ignoring eth1 tracked interface due to address owner'] },
  { name: 'vrrp_sync.c one-member group', text: inst('', 'vrrp_sync_group G { group { VI_1 } }'), diags: ["error 10: Sync group G has only 1 virtual router(s) - this probably isn't what you want"] },
  { name: 'vrrp_sync.c unknown member', text: inst('', 'vrrp_sync_group G { group { VI_9 } }'), diags: ["error 10: Virtual router VI_9 specified in sync group G doesn't exist - ignoring", 'error 10: Sync group G, no matching virtual router found in group declaration - removing'] },
  {
    name: 'vrrp.c sync members drop weighted scripts',
    text: 'vrrp_script chk {\n}\n' + inst('  track_script {\n    chk weight 10\n  }', 'vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n virtual_ipaddress { 10.0.0.2 }\n}\nvrrp_sync_group G { group {\n VI_1\n VI_2 } }'),
    diags: ['error 3: (VI_1) ignoring tracked script chk with weights due to SYNC group'],
  },
];

describe('vrrp section diagnostics (keepalived 2.2.7)', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(run(c.text).diags, c.diags);
    });
  }
});

describe('keepalived samples', () => {
  it('keepalived.conf.vrrp.lvs_syncd: members outside `group {}` are unknown keywords', () => {
    const text = '! x\n\nvrrp_sync_group VG1 {\n  VI_2\n  VI_3\n}\n\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    lvs_sync_daemon_interface eth1\n    virtual_router_id 51\n    virtual_ipaddress {\n        192.168.200.16\n    }\n}\n';
    const { diags } = run(text);
    assert.deepEqual(diags.slice(0, 2), ["error 4: Unknown keyword 'VI_2'", "error 5: Unknown keyword 'VI_3'"]);
    assert.equal(diags.at(-1), 'error 3: Sync group VG1 has no virtual router(s). removing');
  });
  it('keepalived.conf.vrrp.rules: rule preferences count down 16384, 16383 across static and virtual rules', () => {
    const text = 'static_rules {\n    from 192.168.100.0/24 table 1\n    to 192.168.100./24 table 1\n}\n' + inst('  virtual_rules {\n    from 192.168.200.0/24 table 2\n  }');
    const { model, diags } = run(text);
    assert.deepEqual(diags, [
      'error 2: Rule has no preference specified - setting to 16384. This is probably not what you want.',
      'error 3: VRRP parsed invalid IP 192.168.100./24. skipping IP...',
      'error 3: Invalid rule to address 192.168.100./24',
      'error 13: Rule has no preference specified - setting to 16383. This is probably not what you want.',
    ]);
    assert.equal(model.staticRules[0]?.preference, 16384);
    assert.equal(model.instances[0]?.rules[0]?.preference, 16383);
  });
});

describe('vrrp model defaults (vrrp_complete_instance)', () => {
  it('state MASTER without priority is the address owner (255), accept on', () => {
    const i = firstInstance(run('vrrp_instance V {\n interface eth0\n state MASTER\n virtual_router_id 1\n virtual_ipaddress { 10.0.0.1 }\n}').model);
    assert.equal(i.priority, 255);
    assert.equal(i.accept, true);
    assert.equal(i.initialState, 'MASTER');
  });
  it('IPv6 VIPs force version 3 and the IPv6 group', () => {
    const i = firstInstance(run('vrrp_instance V {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress { fe80::1 }\n}').model);
    assert.equal(i.version, 3);
    assert.equal(i.family, 'inet6');
    assert.equal(i.mcastDstIp, 'ff02::12');
  });
  it('global defaults flow in; VIPs get the instance interface; strict forces lower-prio GARPs off', () => {
    const i = firstInstance(run(inst('  strict_mode'), { ...defaultVrrpGlobalDefaults, garpMasterRepeat: 2 }).model);
    assert.equal(i.garp.masterRepeat, 2);
    assert.equal(i.garp.lowerPrioRepeat, 0);
    assert.equal(i.lowerPrioNoAdvert, true);
    assert.equal(i.accept, false);
    assert.equal(i.vips[0]?.dev, 'eth0');
    assert.equal(i.advertIntervalMicros, 1_000_000);
  });
  it('interfacesOf reports the interface line and VIP devices; scriptsOf splits notify argv', () => {
    const { model } = run(inst('  notify_master "/bin/n.sh a b" root\n  virtual_ipaddress_excluded {\n    10.9.0.1 dev eth2\n  }'));
    assert.deepEqual(interfacesOf(model).map((r) => `${r.loc.line} ${r.missingMessage}`), [
      "2 WARNING - interface eth0 for vrrp_instance VI_1 doesn't exist",
      "10 WARNING - interface eth2 for ip address 10.9.0.1 doesn't exist",
    ]);
    assert.deepEqual(scriptsOf(model).map((s) => [s.argv, s.user]), [[['/bin/n.sh', 'a', 'b'], 'root']]);
  });
});
