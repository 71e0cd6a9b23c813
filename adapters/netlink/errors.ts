// netlink@0.3.0 rejects with a plain `Error('Request rejected: EEXIST')` and no errno field
// (reference ecosystem.md §1.6 item 4): recover the errno name so the pipeline's EffectResult
// carries `EEXIST`, `EPERM`, `ENODEV`... as a Node system error would.

/** An Error whose `code` is the errno name, the shape `errorName` (adapters/runtime/executors.ts) reads. */
export class NetlinkError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'NetlinkError';
    this.code = code;
  }
}

const REJECTED = /Request rejected: (E[A-Z0-9]+)/;

/** The errno name of a netlink failure, or undefined when the error carries none. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  if (err instanceof Error) return REJECTED.exec(err.message)?.[1];
  return undefined;
}

/** Wraps any failure as a NetlinkError; `what` says which request failed. */
export function netlinkError(err: unknown, what: string): NetlinkError {
  const code = errnoOf(err) ?? 'EIO';
  const detail = err instanceof Error ? err.message : String(err);
  return new NetlinkError(code, `${what}: ${detail}`);
}

/**
 * What a delete of something already gone answers: RTM_DELADDR EADDRNOTAVAIL, RTM_DELROUTE ESRCH,
 * RTM_DELRULE ENOENT (seen on kernel 6.18). Deletes are idempotent, so these count as success.
 */
export function isAlreadyGone(code: string | undefined): boolean {
  return code === 'EADDRNOTAVAIL' || code === 'ESRCH' || code === 'ENOENT';
}
