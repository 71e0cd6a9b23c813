// FILE_CHECK (keepalived check_file.c, track_file.c process_track_file): the number in the
// track_file, times the checker's weight (negated with `reverse`), moves the real server's weight;
// at or below -IPVS_WEIGHT_MAX the checker is down ("now FAULT state"). With weight 0 any non-zero
// value is a fault (with `reverse`, zero is). A missing, unreadable or empty file reads as 0.
// keepalived re-reads the file on inotify events; here the runtime asks for a read with RunCheck.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Checker } from '../../core/config/lvs/model.js';
import { CANCELLED, failed, type ProbeOutcome } from './outcome.js';
import type { CheckTarget } from './target.js';

type FileChecker = Extract<Checker, { kind: 'FILE_CHECK' }>;

/** IPVS_WEIGHT_MAX (INT_MAX): a contribution clamped to its negative is the fault value. */
const WEIGHT_MAX = 2147483647;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** process_track_file reads at most this many bytes. */
const READ_BYTES = 127;

/**
 * C's strtol(text, NULL, 0): leading space, a sign, then 0x/0X hex, 0 octal or decimal, as far as
 * the digits go (none → 0). `overflow` when the value does not fit a 64-bit long (ERANGE).
 */
export function strtol(text: string): { readonly value: bigint; readonly overflow: boolean } {
  const match = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(text);
  const sign = match?.[1] === '-' ? -1n : 1n;
  let rest = match?.[2] ?? '';
  let base = 10;
  if (/^0[xX][0-9a-fA-F]/.test(rest)) {
    base = 16;
    rest = rest.slice(2);
  } else if (rest.startsWith('0')) {
    base = 8;
  }
  const digits = (base === 16 ? /^[0-9a-fA-F]*/ : base === 8 ? /^[0-7]*/ : /^[0-9]*/).exec(rest)?.[0] ?? '';
  if (digits === '') return { value: 0n, overflow: false };
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : '';
  const value = sign * BigInt(`${prefix}${digits}`);
  if (value > LONG_MAX) return { value: LONG_MAX, overflow: true };
  if (value < LONG_MIN) return { value: LONG_MIN, overflow: true };
  return { value, overflow: false };
}

/** What the value does to the real server: its weight contribution, or a fault. */
export function fileCheckFault(checker: FileChecker, value: number): boolean {
  // update_track_file_status: weight 0 means "non-zero is a failure" (reversed: zero is).
  if (checker.weight === 0) return (value !== 0) === !checker.reverse;
  const contribution = value * checker.weight * (checker.reverse ? -1 : 1);
  return contribution <= -WEIGHT_MAX;
}

async function readStart(path: string): Promise<string | undefined> {
  try {
    // O_NONBLOCK as keepalived opens it: a FIFO without a writer must not hang the read.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const buffer = Buffer.alloc(READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString('latin1');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

export async function fileProbe(target: CheckTarget, checker: FileChecker, signal?: AbortSignal): Promise<ProbeOutcome> {
  const path = target.trackFilePath;
  if (path === undefined) return failed(`track_file ${checker.trackFile} not found`);
  const text = await readStart(path);
  if (signal?.aborted === true) return CANCELLED;
  let value = 0;
  if (text !== undefined && text.length > 0) {
    const parsed = strtol(text);
    if (parsed.overflow || parsed.value < BigInt(INT_MIN) || parsed.value > BigInt(INT_MAX)) {
      // keepalived logs this and keeps the previous value; a probe has no previous value to keep.
      return failed(`Invalid number ${parsed.value} read from ${path} - ignoring`);
    }
    value = Number(parsed.value);
  }
  if (fileCheckFault(checker, value)) {
    return { ok: false, detail: `(${target.realServer.label}): tracked file ${checker.trackFile} now FAULT state`, fileValue: value };
  }
  return { ok: true, detail: '', fileValue: value };
}
