import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../core/config/diagnostics.js';
import { filesFromMap, lexConfig } from '../../../core/config/lexer.js';

function lexFiles(files: Record<string, string>, main = '/etc/k/keepalived.conf') {
  const sink = new DiagnosticSink();
  const result = lexConfig(main, { files: filesFromMap(new Map(Object.entries(files))), configId: 'x' }, sink);
  return {
    nodes: result.nodes.map((n) => `${n.loc.file}:${n.loc.line} ${[n.keyword, ...n.args].join(' ')}`),
    messages: sink.items.map((d) => `${d.loc ? `${d.loc.file}:${d.loc.line}` : '-'} ${d.severity}: ${d.message}`),
    filesRead: [...result.filesRead.keys()],
  };
}

// reference keepalived.md §1.2 (include)
test('§1.2 include is relative to the including file and globs in sorted order', () => {
  const r = lexFiles({
    '/etc/k/keepalived.conf': 'a\ninclude conf.d/*.conf\nz\n',
    '/etc/k/conf.d/b.conf': 'b\ninclude ../more/c.conf\n',
    '/etc/k/conf.d/a.conf': 'a2\n',
    '/etc/k/more/c.conf': 'c\n',
  });
  assert.deepEqual(r.nodes, [
    '/etc/k/keepalived.conf:1 a',
    '/etc/k/conf.d/a.conf:1 a2',
    '/etc/k/conf.d/b.conf:1 b',
    '/etc/k/more/c.conf:1 c',
    '/etc/k/keepalived.conf:3 z',
  ]);
  assert.deepEqual(r.filesRead, ['/etc/k/keepalived.conf', '/etc/k/conf.d/a.conf', '/etc/k/conf.d/b.conf', '/etc/k/more/c.conf']);
});

test('§1.2 csh braces in include patterns', () => {
  const r = lexFiles({ '/etc/k/keepalived.conf': 'include {x,y}.conf\n', '/etc/k/x.conf': 'x\n', '/etc/k/y.conf': 'y\n' });
  assert.deepEqual(r.nodes, ['/etc/k/x.conf:1 x', '/etc/k/y.conf:1 y']);
});

test('§1.2 a plain include of missing files warns (keepalived: "Config files missing"), includem errors', () => {
  const r = lexFiles({ '/etc/k/keepalived.conf': 'include /none/*.conf\nincludem /none/x.conf\n' });
  assert.deepEqual(r.messages, [
    "/etc/k/keepalived.conf:1 warning: Config files missing '/none/*.conf'.",
    "/etc/k/keepalived.conf:2 error: Config files missing '/none/x.conf'.",
  ]);
});

test('§1.2 an include loop is reported, not followed forever', () => {
  const r = lexFiles({ '/etc/k/keepalived.conf': 'a\ninclude b.conf\n', '/etc/k/b.conf': 'b\ninclude keepalived.conf\n' });
  assert.deepEqual(r.nodes, ['/etc/k/keepalived.conf:1 a', '/etc/k/b.conf:1 b']);
  assert.deepEqual(r.messages, ["/etc/k/b.conf:2 error: include loop: '/etc/k/keepalived.conf' is already being read - ignoring"]);
});

test('§1.2 include is recognised before definitions: include $F is a missing file', () => {
  const r = lexFiles({ '/etc/k/keepalived.conf': '$F=x.conf\ninclude $F\n', '/etc/k/x.conf': 'x\n' });
  assert.deepEqual(r.nodes, []);
  assert.deepEqual(r.messages, ["/etc/k/keepalived.conf:2 warning: Config files missing '$F'."]);
});

test('a missing main file is fatal (cannot run)', () => {
  const r = lexFiles({}, '/etc/k/none.conf');
  assert.deepEqual(r.messages, ["- fatal: Configuration file '/etc/k/none.conf' does not exist or cannot be read"]);
});
