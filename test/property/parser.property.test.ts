import { test } from 'node:test';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { filesFromMap } from '../../core/config/lexer.js';
import { parseKeepalivedConfig } from '../../core/config/parse.js';

/**
 * The whole parser (lexer, every section, completion) never throws, whatever
 * the input: real configs with random lines deleted, duplicated, swapped or
 * mangled, and configs assembled from random keyword soup.
 */

const FIXTURES = new URL('../oracle/fixtures/', import.meta.url).pathname;
const SAMPLES = '/usr/share/doc/keepalived/samples';

function corpus(): string[] {
  const texts = readdirSync(FIXTURES).filter((f) => f.endsWith('.conf')).map((f) => readFileSync(`${FIXTURES}${f}`, 'latin1'));
  try {
    texts.push(...readdirSync(SAMPLES).filter((f) => f.startsWith('keepalived.conf.')).map((f) => readFileSync(`${SAMPLES}/${f}`, 'latin1')));
  } catch {
    // keepalived's samples are not installed: the fixtures alone still exercise every section
  }
  return texts;
}

function parse(text: string): void {
  parseKeepalivedConfig('k.conf', { files: filesFromMap(new Map([['k.conf', text]])), configId: 'x', hostName: 'x' });
}

const WORDS = [
  'vrrp_instance', 'virtual_server', 'real_server', 'global_defs', 'vrrp_script', 'vrrp_sync_group', 'group', 'track_script',
  'virtual_ipaddress', 'virtual_routes', 'virtual_rules', 'static_routes', 'HTTP_GET', 'TCP_CHECK', 'MISC_CHECK', 'url', 'path',
  'state', 'MASTER', 'priority', 'advert_int', 'interface', 'eth0', 'virtual_router_id', 'unicast_peer', 'authentication',
  'auth_type', 'PASS', 'AH', 'weight', 'reverse', 'lb_algo', 'lb_kind', 'NAT', 'DR', 'TUN', 'protocol', 'TCP', 'fwmark',
  '10.0.0.1', '10.0.0.1/24', 'fe80::1', '::', '-1', '0', '255', '256', '4294967296', '1e9', 'nan', '{', '}', '"', 'via', 'dev',
  'table', 'from', 'to', 'nexthop', 'track_file', 'vrrp_track_process', 'quorum', 'sorry_server', 'SSL', 'virtual_server_group',
];

test('random edits of real configs never make the parser throw', () => {
  const texts = corpus();
  fc.assert(
    fc.property(
      fc.nat(texts.length - 1),
      fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'mangle'), fc.nat(), fc.nat(), fc.string({ maxLength: 12 })), { maxLength: 8 }),
      (which, edits) => {
        const lines = (texts[which] ?? '').split('\n');
        for (const [op, a, b, s] of edits) {
          const i = a % Math.max(lines.length, 1);
          const j = b % Math.max(lines.length, 1);
          if (op === 'delete') lines.splice(i, 1);
          else if (op === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
          else if (op === 'swap') [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
          else lines[i] = `${(lines[i] ?? '').slice(0, j % 20)}${s}`;
        }
        parse(lines.join('\n'));
      },
    ),
    { numRuns: 1500 },
  );
});

test('keyword soup never makes the parser throw', () => {
  const line = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
  fc.assert(fc.property(fc.array(line, { maxLength: 60 }), (lines) => { parse(lines.join('\n')); }), { numRuns: 1500 });
});
