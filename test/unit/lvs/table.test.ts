// The IPVS table derived from the config (keepalived ipvswrapper.c ipvs_set_srule, ipvs_set_drule,
// ipvs_cmd, ipvs_group_cmd, ipvs_group_range_cmd; check_parser.c lvs_flags_handler).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IpvsServiceEntry } from '../../../core/events/index.js';
import { desiredTable } from '../../../core/lvs/index.js';
import { Driver } from './support.js';

function table(text: string): IpvsServiceEntry[] {
  return desiredTable(new Driver(text).state);
}

const vs = (head: string, lines: string, servers: string): string => `virtual_server ${head} {\n delay_loop 10\n${lines}\n${servers}\n}\n`;
const server = (address: string, lines = ''): string => ` real_server ${address} {\n${lines}\n }\n`;

describe('services', () => {
  const cases: { name: string; text: string; services: Partial<IpvsServiceEntry['service']>[] }[] = [
    {
      name: 'an address service, not persistent',
      text: vs('10.0.0.1 80', 'lvs_sched wlc\nlvs_method NAT\nprotocol TCP', server('10.0.0.11 8080')),
      services: [{ key: { family: 'inet', protocol: 'TCP', address: '10.0.0.1', port: 80, fwmark: 0 }, scheduler: 'wlc', flags: 0, timeout: 0, netmask: 0xffffffff }],
    },
    {
      name: 'persistence_timeout and persistence_granularity (IPv4 mask as a number)',
      text: vs('10.0.0.1 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP\npersistence_timeout 600\npersistence_granularity 255.255.255.0', server('10.0.0.11 8080')),
      services: [{ flags: 0x1, timeout: 600, netmask: 0xffffff00 }],
    },
    {
      name: 'persistence_engine goes with persistence',
      text: vs('10.0.0.1 5060', 'lvs_sched rr\nlvs_method NAT\nprotocol UDP\npersistence_timeout 30\npersistence_engine sip', server('10.0.0.11 5060')),
      services: [{ flags: 0x1, timeout: 30, peName: 'sip' }],
    },
    {
      name: 'IPv6: prefix length granularity, default 128',
      text:
        vs('2001:db8::1 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP\npersistence_timeout 60\npersistence_granularity 64', server('2001:db8::11 8080')) +
        vs('2001:db8::2 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP', server('2001:db8::11 8080')),
      services: [
        { key: { family: 'inet6', protocol: 'TCP', address: '2001:db8::1', port: 80, fwmark: 0 }, flags: 0x1, timeout: 60, netmask: 64 },
        { key: { family: 'inet6', protocol: 'TCP', address: '2001:db8::2', port: 80, fwmark: 0 }, flags: 0, netmask: 128 },
      ],
    },
    {
      name: 'sh with sh-port and sh-fallback: SCHED2 | SCHED1',
      text: vs('10.0.0.1 80', 'lvs_sched sh\nsh-port\nsh-fallback\nlvs_method NAT\nprotocol TCP', server('10.0.0.11 8080')),
      services: [{ scheduler: 'sh', flags: 0x18 }],
    },
    {
      name: 'mh-fallback: SCHED1; flag-3: SCHED3',
      text: vs('10.0.0.1 80', 'lvs_sched mh\nmh-fallback\nflag-3\nlvs_method NAT\nprotocol TCP', server('10.0.0.11 8080')),
      services: [{ scheduler: 'mh', flags: 0x28 }],
    },
    {
      name: 'ops on UDP: ONEPACKET',
      text: vs('10.0.0.1 53', 'lvs_sched rr\nops\nlvs_method NAT\nprotocol UDP', server('10.0.0.11 53')),
      services: [{ key: { family: 'inet', protocol: 'UDP', address: '10.0.0.1', port: 53, fwmark: 0 }, flags: 0x4 }],
    },
    {
      name: 'an fwmark service has no protocol, address or port',
      text: vs('fwmark 7', 'lvs_sched rr\nlvs_method DR', server('10.0.0.11')),
      services: [{ key: { family: 'inet', protocol: '', address: '', port: 0, fwmark: 7 } }],
    },
    {
      name: 'a group: each address of its ranges, then its fwmarks (IPv4 range counts the whole address)',
      text:
        'virtual_server_group G {\n 10.0.0.254-10.0.1.1 80\n fwmark 9\n}\n' +
        vs('group G', 'lvs_sched rr\nlvs_method DR\nprotocol TCP\npersistence_timeout 100\npersistence_granularity 255.255.0.0', server('10.0.0.11')),
      services: [
        { key: { family: 'inet', protocol: 'TCP', address: '10.0.0.254', port: 80, fwmark: 0 }, flags: 0x1, timeout: 100, netmask: 0xffffffff },
        { key: { family: 'inet', protocol: 'TCP', address: '10.0.0.255', port: 80, fwmark: 0 } },
        { key: { family: 'inet', protocol: 'TCP', address: '10.0.1.0', port: 80, fwmark: 0 } },
        { key: { family: 'inet', protocol: 'TCP', address: '10.0.1.1', port: 80, fwmark: 0 } },
        { key: { family: 'inet', protocol: '', address: '', port: 0, fwmark: 9 }, netmask: 0xffffffff },
      ],
    },
    {
      name: 'an IPv6 group range steps the last 16 bits',
      text: 'virtual_server_group G6 {\n 2001:db8::fffe-ffff 443\n}\n' + vs('group G6', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP', server('2001:db8::11 8443')),
      services: [
        { key: { family: 'inet6', protocol: 'TCP', address: '2001:db8::fffe', port: 443, fwmark: 0 }, netmask: 128 },
        { key: { family: 'inet6', protocol: 'TCP', address: '2001:db8::ffff', port: 443, fwmark: 0 } },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = table(c.text).map((e) => e.service);
      assert.equal(got.length, c.services.length);
      c.services.forEach((want, i) => {
        const have = got[i];
        assert.ok(have !== undefined);
        for (const [field, value] of Object.entries(want)) assert.deepEqual(have[field as keyof typeof have], value, `${field} of service ${i}`);
      });
    });
  }
});

describe('destinations', () => {
  const cases: { name: string; text: string; dests: IpvsServiceEntry['dests'][number][] }[] = [
    {
      name: 'NAT keeps the real server port; weight and thresholds',
      text: vs('10.0.0.1 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP', server('10.0.0.11 8080', 'weight 7\nuthreshold 100\nlthreshold 10')),
      dests: [{ family: 'inet', address: '10.0.0.11', port: 8080, forwarding: 'NAT', weight: 7, upperThreshold: 100, lowerThreshold: 10 }],
    },
    {
      name: 'DR takes the service port',
      text: vs('10.0.0.1 80', 'lvs_sched rr\nlvs_method DR\nprotocol TCP', server('10.0.0.11')),
      dests: [{ family: 'inet', address: '10.0.0.11', port: 80, forwarding: 'DR', weight: 1, upperThreshold: 0, lowerThreshold: 0 }],
    },
    {
      name: 'TUN ipip: type and checksum, no port',
      text: vs('10.0.0.1 80', 'lvs_sched rr\nlvs_method TUN\nprotocol TCP', server('10.0.0.11')),
      dests: [{ family: 'inet', address: '10.0.0.11', port: 80, forwarding: 'TUN', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: 'ipip', tunnelChecksum: 'nocsum' }],
    },
    {
      name: 'TUN gue with its port and a checksum, set on the real server',
      text: vs('10.0.0.1 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP', server('10.0.0.11', 'lvs_method TUN type gue port 6080 csum')),
      dests: [
        { family: 'inet', address: '10.0.0.11', port: 80, forwarding: 'TUN', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: 'gue', tunnelPort: 6080, tunnelChecksum: 'csum' },
      ],
    },
    {
      name: 'an fwmark service: port 0 for DR',
      text: vs('fwmark 7', 'lvs_sched rr\nlvs_method DR', server('10.0.0.11')),
      dests: [{ family: 'inet', address: '10.0.0.11', port: 0, forwarding: 'DR', weight: 1, upperThreshold: 0, lowerThreshold: 0 }],
    },
    {
      name: 'IPv6 NAT',
      text: vs('2001:db8::1 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP', server('2001:db8::11 8080')),
      dests: [{ family: 'inet6', address: '2001:db8::11', port: 8080, forwarding: 'NAT', weight: 1, upperThreshold: 0, lowerThreshold: 0 }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(table(c.text)[0]?.dests, c.dests);
    });
  }

  it("a group's DR servers take each entry's port, and port 0 for its fwmarks", () => {
    const text = 'virtual_server_group G {\n 10.0.0.1 80\n 10.0.0.2 8080\n fwmark 3\n}\n' + vs('group G', 'lvs_sched rr\nlvs_method DR\nprotocol TCP', server('10.0.0.11'));
    assert.deepEqual(table(text).map((e) => e.dests.map((d) => d.port)), [[80], [8080], [0]]);
  });
});

describe('names', () => {
  it("a group's virtual servers are labelled [NAME]:N by their member number (link_vsg_to_vs)", () => {
    const text =
      'virtual_server_group G {\n 10.0.0.1 80\n}\n' +
      vs('group G', 'lvs_sched rr\nlvs_method DR\nprotocol TCP', server('10.0.0.11', 'TCP_CHECK {\n}')) +
      vs('group G', 'lvs_sched rr\nlvs_method DR\nprotocol UDP', server('10.0.0.11', 'UDP_CHECK {\n}'));
    const d = new Driver(text);
    assert.deepEqual(d.state.virtualServers.map((v) => v.label), ['[G]:0', '[G]:1']);
    assert.deepEqual(d.ids, ['group G tcp|[10.0.0.11]:0|0', 'group G udp|[10.0.0.11]:0|0']);
  });

  it('checker ids name the virtual server, the real server and the position, and survive a re-parse', () => {
    const text = vs('10.0.0.1 80', 'lvs_sched rr\nlvs_method NAT\nprotocol TCP', server('10.0.0.11 8080', 'TCP_CHECK {\n}\nMISC_CHECK {\n misc_path /bin/true\n}'));
    assert.deepEqual(new Driver(text).ids, ['[10.0.0.1]:tcp:80|[10.0.0.11]:8080|0', '[10.0.0.1]:tcp:80|[10.0.0.11]:8080|1']);
    assert.deepEqual(new Driver(text).ids, new Driver(text).ids);
  });
});
