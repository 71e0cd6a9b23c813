import { blockOf } from '../../blocks.js';
import type { DiagnosticSink } from '../../diagnostics.js';
import type { ConfigNode } from '../../syntax.js';
import type { CheckerDraft, HttpUrlDraft } from '../drafts.js';
import { newConnectionDraft, newTimingDraft } from '../drafts.js';
import { readUnsigned, trueFalse, UINT_MAX } from '../numbers.js';
import { applyCommonKeyword, checkConnection } from './common.js';
import type { CheckerContext } from './context.js';

type HttpDraft = Extract<CheckerDraft, { kind: 'HTTP_GET' | 'SSL_GET' }>;

/** `HTTP_GET { ... url { ... } }` and `SSL_GET` (keepalived check_http.c install_http_ssl_check_keyword). */
export function parseHttpCheck(node: ConfigNode, kind: 'HTTP_GET' | 'SSL_GET', context: CheckerContext): CheckerDraft[] {
  const { sink } = context;
  const draft: HttpDraft = {
    kind,
    loc: node.loc,
    alpha: undefined,
    logAllFailures: false,
    ...newTimingDraft(),
    connection: newConnectionDraft(),
    httpProtocol: '1.0',
    virtualhost: undefined,
    enableSni: false,
    fastRecovery: false,
    urls: [],
  };
  const target = { timing: draft, connection: draft.connection, alpha: draft.alpha, logAllFailures: draft.logAllFailures };
  for (const child of blockOf(node, sink)) {
    if (applyCommonKeyword(child, target, sink)) continue;
    const handler = Object.hasOwn(HTTP_KEYWORDS, child.keyword) ? HTTP_KEYWORDS[child.keyword] : undefined;
    if (handler === undefined) sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    else handler(child, draft, sink);
  }
  draft.alpha = target.alpha;
  draft.logAllFailures = target.logAllFailures;
  if (draft.urls.length === 0) {
    sink.error('HTTP/SSL_GET checker has no urls specified - ignoring', node.loc);
    return [];
  }
  if (!checkConnection(draft.connection, context.realServerAddress, sink, node)) return [];
  return [draft];
}

type HttpHandler = (node: ConfigNode, draft: HttpDraft, sink: DiagnosticSink) => void;

const HTTP_KEYWORDS: Readonly<Record<string, HttpHandler>> = {
  // keepalived check_http.c http_get_retry_handler: still accepted, reported as an error.
  nb_get_retry: (node, draft, sink) => {
    sink.error("nb_get_retry is deprecated - please use 'retry'", node.loc);
    const retry = readUnsigned(node.args[0], 0, UINT_MAX, node.loc, sink);
    if (retry === undefined) sink.error(`Invalid nb_get_retry value '${node.args[0] ?? ''}'`, node.loc);
    else draft.retry = retry;
  },
  virtualhost: (node, draft, sink) => {
    if (node.args.length === 0) sink.error('HTTP_GET virtualhost name missing', node.loc);
    else draft.virtualhost = node.args.join(' ');
  },
  http_protocol: (node, draft, sink) => {
    const version = node.args[0];
    if (version === undefined) sink.error('Missing http_protocol version', node.loc);
    else if (version === '1.0' || version === '1.1') draft.httpProtocol = version;
    else if (version === '1.0C' || version === '1.0c') draft.httpProtocol = '1.0C';
    else sink.error(`Invalid http_protocol version ${version}`, node.loc);
  },
  enable_sni: (node, draft, sink) => {
    const value = trueFalse(node.args[0]);
    if (value === undefined) sink.error(`Invalid enable_sni parameter ${node.args[0] ?? ''}`, node.loc);
    else draft.enableSni = value;
  },
  fast_recovery: (node, draft, sink) => {
    const value = trueFalse(node.args[0]);
    if (value === undefined) sink.error(`Invalid fast_recovery parameter ${node.args[0] ?? ''}`, node.loc);
    else draft.fastRecovery = value;
  },
  url: (node, draft, sink) => {
    const url = parseUrl(node, sink);
    if (url !== undefined) draft.urls.push(url);
  },
};

/** HTTP_DEFAULT_STATUS_CODE_MIN..MAX and the valid status range (check_http.h). */
const DEFAULT_STATUS: readonly [number, number] = [200, 299];
const STATUS_MIN = 100;
const STATUS_MAX = 599;

function parseUrl(node: ConfigNode, sink: DiagnosticSink): HttpUrlDraft | undefined {
  const url: HttpUrlDraft = {
    loc: node.loc,
    path: undefined,
    digest: undefined,
    statusCodes: new Set(),
    virtualhost: undefined,
    regexPattern: undefined,
    regexNoMatch: false,
    regexOptions: [],
    regexMinOffset: 0,
    regexMaxOffset: undefined,
    regexStack: undefined,
  };
  for (const child of blockOf(node, sink)) {
    const handler = Object.hasOwn(URL_KEYWORDS, child.keyword) ? URL_KEYWORDS[child.keyword] : undefined;
    if (handler === undefined) sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
    else handler(child, url, sink);
  }
  if (url.path === undefined) {
    sink.error('HTTP/SSL_GET checker url has no path - ignoring', node.loc);
    return undefined;
  }
  if (url.statusCodes.size === 0) for (let code = DEFAULT_STATUS[0]; code <= DEFAULT_STATUS[1]; code++) url.statusCodes.add(code);
  const hasRegexOptions =
    url.regexOptions.length > 0 || url.regexNoMatch || url.regexMinOffset !== 0 || url.regexMaxOffset !== undefined || url.regexStack !== undefined;
  // keepalived check_http.c url_check(): plain log lines, not config errors.
  if (url.regexPattern === undefined && hasRegexOptions) {
    sink.warning('regex parameters specified without regex', node.loc);
    Object.assign(url, { regexOptions: [], regexNoMatch: false, regexMinOffset: 0, regexMaxOffset: undefined, regexStack: undefined });
  }
  if (url.regexMaxOffset !== undefined && url.regexMinOffset > url.regexMaxOffset) {
    sink.warning(`regex min offset ${url.regexMinOffset} > regex_max_offset ${url.regexMaxOffset} - ignoring`, node.loc);
    url.regexMinOffset = 0;
    url.regexMaxOffset = undefined;
  }
  return url;
}

type UrlHandler = (node: ConfigNode, url: HttpUrlDraft, sink: DiagnosticSink) => void;

const URL_KEYWORDS: Readonly<Record<string, UrlHandler>> = {
  path: (node, url) => {
    url.path = node.args.join(' ');
  },
  digest: (node, url, sink) => {
    const text = node.args[0] ?? '';
    const digest = parseDigest(text, url.digest !== undefined, node, sink);
    if (digest !== undefined) url.digest = digest;
  },
  status_code: (node, url, sink) => {
    for (const text of node.args) {
      const match = /^(\d+)(?:-(\d+))?$/.exec(text);
      const min = match === null ? NaN : Number(match[1]);
      const max = match?.[2] === undefined ? min : Number(match[2]);
      if (Number.isNaN(min) || min < STATUS_MIN || max > STATUS_MAX || min > max) {
        sink.error(`Invalid HTTP_GET status code '${text}'`, node.loc);
        continue;
      }
      for (let code = min; code <= max; code++) url.statusCodes.add(code);
    }
  },
  virtualhost: (node, url, sink) => {
    if (node.args.length === 0) sink.error('Missing HTTP_GET virtualhost name', node.loc);
    else url.virtualhost = node.args.join(' ');
  },
  regex: (node, url, sink) => {
    if (node.args.length !== 1) sink.warning('regex missing or too many fields', node.loc);
    else url.regexPattern = node.args[0];
  },
  regex_no_match: (_node, url) => {
    url.regexNoMatch = true;
  },
  // keepalived ignores option names it does not know.
  regex_options: (node, url) => {
    for (const option of node.args) if (REGEX_OPTIONS.has(option) && !url.regexOptions.includes(option)) url.regexOptions.push(option);
  },
  regex_min_offset: (node, url, sink) => {
    url.regexMinOffset = regexOffset(node, 'min', sink) ?? 0;
  },
  regex_max_offset: (node, url, sink) => {
    url.regexMaxOffset = regexOffset(node, 'max', sink) ?? 0;
  },
  regex_stack: (node, url, sink) => {
    const [start, max] = node.args;
    if (node.args.length !== 2 || start === undefined || max === undefined) { sink.warning('regex_stack requires start and max values', node.loc); return; }
    if (!/^\d+$/.test(start)) { sink.warning('regex_stack invalid start value', node.loc); return; }
    if (!/^\d+$/.test(max)) { sink.warning('regex_stack invalid max value', node.loc); return; }
    if (Number(start) > Number(max)) { sink.warning('regex stack start cannot exceed max value', node.loc); return; }
    url.regexStack = { start: Number(start), max: Number(max) };
  },
};

/** PCRE2 option names keepalived maps (check_http.c regex_options[]). */
const REGEX_OPTIONS = new Set([
  'allow_empty_class', 'alt_bsux', 'auto_callout', 'caseless', 'dollar_endonly', 'dotall', 'dupnames', 'extended',
  'firstline', 'match_unset_backref', 'multiline', 'never_ucp', 'never_utf', 'no_auto_capture', 'no_auto_possess',
  'no_dotstar_anchor', 'no_start_optimize', 'ungreedy', 'never_backslash_c', 'alt_circumflex', 'alt_verbnames', 'use_offset_limit',
]);

function regexOffset(node: ConfigNode, which: 'min' | 'max', sink: DiagnosticSink): number | undefined {
  const text = node.args[0];
  if (node.args.length !== 1 || text === undefined) {
    sink.warning(`Missing or too may options for regex_${which}_offset`, node.loc);
    return undefined;
  }
  if (!/^\d+$/.test(text)) {
    sink.warning(`Invalid regex_${which}_offset ${text} specified`, node.loc);
    return undefined;
  }
  return Number(text);
}

/** MD5_DIGEST_LENGTH * 2 hex digits, checked pair by pair from the end as keepalived does. */
function parseDigest(text: string, duplicate: boolean, node: ConfigNode, sink: DiagnosticSink): string | undefined {
  if (duplicate) {
    sink.error(`Digest '${text}' is a duplicate`, node.loc);
    return undefined;
  }
  if (text.length !== 32) {
    sink.error(`digest '${text}' character length should be 32 rather than ${text.length}`, node.loc);
    return undefined;
  }
  for (let i = 15; i >= 0; i--) {
    if (!/^[0-9a-fA-F]{2}$/.test(text.slice(2 * i, 2 * i + 2))) {
      // keepalived has already cut the string after the pair it reports.
      sink.error(`Unable to interpret hex digit in '${text.slice(0, 2 * i + 2)}' at offset ${2 * i}/${2 * i + 1}`, node.loc);
      return undefined;
    }
  }
  return text.toLowerCase();
}
