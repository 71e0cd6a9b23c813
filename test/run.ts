// Runs the test suite with node:test under tsx. Node 20's --test does not expand
// globs, so the files are collected here. Arguments name test/ subfolders
// (unit, property, oracle, ...); without arguments every folder runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = import.meta.dirname;
const folders = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(root).filter((f) => statSync(join(root, f)).isDirectory());

function collect(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : collect(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = folders.flatMap((f) => collect(join(root, f))).sort();
if (files.length === 0) {
  console.error(`no test files under ${folders.join(', ')}`);
  process.exit(1);
}
// Tests start ./bin/vigil, which runs dist/ when it exists: bundle the sources as they are now,
// or the tests would exercise a stale build (~0.3 s).
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// spec for people, tap to a file for the closing 'N passed, N failed' line CI reads.
const tapDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
const tapFile = join(tapDir, 'results.tap');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { stdio: 'inherit' },
);
const tap = readFileSync(tapFile, 'utf8');
rmSync(tapDir, { recursive: true, force: true });
const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
process.exit(result.status ?? 1);
