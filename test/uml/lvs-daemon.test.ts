// `vigil run -C` (keepalived's checkers-only process) on a real kernel with ip_vs, Debian's
// User-Mode Linux 6.1 (issue 8 "Done means"): TCP_CHECKs against two real servers inside the
// guest put both in the kernel's table; one server dies, and its destination leaves one virtual
// server and is quiesced (weight 0, inhibit_on_failure) in the other, as `ipvsadm -Ln` shows;
// SIGTERM removes the services; the journal replays identical.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUEST_SHARED, runInUml, umlSkipReason, type UmlRun } from '../support/uml.js';
import { parseIpvsadmList, type ListedService } from './ipvsadm.js';

const skip = umlSkipReason() ?? (existsSync(new URL('../../dist/bin/vigil.js', import.meta.url)) ? undefined : 'dist/ is not built (npm run build)');
if (skip !== undefined) console.log(`# skipping vigil run -C on User-Mode Linux: ${skip}`);

const CHECK = 'TCP_CHECK {\n      connect_timeout 1\n      retry 1\n      delay_before_retry 1\n    }';
const CONFIG = `global_defs {
  router_id uml
}
virtual_server 10.10.10.1 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server 127.0.0.1 8081 {
    weight 1
    ${CHECK}
  }
  real_server 127.0.0.1 8082 {
    weight 1
    ${CHECK}
  }
}
virtual_server 10.10.10.2 80 {
  delay_loop 1
  lb_algo wrr
  lb_kind NAT
  protocol TCP
  inhibit_on_failure
  real_server 127.0.0.1 8082 {
    weight 3
    ${CHECK}
  }
}
`;

/** A TCP server in the guest: accepts and closes, until killed. */
const server = (port: number): string => `node -e "require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1')" &`;
/** Polls `ipvsadm -Ln` until it holds `lines` server lines (or 30 s pass), then prints it. */
const tableWith = (mark: string, test: string): string =>
  `for i in $(seq 1 150); do ${test} && break; sleep 0.2; done; echo "@@${mark}"; ipvsadm -Ln; echo "@@END"`;

const SCRIPT = [
  server(8081),
  'S1=$!',
  server(8082),
  'S2=$!',
  `./bin/vigil run -C -f ${GUEST_SHARED}/lvs.conf --journal /tmp/journal > ${GUEST_SHARED}/vigil.log 2>&1 &`,
  'V=$!',
  tableWith('BOTH', '[ "$(ipvsadm -Ln | grep -c -- "->.*127.0.0.1:808")" = 3 ]'),
  'kill $S2',
  tableWith('ONE', '[ "$(ipvsadm -Ln | grep -c -- "->.*127.0.0.1:808")" = 2 ]'),
  'kill -TERM $V; wait $V; echo "@@EXIT $?"',
  'echo "@@AFTER"; ipvsadm -Ln; echo "@@END"',
  './bin/vigil replay /tmp/journal',
  'kill $S1',
].join('\n');

function table(output: string, mark: string): ListedService[] {
  const text = new RegExp(`@@${mark}\\n([\\s\\S]*?)@@END`).exec(output)?.[1];
  assert.ok(text !== undefined, `no ${mark} table in:\n${output}`);
  return parseIpvsadmList(text).map((s) => ({ ...s, dests: [...s.dests].sort() }));
}

describe('vigil run -C on a real kernel (User-Mode Linux 6.1)', { skip }, () => {
  let shared = '';
  let run: UmlRun | undefined;

  before(async () => {
    shared = mkdtempSync(join(tmpdir(), 'vigil-lvs-uml-'));
    writeFileSync(join(shared, 'lvs.conf'), CONFIG);
    run = await runInUml({ commands: [SCRIPT], modules: ['ip_vs', 'ip_vs_rr', 'ip_vs_wrr'], shared, timeoutMs: 90_000 });
  });

  after(() => {
    if (shared !== '') rmSync(shared, { recursive: true, force: true });
  });

  const output = (): string => {
    const r = run?.results[0];
    const log = existsSync(join(shared, 'vigil.log')) ? readFileSync(join(shared, 'vigil.log'), 'utf8') : '(no log)';
    assert.ok(r !== undefined, `the guest script did not finish; console tail:\n${run?.console.slice(-3000) ?? ''}\nvigil:\n${log}`);
    return `${r.output}\n--- vigil.log ---\n${log}`;
  };

  it('both real servers pass their checks: both virtual servers are in the kernel with them', () => {
    assert.deepEqual(table(output(), 'BOTH'), [
      { service: 'TCP 10.10.10.1:80', scheduler: 'rr', options: '', dests: ['127.0.0.1:8081 Masq 1', '127.0.0.1:8082 Masq 1'] },
      { service: 'TCP 10.10.10.2:80', scheduler: 'wrr', options: '', dests: ['127.0.0.1:8082 Masq 3'] },
    ]);
  });

  it('a dead real server leaves one virtual server and is quiesced in the one with inhibit_on_failure', () => {
    const out = output();
    assert.deepEqual(table(out, 'ONE'), [
      { service: 'TCP 10.10.10.1:80', scheduler: 'rr', options: '', dests: ['127.0.0.1:8081 Masq 1'] },
      { service: 'TCP 10.10.10.2:80', scheduler: 'wrr', options: '', dests: ['127.0.0.1:8082 Masq 0'] },
    ]);
    assert.match(out, /Removing service \[127\.0\.0\.1\]:tcp:8082 from VS \[10\.10\.10\.1\]:tcp:80/);
  });

  it('SIGTERM removes the services and exits 0; the journal replays identical', () => {
    const out = output();
    assert.match(out, /@@EXIT 0/);
    assert.deepEqual(table(out, 'AFTER'), []);
    assert.match(out, /^identical: uml/m);
  });
});
