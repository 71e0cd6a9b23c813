import type { CheckerDraft, ConnectionDraft, RealServerDraft, VirtualServerDraft } from './drafts.js';
import type { LvsGlobalDefaults } from './defaults.js';
import type { Checker, CheckerConnection, CheckerTiming, HttpUrl, SocketAddress } from './model.js';

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

/** default_retry and default_delay_before_retry per checker type (0 = the delay_loop). */
function typeDefaults(kind: CheckerDraft['kind']): { retry: number; delayBeforeRetryMicros: number } {
  switch (kind) {
    case 'HTTP_GET':
    case 'SSL_GET':
      return { retry: 1, delayBeforeRetryMicros: 3 * SECOND };
    case 'DNS_CHECK':
      return { retry: 3, delayBeforeRetryMicros: 0 };
    case 'MISC_CHECK':
      return { retry: 0, delayBeforeRetryMicros: SECOND };
    default:
      return { retry: 1, delayBeforeRetryMicros: SECOND };
  }
}

function timing(draft: Extract<CheckerDraft, { retry: unknown }>, rs: ResolvedRealServer): CheckerTiming {
  const defaults = typeDefaults(draft.kind);
  const delayLoopMicros = draft.delayLoopMicros ?? rs.delayLoopMicros;
  const fallbackDelay = defaults.delayBeforeRetryMicros === 0 ? delayLoopMicros : defaults.delayBeforeRetryMicros;
  return {
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
  const base = {
    loc: draft.loc,
    alpha: draft.alpha ?? rs.alpha,
    logAllFailures: draft.logAllFailures || globals.checkerLogAllFailures,
  };
  switch (draft.kind) {
    case 'HTTP_GET':
    case 'SSL_GET':
      return {
        ...base,
        ...timing(draft, rs),
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
      };
    case 'TCP_CHECK':
    case 'PING_CHECK':
      return { ...base, ...timing(draft, rs), kind: draft.kind, connection: connection(draft.connection, rs) };
    case 'SMTP_CHECK':
      return { ...base, ...timing(draft, rs), kind: 'SMTP_CHECK', connection: connection(draft.connection, rs), heloName: draft.heloName ?? '' };
    case 'DNS_CHECK':
      return {
        ...base,
        ...timing(draft, rs),
        kind: 'DNS_CHECK',
        connection: connection(draft.connection, rs),
        queryType: draft.queryType,
        queryName: draft.queryName ?? '.',
      };
    case 'UDP_CHECK':
      return {
        ...base,
        ...timing(draft, rs),
        kind: 'UDP_CHECK',
        connection: connection(draft.connection, rs),
        payload: draft.payload,
        requireReply: draft.requireReply,
        replyData: draft.replyData,
        replyMask: draft.replyMask,
        minReplyLength: draft.minReplyLength,
        maxReplyLength: draft.maxReplyLength,
      };
    case 'MISC_CHECK':
      if (draft.script === undefined) return undefined;
      return {
        ...base,
        ...timing(draft, rs),
        kind: 'MISC_CHECK',
        script: draft.script,
        // check_misc.c misc_check_thread: no (or zero) misc_timeout means the virtual server's delay_loop.
        timeoutMicros: draft.timeoutMicros === undefined || draft.timeoutMicros === 0 ? (vs.delayLoopMicros ?? 0) : draft.timeoutMicros,
        dynamic: draft.dynamic,
      };
    case 'FILE_CHECK':
      if (draft.trackFile === undefined) return undefined;
      // check_file.c: a file checker knows its state at once, so never alpha.
      return { ...base, alpha: false, kind: 'FILE_CHECK', trackFile: draft.trackFile, weight: draft.weight ?? 1, reverse: draft.reverse };
    case 'BFD_CHECK':
      if (draft.bfdName === undefined) return undefined;
      return { ...base, kind: 'BFD_CHECK', bfdName: draft.bfdName };
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
