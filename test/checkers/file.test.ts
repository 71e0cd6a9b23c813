// FILE_CHECK against real files: the value keepalived's strtol reads, weight and reverse, the
// fault rules, a missing file, and a number out of range.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checker } from '../../core/config/lvs/model.js';
import { strtol } from '../../adapters/checkers/file-check.js';
import { runProbe } from '../../adapters/checkers/probe.js';
import { base, realServer, targetFor } from './support.js';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-file-'));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fileCheck(weight: number, reverse = false): Checker {
  return { ...base, kind: 'FILE_CHECK', trackFile: 'tf', weight, reverse };
}

const rs = realServer('10.0.0.11', 80);

async function probeWith(content: string | undefined, weight: number, reverse = false) {
  const path = join(dir, `f${Math.random()}`);
  if (content !== undefined) writeFileSync(path, content);
  return runProbe(targetFor(fileCheck(weight, reverse), { realServer: rs, trackFilePath: path }));
}

const fault = { ok: false, detail: `(${rs.label}): tracked file tf now FAULT state` };

describe('FILE_CHECK', () => {
  it('reads numbers as C strtol with base 0 does', () => {
    assert.deepEqual(strtol('  42\n'), { value: 42n, overflow: false });
    assert.deepEqual(strtol('-7 apples'), { value: -7n, overflow: false });
    assert.deepEqual(strtol('0x1f'), { value: 31n, overflow: false });
    assert.deepEqual(strtol('010'), { value: 8n, overflow: false });
    assert.deepEqual(strtol('09'), { value: 0n, overflow: false });
    assert.deepEqual(strtol('abc'), { value: 0n, overflow: false });
    assert.deepEqual(strtol('99999999999999999999'), { value: (1n << 63n) - 1n, overflow: true });
  });

  it('the value read comes back, and the checker is up while not at fault', async () => {
    assert.deepEqual(await probeWith('5\n', 10), { ok: true, detail: '', fileValue: 5 });
    assert.deepEqual(await probeWith('-3', 10, true), { ok: true, detail: '', fileValue: -3 });
  });

  it('a missing or empty file reads as 0', async () => {
    assert.deepEqual(await probeWith(undefined, 10), { ok: true, detail: '', fileValue: 0 });
    assert.deepEqual(await probeWith('', 10), { ok: true, detail: '', fileValue: 0 });
  });

  it('a contribution at or below -IPVS_WEIGHT_MAX is a fault', async () => {
    assert.deepEqual(await probeWith('-1', 2147483647), { ...fault, fileValue: -1 });
    assert.deepEqual(await probeWith('1', 2147483647, true), { ...fault, fileValue: 1 });
    assert.deepEqual(await probeWith('-2147483647', 1), { ...fault, fileValue: -2147483647 });
    assert.equal((await probeWith('-2147483646', 1)).ok, true);
  });

  it('with weight 0 any non-zero value is a fault; reversed, zero is', async () => {
    assert.deepEqual(await probeWith('1', 0), { ...fault, fileValue: 1 });
    assert.deepEqual(await probeWith('0', 0), { ok: true, detail: '', fileValue: 0 });
    assert.deepEqual(await probeWith('0', 0, true), { ...fault, fileValue: 0 });
    assert.deepEqual(await probeWith('3', 0, true), { ok: true, detail: '', fileValue: 3 });
  });

  it('a number beyond an int is refused in keepalived words', async () => {
    const path = join(dir, 'big');
    writeFileSync(path, '4294967296');
    assert.deepEqual(await runProbe(targetFor(fileCheck(1), { realServer: rs, trackFilePath: path })), { ok: false, detail: `Invalid number 4294967296 read from ${path} - ignoring` });
  });

  it('without the track_file path the checker cannot run', async () => {
    assert.deepEqual(await runProbe(targetFor(fileCheck(1), { realServer: rs })), { ok: false, detail: 'track_file tf not found' });
  });
});
