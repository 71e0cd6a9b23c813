import type { ConfigNode } from '../../syntax.js';
import type { CheckerDraft } from '../drafts.js';
import type { CheckerContext } from './context.js';
import { parseHttpCheck } from './http.js';
import { parseBfdCheck, parseFileCheck, parseMiscCheck } from './local.js';
import { parseDnsCheck, parseSmtpCheck, parseTcpOrPingCheck, parseUdpCheck } from './network.js';

/** Checker blocks a real_server accepts, any number and any mix (keepalived check_api.c install_checkers_keyword). */
export const CHECKER_PARSERS: Readonly<Record<string, (node: ConfigNode, context: CheckerContext) => CheckerDraft[]>> = {
  HTTP_GET: (node, context) => parseHttpCheck(node, 'HTTP_GET', context),
  SSL_GET: (node, context) => parseHttpCheck(node, 'SSL_GET', context),
  TCP_CHECK: (node, context) => parseTcpOrPingCheck(node, 'TCP_CHECK', context),
  PING_CHECK: (node, context) => parseTcpOrPingCheck(node, 'PING_CHECK', context),
  SMTP_CHECK: parseSmtpCheck,
  DNS_CHECK: parseDnsCheck,
  UDP_CHECK: parseUdpCheck,
  MISC_CHECK: parseMiscCheck,
  FILE_CHECK: parseFileCheck,
  BFD_CHECK: parseBfdCheck,
};
