import type { CheckerDraft, ConnectionDraft, RealServerDraft, VirtualServerDraft } from './drafts.js';
import type { LvsGlobalDefaults } from './defaults.js';
import type { Checker, CheckerBase, CheckerConnection, CheckerTiming, HttpUrl, SocketAddress } from './model.js';

/**
 * The checker half of keepalived's validate_check_config: each checker takes
 * what it did not set from its real server, which took it from its virtual
 * server (check_data.c), falling back to the checker type's own defaults
 * (check_api.c queue_checker, check_http.c, check_dns.c, check_misc.c).
 */

/** A real server whose own settings have already been merged with its virtual server's. */
export interface ResolvedRealServer {
  readonly draft: RealServerDraft;
  readonly address: SocketAddress;
  readonly alpha: boolean;
  readonly retry: number | undefined;
  readonly connectTimeoutMicros: number;
  readonly delayLoopMicros: number;
  readonly warmupMicros: number | undefined;
  readonly delayBeforeRetryMicros: number | undefined;
}

const SECOND = 1_000_000;

interface TypeDefaults {
  readonly retry: number;
  readonly delayBeforeRetryMicros: number;
}

const HTTP_DEFAULTS: TypeDefaults = { retry: 1, delayBeforeRetryMicros: 3 * SECOND };
const DNS_DEFAULTS: TypeDefaults = { retry: 3, delayBeforeRetryMicros: 0 };
const MISC_DEFAULTS: TypeDefaults = { retry: 0, delayBeforeRetryMicros: SECOND };
const OTHER_DEFAULTS: TypeDefaults = { retry: 1, delayBeforeRetryMicros: SECOND };

/** default_retry and default_delay_before_retry per checker type (0 = the delay_loop). */
function typeDefaults(kind: CheckerDraft['kind']): TypeDefaults {
  switch (kind) {
    case 'HTTP_GET':
    case 'SSL_GET':
      return HTTP_DEFAULTS;
    case 'DNS_CHECK':
      return DNS_DEFAULTS;
    case 'MISC_CHECK':
      return MISC_DEFAULTS;
    default:
      return OTHER_DEFAULTS;
  }
}

type LaunchedDraft = Extract<CheckerDraft, { retry: unknown }>;

/**
 * What every checker that keepalived launches starts with: its line, alpha and
 * log_all_failures, then its timing. One literal rather than `{ ...base, ...timing }`:
 * V8 builds spread objects slowly, and a big config has a checker per real server.
 */
function launched(draft: LaunchedDraft, rs: ResolvedRealServer, globals: LvsGlobalDefaults): CheckerBase & CheckerTiming {
  const defaults = typeDefaults(draft.kind);
  const delayLoopMicros = draft.delayLoopMicros ?? rs.delayLoopMicros;
  const fallbackDelay = defaults.delayBeforeRetryMicros === 0 ? delayLoopMicros : defaults.delayBeforeRetryMicros;
  return {
    loc: draft.loc,
    alpha: draft.alpha ?? rs.alpha,
    logAllFailures: draft.logAllFailures || globals.checkerLogAllFailures,
    retry: draft.retry ?? rs.retry ?? defaults.retry,
    delayLoopMicros,
    delayBeforeRetryMicros: draft.delayBeforeRetryMicros ?? rs.delayBeforeRetryMicros ?? fallbackDelay,
    warmupMicros: draft.warmupMicros ?? rs.warmupMicros ?? delayLoopMicros,
  };
}

function connection(co: ConnectionDraft, rs: ResolvedRealServer): CheckerConnection {
  const base = co.destinationAddress ?? rs.address;
  return {
    destination: { family: base.family, address: base.address, port: co.destinationPort ?? rs.address.port },
    bindAddress: co.bindAddress,
    bindPort: co.bindPort,
    bindInterface: co.bindInterface,
    fwmark: co.fwmark,
    connectTimeoutMicros: co.connectTimeoutMicros ?? rs.connectTimeoutMicros,
  };
}

export function resolveChecker(
  draft: CheckerDraft,
  rs: ResolvedRealServer,
  vs: VirtualServerDraft,
  globals: LvsGlobalDefaults,
): Checker | undefined {
  switch (draft.kind) {
    case 'HTTP_GET':
    case 'SSL_GET':
      return Object.assign(launched(draft, rs, globals), {
        kind: draft.kind,
        connection: connection(draft.connection, rs),
        httpProtocol: draft.httpProtocol,
        virtualhost: draft.virtualhost ?? rs.draft.virtualhost ?? vs.virtualhost,
        enableSni: draft.enableSni,
        fastRecovery: draft.fastRecovery,
        urls: draft.urls.flatMap((url): HttpUrl[] =>
          url.path === undefined
            ? []
            : [
                {
                  loc: url.loc,
                  path: url.path,
                  digest: url.digest,
                  statusCodes: codeRanges(url.statusCodes),
                  virtualhost: url.virtualhost,
                  regex:
                    url.regexPattern === undefined
                      ? undefined
                      : {
                          pattern: url.regexPattern,
                          noMatch: url.regexNoMatch,
                          options: url.regexOptions,
                          minOffset: url.regexMinOffset,
                          maxOffset: url.regexMaxOffset,
                          stack: url.regexStack,
                        },
                },
              ],
        ),
      });
    case 'TCP_CHECK':
    case 'PING_CHECK':
      return Object.assign(launched(draft, rs, globals), { kind: draft.kind, connection: connection(draft.connection, rs) });
    case 'SMTP_CHECK':
      return Object.assign(launched(draft, rs, globals), { kind: draft.kind, connection: connection(draft.connection, rs), heloName: draft.heloName ?? '' });
    case 'DNS_CHECK':
      return Object.assign(launched(draft, rs, globals), {
        kind: draft.kind,
        connection: connection(draft.connection, rs),
        queryType: draft.queryType,
        queryName: draft.queryName ?? '.',
      });
    case 'UDP_CHECK':
      return Object.assign(launched(draft, rs, globals), {
        kind: draft.kind,
        connection: connection(draft.connection, rs),
        payload: draft.payload,
        requireReply: draft.requireReply,
        replyData: draft.replyData,
        replyMask: draft.replyMask,
        minReplyLength: draft.minReplyLength,
        maxReplyLength: draft.maxReplyLength,
      });
    case 'MISC_CHECK':
      if (draft.script === undefined) return undefined;
      return Object.assign(launched(draft, rs, globals), {
        kind: draft.kind,
        script: draft.script,
        // check_misc.c misc_check_thread: no (or zero) misc_timeout means the virtual server's delay_loop.
        timeoutMicros: draft.timeoutMicros === undefined || draft.timeoutMicros === 0 ? (vs.delayLoopMicros ?? 0) : draft.timeoutMicros,
        dynamic: draft.dynamic,
      });
    case 'FILE_CHECK':
      if (draft.trackFile === undefined) return undefined;
      // check_file.c: a file checker knows its state at once, so never alpha.
      return {
        loc: draft.loc, alpha: false, logAllFailures: draft.logAllFailures || globals.checkerLogAllFailures,
        kind: 'FILE_CHECK', trackFile: draft.trackFile, weight: draft.weight ?? 1, reverse: draft.reverse,
      };
    case 'BFD_CHECK':
      if (draft.bfdName === undefined) return undefined;
      return {
        loc: draft.loc, alpha: draft.alpha ?? rs.alpha, logAllFailures: draft.logAllFailures || globals.checkerLogAllFailures,
        kind: 'BFD_CHECK', bfdName: draft.bfdName,
      };
  }
}

/** The accepted status codes as merged inclusive ranges, ascending. */
function codeRanges(codes: ReadonlySet<number>): [number, number][] {
  const ranges: [number, number][] = [];
  for (const code of [...codes].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last?.[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}
