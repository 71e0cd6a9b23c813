import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesFromMap, lexConfig, lexConfigText } from '../../../core/config/lexer.js';
import { DiagnosticSink } from '../../../core/config/diagnostics.js';
import type { ConfigNode } from '../../../core/config/syntax.js';

/** keyword + args of each node, children indented: a compact picture of the tree. */
function outline(nodes: readonly ConfigNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${[n.keyword, ...n.args].join(' ')}${n.children === undefined ? '' : ' {'}`,
    ...(n.children === undefined ? [] : outline(n.children, depth + 1)),
  ]);
}

function lex(text: string, configId = 'vigil'): { tree: string[]; messages: string[] } {
  const { nodes, diagnostics } = lexConfigText(text, 'k.conf', configId);
  return {
    tree: outline(nodes),
    messages: diagnostics.map((d) => `${d.loc?.line ?? '-'} ${d.severity}: ${d.message}`),
  };
}

// reference keepalived.md §1.1 (lexical rules)
test('§1.1 a block may open on the keyword line, on the next line, and close on one line', () => {
  const { tree, messages } = lex('global_defs {\n router_id a\n}\nvrrp_instance VI_1\n{\n virtual_ipaddress { 10.0.0.1 }\n}\n');
  assert.deepEqual(tree, ['global_defs {', '  router_id a', 'vrrp_instance VI_1 {', '  virtual_ipaddress {', '    10.0.0.1']);
  assert.deepEqual(messages, []);
});

test('§1.1 # and ! start comments anywhere, except inside double quotes', () => {
  const { tree } = lex('a b # c\nd ! e\nf "g # h ! i" j\n');
  assert.deepEqual(tree, ['a b', 'd', 'f g # h ! i j']);
});

test('§1.1 single quotes do not protect comment characters', () => {
  const { tree, messages } = lex("a 'b # c'\n");
  assert.deepEqual(tree, ['a b']);
  assert.deepEqual(messages, ["1 error: Unmatched quote: 'a 'b'"]);
});

test('§1.1 \\# and \\! outside quotes are literal characters', () => {
  assert.deepEqual(lex('a b\\#c d\\!e\n').tree, ['a b#c d!e']);
});

test('§1.1 quotes group text, are removed, and adjacent pieces join', () => {
  assert.deepEqual(lex('k abcd" efg h jkl "mnop\n').tree, ['k abcd efg h jkl mnop']);
  const { nodes } = lexConfigText('k "a b" \'c d\'\n');
  assert.deepEqual(nodes[0]?.args, ['a b', 'c d']);
});

test('§1.1 escapes inside quoted strings', () => {
  const { nodes } = lexConfigText('k "a\\tb\\n\\101\\x42\\q"\n');
  assert.deepEqual(nodes[0]?.args, ['a\tb\nABq']);
});

test('§1.1 a quoted brace is text, not a block', () => {
  const { nodes } = lexConfigText('k "{" "}"\n');
  const node = nodes.at(0);
  assert.deepEqual(node?.args, ['{', '}']);
  assert.equal(node.children, undefined);
});

test('§1.1 ; is not a separator', () => {
  assert.deepEqual(lex('interface lo ; virtual_router_id 51\n').tree, ['interface lo ; virtual_router_id 51']);
});

test('§1.1 an extra } is reported with its line and parsing goes on', () => {
  const { tree, messages } = lex('a {\n b\n}\n}\nc\n');
  assert.deepEqual(tree, ['a {', '  b', 'c']);
  assert.deepEqual(messages, ["4 error: Extra '}' found", "4 error: Unknown keyword '}'"]);
});

test('§1.1 missing } at the end of the file is counted as keepalived counts it', () => {
  const { tree, messages } = lex('a {\n b {\n c\n');
  assert.deepEqual(tree, ['a {', '  b {', '    c']);
  assert.deepEqual(messages, ["- error: There are 2 missing '}'s or extra '{'s"]);
});

test('§1.1 a { with no statement before it is reported', () => {
  assert.deepEqual(lex('{\n').messages, ["1 error: Unexpected '{' - ignoring"]);
});

test('§1.1 several blocks opened on one line parse, with a warning (keepalived 2.2 mis-parses them)', () => {
  const { tree, messages } = lex('real_server 1.1.1.1 80 { weight 1\n TCP_CHECK { connect_timeout 3 } }\nreal_server 1.1.1.2 80 { TCP_CHECK { } }\n');
  assert.deepEqual(tree, ['real_server 1.1.1.1 80 {', '  weight 1', '  TCP_CHECK {', '    connect_timeout 3', 'real_server 1.1.1.2 80 {', '  TCP_CHECK {']);
  assert.deepEqual(messages, ['3 warning: Several blocks opened on one line: keepalived 2.2 does not parse this reliably']);
});

test('§1.1 CRLF line endings are accepted', () => {
  assert.deepEqual(lex('a {\r\n b 1\r\n}\r\n').tree, ['a {', '  b 1']);
});

// reference keepalived.md §1.3 (conditional lines)
test('§1.3 @id keeps a line only on that config id, @^id only elsewhere', () => {
  const text = '@main priority 200\n@^main priority 100\n@backup x\n';
  assert.deepEqual(lex(text, 'main').tree, ['priority 200']);
  assert.deepEqual(lex(text, 'other').tree, ['priority 100']);
});

// reference keepalived.md §1.4 (parameter substitution)
test('§1.4 $NAME and ${NAME} are replaced; undefined names are left alone', () => {
  assert.deepEqual(lex('$IF=eth0\ninterface $IF\nlabel ${IF}:1\nx $UNDEFINED\n').tree, [
    'interface eth0', 'label eth0:1', 'x $UNDEFINED',
  ]);
});

test('§1.4 $NAME must be followed by white space to be replaced', () => {
  assert.deepEqual(lex('$A=1\nk $A:2 $A\n').tree, ['k $A:2 1']);
});

test('§1.4 substitution is lazy: a redefinition changes later uses', () => {
  assert.deepEqual(lex('$A=1\n$B=$A\nk $B\n$A=2\nk $B\n').tree, ['k 1', 'k 2']);
});

test('§1.4 multi-line definitions expand to several config lines', () => {
  assert.deepEqual(lex('$M=a 1 \\\nb 2 \\\nc 3\nblk {\n$M\n}\n').tree, ['blk {', '  a 1', '  b 2', '  c 3']);
});

test('§1.4 a definition may expand to a conditional line', () => {
  assert.deepEqual(lex('$X=@main\n$X priority 240\n', 'main').tree, ['priority 240']);
  assert.deepEqual(lex('$X=@main\n$X priority 240\n', 'other').tree, []);
});

test('§1.4 predefined ${_INSTANCE}, ${_HASH}, ${_BANG}, ${_PWD}, ${_ENV}', () => {
  const sink = new DiagnosticSink();
  const files = filesFromMap(new Map([['/etc/k/k.conf', 'a ${_INSTANCE} ${_HASH} ${_BANG} ${_PWD} ${_ENV HOME}\n']]));
  const { nodes } = lexConfig('/etc/k/k.conf', { files, configId: 'lb1', env: { HOME: '/root' } }, sink);
  assert.deepEqual(nodes[0]?.args, ['lb1', '#', '!', '/etc/k', '/root']);
});

test('§1.4 ${_RANDOM MIN MAX} stays in range and is the same for the same seed', () => {
  const run = (): string[] => {
    const sink = new DiagnosticSink();
    const files = filesFromMap(new Map([['k.conf', '~SEQ(i, 20) r ${_RANDOM 5 9}\n']]));
    return lexConfig('k.conf', { files, configId: 'x', randomSeed: 7 }, sink).nodes.map((n) => n.args[0] ?? '');
  };
  const first = run();
  assert.ok(first.every((v) => Number(v) >= 5 && Number(v) <= 9));
  assert.deepEqual(run(), first);
});

test('§1.4 names starting with _ are reserved', () => {
  assert.match(lex('$_X=1\n').messages[0] ?? '', /^1 error: Definition names starting with '_' are reserved/);
});

test('§1.4 self-referencing definitions end in a diagnostic, not a hang', () => {
  const { messages } = lex('$A=x $A\nk $A\n');
  assert.ok(messages.some((m) => m.includes('recursion too deep')));
});

// reference keepalived.md §1.5 (sequences and lists)
test('§1.5 ~SEQ with end, start/end, start/step/end and hex', () => {
  assert.deepEqual(lex('~SEQ(i, 3) v $i\n').tree, ['v 1', 'v 2', 'v 3']);
  assert.deepEqual(lex('~SEQ(i, 5, 7) v $i\n').tree, ['v 5', 'v 6', 'v 7']);
  assert.deepEqual(lex('~SEQ(i, 10, -5, 0) v ${i}\n').tree, ['v 10', 'v 5', 'v 0']);
  assert.deepEqual(lex('~SEQx(i, 9, 11) v $i\n').tree, ['v 9', 'v a', 'v b']);
});

test('§1.5 ~LST of values and of tuples, nested with ~SEQ (leftmost outermost)', () => {
  assert.deepEqual(lex('~LST(n, a, b) k $n\n').tree, ['k a', 'k b']);
  assert.deepEqual(lex('~LST({x,y}, {1,2}, {3,4}) k $x $y\n').tree, ['k 1 2', 'k 3 4']);
  assert.deepEqual(lex('~LST(n, a, b) ~SEQ(i, 2) k $n$i\n').tree, ['k a1', 'k a2', 'k b1', 'k b2']);
});

test('§1.5 malformed sequences are reported and the line dropped', () => {
  assert.deepEqual(lex('~SEQ(i, 1, 0, 3) k $i\n').messages, ['1 error: Invalid ~SEQ range start 1 step 0 end 3 - ignoring line']);
  assert.deepEqual(lex('~SEQ(i, 3 k\n').messages, ["1 error: Missing ')' in ~SEQ - ignoring line"]);
});
