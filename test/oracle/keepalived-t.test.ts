import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from '../../core/config/diagnostics.js';
import { Netns, privilegeGap } from '../support/netns.js';

/**
 * Debian's keepalived is the oracle for `vigil -t`: for every sample config the
 * package ships, and for our own error fixtures, in a namespace with only `lo`
 * and in one with eth0..eth3, Vigil's exit code equals `keepalived -t`'s, and
 * every line keepalived flags is flagged by Vigil with the same message. A
 * warning-only keepalived run (exit 0) must be warning-only in Vigil too.
 */

const SAMPLES = '/usr/share/doc/keepalived/samples';
const FIXTURES = new URL('fixtures/', import.meta.url).pathname;
const VIGIL = new URL('../../bin/vigil', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/keepalived.conf', import.meta.url).pathname;

const gap = privilegeGap(['ip', 'keepalived']);
if (gap !== undefined) console.log(`# skipping keepalived oracle tests: ${gap}`);

function configs(): string[] {
  const samples = gap === undefined
    ? readdirSync(SAMPLES).filter((f) => f.startsWith('keepalived.conf.')).map((f) => `${SAMPLES}/${f}`)
    : [];
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.conf')).map((f) => `${FIXTURES}${f}`);
  return [...samples, ...fixtures, EXAMPLE].sort();
}

interface Flag { line: number; message: string }

/** keepalived -t prints "(FILE: Line N) message" (or "(Line N)" from its first pass), on stderr. */
function keepalivedFlags(output: string): Flag[] {
  const flags: Flag[] = [];
  for (const line of output.split('\n')) {
    const m = /^\((?:[^:()]*: )?Line (\d+)\) (.*)$/.exec(line);
    if (m !== null) flags.push({ line: Number(m[1]), message: (m[2] ?? '').trim() });
  }
  return flags;
}

for (const setup of ['lo-only', 'eth0-eth3'] as const) {
  describe(`vigil -t agrees with keepalived -t (${setup})`, { skip: gap }, () => {
    let ns: Netns | undefined;
    before(() => {
      ns = Netns.create('vigil-oracle');
      if (setup === 'eth0-eth3') {
        ns.ip('link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1');
        ns.ip('link', 'add', 'eth2', 'type', 'veth', 'peer', 'name', 'eth3');
      }
    });
    after(() => ns?.delete());

    for (const file of configs()) {
      test(file.replace(/.*\//, ''), () => {
        if (ns === undefined) throw new Error('namespace not created');
        const ka = ns.run('keepalived', ['-t', '-f', file]);
        const vigil = ns.run(VIGIL, ['-t', '-f', file, '--json']);
        const report = JSON.parse(vigil.stdout) as { exitCode: number; diagnostics: Diagnostic[] };
        const flagged = (line: number): Diagnostic[] => report.diagnostics.filter((d) => d.loc?.line === line);
        for (const flag of keepalivedFlags(ka.stdout + ka.stderr)) {
          const ours = flagged(flag.line);
          assert.ok(
            ours.some((d) => d.message.trim() === flag.message),
            `${file}:${flag.line}: keepalived says "${flag.message}", Vigil says ${JSON.stringify(ours.map((d) => d.message))}`,
          );
          if (ka.status === 0) {
            assert.ok(
              ours.every((d) => d.severity === 'warning' || d.severity === 'notImplemented'),
              `${file}:${flag.line}: keepalived -t exits 0, so this is a warning, Vigil: ${JSON.stringify(ours)}`,
            );
          }
        }
        assert.equal(vigil.status, ka.status, `${file}: exit code, keepalived ${ka.status}, Vigil ${vigil.status}\n${ka.stderr}\n---\n${vigil.stdout}`);
      });
    }
  });
}
