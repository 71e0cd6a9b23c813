// Helpers for the keepalived dump tests: a fixed "now" and ways to cut a dump into its parts.
import type { DumpTime } from '../../../projections/dump/index.js';

/**
 * The dump is taken at monotonic 10 s, wall 1700000000 s (Tue Nov 14 22:13:20 2023 UTC): an
 * event at monotonic t µs happened at wall 1700000000 - (10 - t/1e6) s.
 */
export const NOW: DumpTime = { wallNanos: 1_700_000_000_000_000_000n, monotonicMicros: 10_000_000 };

/** The lines of a dump; every line keepalived writes ends in "\n". */
export function linesOf(text: string): string[] {
  if (text !== '' && !text.endsWith('\n')) throw new Error('dump does not end with a newline');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/** The lines of the "------< HEADER >------" section, header included, up to the next header. */
export function section(text: string, header: string): string[] {
  const lines = linesOf(text);
  const start = lines.indexOf(`------< ${header} >------`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('------<'));
  return lines.slice(start, end < 0 ? undefined : end);
}

/** One " VRRP Instance = NAME" block of the topology section. */
export function instanceBlock(text: string, name: string): string[] {
  const lines = section(text, 'VRRP Topology');
  const start = lines.indexOf(` VRRP Instance = ${name}`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith(' VRRP Instance = '));
  return lines.slice(start, end < 0 ? undefined : end);
}
