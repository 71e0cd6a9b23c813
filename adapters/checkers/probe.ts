// One probe of any checker kind: the switch over Checker['kind'] is exhaustive, so a new kind in
// the model does not compile until it has a probe here. Resolves, never rejects.
import { dnsProbe } from './dns-check.js';
import { fileProbe } from './file-check.js';
import { httpProbe } from './http-check.js';
import { miscProbe } from './misc-check.js';
import { failed, type ProbeOutcome } from './outcome.js';
import { pingProbe } from './ping-check.js';
import { smtpProbe } from './smtp-check.js';
import type { CheckTarget } from './target.js';
import { tcpProbe } from './tcp-check.js';
import { udpProbe } from './udp-check.js';

function start(target: CheckTarget, signal: AbortSignal | undefined): Promise<ProbeOutcome> {
  const checker = target.checker;
  switch (checker.kind) {
    case 'TCP_CHECK':
      return tcpProbe(target, checker, signal);
    case 'HTTP_GET':
    case 'SSL_GET':
      return httpProbe(target, checker, signal);
    case 'SMTP_CHECK':
      return smtpProbe(target, checker, signal);
    case 'DNS_CHECK':
      return dnsProbe(target, checker, signal);
    case 'UDP_CHECK':
      return udpProbe(target, checker, signal);
    case 'PING_CHECK':
      return pingProbe(target, checker, signal);
    case 'FILE_CHECK':
      return fileProbe(target, checker, signal);
    case 'MISC_CHECK':
      return miscProbe(target, checker, signal);
    case 'BFD_CHECK':
      // The config layer reports BFD_CHECK as not implemented; a probe cannot stand in for a BFD session.
      return Promise.resolve(failed(`BFD_CHECK ${checker.bfdName} is not implemented`));
  }
}

export async function runProbe(target: CheckTarget, signal?: AbortSignal): Promise<ProbeOutcome> {
  try {
    return await start(target, signal);
  } catch (err) {
    return failed(`checker internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
