/** One row of the benchmark table: a measured figure beside its goal and, where one exists, keepalived's. */
export interface BenchRow {
  readonly name: string;
  readonly vigil: string;
  readonly goal: string;
  readonly keepalived: string;
  readonly verdict: 'met' | 'missed' | 'n/a';
}

export function printTable(rows: readonly BenchRow[]): void {
  const header: BenchRow = { name: 'benchmark', vigil: 'Vigil', goal: 'goal', keepalived: 'keepalived 2.2.7 (same run)', verdict: 'n/a' };
  const cells = [header, ...rows].map((r) => [r.name, r.vigil, r.goal, r.keepalived, r === header ? 'verdict' : r.verdict]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [head, ...body] = cells;
  if (head === undefined) return;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of body) console.log(line(c));
}

/** Median of repeated measurements, in the unit given. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
