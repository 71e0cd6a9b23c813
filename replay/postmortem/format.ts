// How the report writes times and durations.

/** A time on the report's clock: seconds after the origin, to the millisecond ("13.025"). */
export function seconds(micros: number): string {
  return (micros / 1_000_000).toFixed(3);
}

/** A duration in the unit that reads best: "3.002 s", "25 ms", "2.6 ms", "0.42 ms". */
export function duration(micros: number): string {
  const abs = Math.abs(micros);
  if (abs >= 1_000_000) return `${(micros / 1_000_000).toFixed(3)} s`;
  if (abs >= 10_000) return `${(micros / 1000).toFixed(0)} ms`;
  return `${(micros / 1000).toFixed(abs >= 1000 ? 1 : 2)} ms`;
}

/** An offset with its sign: "+250.000 s", "-0.4 ms". */
export function signedDuration(micros: number): string {
  const text = duration(Math.abs(micros));
  return `${micros < 0 && /[1-9]/.test(text) ? '-' : '+'}${text}`;
}
