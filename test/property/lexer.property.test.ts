import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DiagnosticSink } from '../../core/config/diagnostics.js';
import { filesFromMap, lexConfig, lexConfigText } from '../../core/config/lexer.js';

const FRAGMENTS = [
  '{', '}', '"', "'", '#', '!', '\\', '$A', '${A}', '$A=', '${_RANDOM}', '@x ', '@^x ', '~SEQ(i, 3) ', '~LST(n,a,b) ',
  'include *.conf', 'include a.conf', 'vrrp_instance VI_1', 'virtual_ipaddress', '10.0.0.1/24', ' ', '\n', '\t', '\r\n', '\0',
];

const configText = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 200 }).map((parts) => parts.join(''));

test('lexing never throws on random config-like text', () => {
  fc.assert(
    fc.property(configText, (text) => {
      const { diagnostics } = lexConfigText(text);
      assert.ok(Array.isArray(diagnostics));
    }),
    { numRuns: 2000 },
  );
});

test('lexing never throws on binary garbage', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
      lexConfigText(new TextDecoder('latin1').decode(bytes));
    }),
    { numRuns: 500 },
  );
});

test('mutually including files terminate with diagnostics', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 20 }), (edges) => {
      const files = new Map<string, string>();
      for (let i = 0; i < 6; i++) files.set(`/c/${i}.conf`, `k${i}\n`);
      for (const [from, to] of edges) files.set(`/c/${from}.conf`, `${files.get(`/c/${from}.conf`) ?? ''}include ${to}.conf\ninclude *.conf\n`);
      const sink = new DiagnosticSink();
      lexConfig('/c/0.conf', { files: filesFromMap(files), configId: 'x' }, sink);
    }),
    { numRuns: 300 },
  );
});

test('a huge line and a huge sequence end in diagnostics', () => {
  const { diagnostics } = lexConfigText(`k ${'x'.repeat(200_000)}\n~SEQ(i, 1000000) k $i\n`);
  assert.ok(diagnostics.some((d) => d.message === 'line too long - ignoring'));
  assert.ok(diagnostics.some((d) => d.message.includes('expands to more than')));
});

test('a definition that doubles itself is stopped', () => {
  const { diagnostics } = lexConfigText('$A=$A $A\nk $A\n');
  assert.ok(diagnostics.some((d) => d.message.includes('recursion too deep')));
});
