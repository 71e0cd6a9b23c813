// "1.5s", "250ms", "2m", "100us" or a bare number of seconds → integer microseconds.

const UNITS: Readonly<Record<string, number>> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1_000_000) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?\s*$/.exec(value);
  if (m === null) return undefined;
  const unit = UNITS[m[2] ?? 's'] ?? 1_000_000;
  return Math.round(Number(m[1]) * unit);
}

export function formatSeconds(micros: number): string {
  return (micros / 1_000_000).toFixed(6);
}
