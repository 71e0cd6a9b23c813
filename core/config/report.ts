import type { Diagnostic } from './diagnostics.js';

/**
 * Orders diagnostics as a reader of the config meets them: by file (in the
 * order the files were read) and line; findings without a line last, in the
 * order they were found.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], fileOrder: readonly string[]): Diagnostic[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i]));
  const located = diagnostics
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => d.loc !== undefined);
  located.sort((a, b) => {
    const fa = rank.get(a.d.loc?.file ?? '') ?? Number.MAX_SAFE_INTEGER;
    const fb = rank.get(b.d.loc?.file ?? '') ?? Number.MAX_SAFE_INTEGER;
    return fa - fb || (a.d.loc?.line ?? 0) - (b.d.loc?.line ?? 0) || a.index - b.index;
  });
  return [...located.map(({ d }) => d), ...diagnostics.filter((d) => d.loc === undefined)];
}
