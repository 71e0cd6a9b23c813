// IPVS failures as errno names. netlink@0.3.0 rejects with a plain `Error('Request rejected:
// EEXIST')` (reference ecosystem.md §1.6 item 4) and `Error('Timeout has been reached')`; the
// pipeline's EffectResult wants `EEXIST`, `ESRCH`, `ETIMEDOUT`..., which `errorName`
// (adapters/runtime/executors.ts) reads from `code`.

/** What the client was doing; picks keepalived's wording for the errno (libipvs.c ipvs_strerror). */
export type IpvsOperation =
  | 'open'
  | 'addService'
  | 'updateService'
  | 'deleteService'
  | 'addDest'
  | 'updateDest'
  | 'deleteDest'
  | 'flush'
  | 'readTable';

export class IpvsError extends Error {
  /** The errno name (EEXIST, ESRCH, ENOENT, EINVAL, EPERM, ETIMEDOUT, EIO...). */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'IpvsError';
    this.code = code;
  }
}

const REJECTED = /Request rejected: (E[A-Z0-9]+)/;

/** The errno name a failure carries, or undefined when it carries none. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  if (!(err instanceof Error)) return undefined;
  const rejected = REJECTED.exec(err.message);
  if (rejected !== null) return rejected[1];
  return err.message.includes('Timeout has been reached') ? 'ETIMEDOUT' : undefined;
}

// keepalived's ipvs_strerror table: the same errno means different things per command.
const PER_OPERATION: Partial<Record<IpvsOperation, Readonly<Record<string, string>>>> = {
  addService: { EEXIST: 'Service already exists', ENOENT: 'Scheduler or persistence engine not found' },
  updateService: { ESRCH: 'No such service', ENOENT: 'Scheduler or persistence engine not found' },
  deleteService: { ESRCH: 'No such service' },
  addDest: { ESRCH: 'Service not defined', EEXIST: 'Destination already exists' },
  updateDest: { ESRCH: 'Service not defined', ENOENT: 'No such destination' },
  deleteDest: { ESRCH: 'Service not defined', ENOENT: 'No such destination' },
  readTable: { ESRCH: 'No such service' },
  open: { ENOENT: 'the kernel has no IPVS (generic netlink family "IPVS" not found; is ip_vs loaded?)' },
};
const ANY_OPERATION: Readonly<Record<string, string>> = {
  EPERM: 'Permission denied (you must be root)',
  EINVAL: 'Invalid operation.  Possibly wrong module version, address not unicast, ...',
  ENOPROTOOPT: 'Protocol not available',
  ENOMEM: 'Memory allocation problem',
  EOPNOTSUPP: 'Operation not supported with IPv6',
  EAFNOSUPPORT: 'Operation not supported with specified address family',
  EMSGSIZE: 'Module is wrong version',
  ETIMEDOUT: 'no answer from the kernel in time',
};

/** Any failure as an IpvsError; `what` names the request ("add service TCP 10.0.0.1:80"). */
export function ipvsError(err: unknown, operation: IpvsOperation, what: string): IpvsError {
  if (err instanceof IpvsError) return err;
  const code = errnoOf(err) ?? 'EIO';
  const detail = PER_OPERATION[operation]?.[code] ?? ANY_OPERATION[code] ?? (err instanceof Error ? err.message : String(err));
  return new IpvsError(code, `IPVS ${what}: ${detail} (${code})`);
}

/** A request we refuse to send: the kernel would answer EINVAL, so say why before sending. */
export function invalid(message: string): IpvsError {
  return new IpvsError('EINVAL', message);
}
