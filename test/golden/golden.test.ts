// Golden event sequences → expected effects. UPDATE_GOLDEN=1 rewrites expected/*.txt; review the
// diff like code: every changed line is a change in what Vigil does on the wire or to the host.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTimeline } from './render.js';
import { scenarios } from './scenarios.js';

const expectedDir = join(import.meta.dirname, 'expected');
const update = process.env['UPDATE_GOLDEN'] === '1';

describe('golden VRRP scenarios', () => {
  for (const s of scenarios) {
    it(s.name, () => {
      const cluster = s.build().runUntil(s.until);
      const actual = renderTimeline(s.about, cluster.recorded);
      const file = join(expectedDir, `${s.name}.txt`);
      if (update) writeFileSync(file, actual);
      let expected: string;
      try {
        expected = readFileSync(file, 'utf8');
      } catch {
        assert.fail(`${file} is missing: run UPDATE_GOLDEN=1 on this test and review what it writes`);
      }
      assert.equal(actual, expected, `${s.name}: effects differ from ${file}`);
    });
  }
});
