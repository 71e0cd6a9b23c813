import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkExitCode } from '../../../../core/config/diagnostics.js';
import { parseLvs } from './parse.js';

/**
 * Debian's keepalived 2.2.7 samples: what `keepalived -t` printed for their
 * LVS part (observed; the SSL_GET sample's only message is about VRRP). Only
 * the LVS top-level blocks are fed to the section, so parse errors of other
 * sections do not matter here.
 */
const SAMPLES = '/usr/share/doc/keepalived/samples';
const LVS_KEYWORDS = /^(virtual_server|virtual_server_group|SSL)\b/;

const expected: Record<string, { errors: string[]; exit: number }> = {
  'HTTP_GET.port': { errors: [], exit: 0 },
  IPv6: { errors: [], exit: 0 },
  PING_CHECK: { errors: [], exit: 0 },
  SMTP_CHECK: { errors: [], exit: 0 },
  SSL_GET: { errors: [], exit: 0 },
  UDP_CHECK: { errors: [], exit: 0 },
  fwmark: { errors: ['Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored'], exit: 5 },
  inhibit: { errors: [], exit: 0 },
  misc_check: { errors: [], exit: 0 },
  misc_check_arg: { errors: [], exit: 0 },
  quorum: { errors: [], exit: 0 },
  sample: { errors: [], exit: 0 },
  status_code: { errors: [], exit: 0 },
  virtual_server_group: { errors: [], exit: 0 },
  virtualhost: { errors: [], exit: 0 },
};

/** Keeps the LVS blocks of a sample (whole top-level blocks), blanking other lines so line numbers stay. */
function lvsOnly(text: string): string {
  let depth = 0;
  let keep = false;
  return text
    .split('\n')
    .map((line) => {
      const code = line.replace(/[#!].*$/, '');
      if (depth === 0) keep = LVS_KEYWORDS.test(code.trim());
      depth += (code.match(/{/g) ?? []).length - (code.match(/}/g) ?? []).length;
      return keep ? line : '';
    })
    .join('\n');
}

describe('Debian keepalived samples, LVS part (keepalived -t 2.2.7)', () => {
  for (const [name, want] of Object.entries(expected)) {
    const file = `${SAMPLES}/keepalived.conf.${name}`;
    it(name, (t) => {
      if (!existsSync(file)) {
        t.skip(`${file} not installed`);
        return;
      }
      const { model, diagnostics } = parseLvs(lvsOnly(readFileSync(file, 'utf8')));
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), want.errors);
      assert.equal(checkExitCode(diagnostics), want.exit);
      assert.ok(model.virtualServers.length > 0);
    });
  }
});
