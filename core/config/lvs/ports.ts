import type { DiagnosticSink } from '../diagnostics.js';
import { withPort } from './addresses.js';
import type { RealServerDraft, VirtualServerDraft } from './drafts.js';
import { realServerLabel } from './labels.js';
import type { SocketAddress, VirtualServerGroupEntry } from './model.js';

/**
 * keepalived check_data.c validate_check_config, last step: unless NAT, a
 * real (or sorry) server uses the virtual server's port, and a fwmark service
 * has no port at all. Returns the corrected addresses, in real server order.
 */
export function checkPorts(
  vs: VirtualServerDraft,
  realServers: readonly RealServerDraft[],
  vsLabel: string,
  sink: DiagnosticSink,
): { realServers: SocketAddress[]; sorryServer: SocketAddress | undefined } {
  const rsLabel = (rs: RealServerDraft): string => realServerLabel(rs.address, vs.protocol);
  const sorry = vs.sorryServer;
  const sorryTranslated = sorry !== undefined && sorry.forwarding?.kind !== 'NAT';

  if (vs.group !== undefined) {
    // Groups: reported only, nothing is changed.
    const entries = vs.group.entries;
    if (entries.some((e) => e.kind === 'fwmark')) {
      for (const rs of realServers) {
        if (rs.forwarding?.kind === 'NAT' || rs.address.port === 0) continue;
        sink.error(`WARNING - fwmark virtual server ${vsLabel}, real server ${rsLabel(rs)} has port specified - port will be ignored`);
      }
      if (sorryTranslated && sorry.address.port !== 0) {
        sink.error(`WARNING - fwmark virtual server ${vsLabel}, sorry server has port specified - port will be ignored`);
      }
    }
    for (const entry of entries) {
      if (entry.kind !== 'range') continue;
      for (const rs of realServers) {
        if (rs.forwarding?.kind === 'NAT' || rs.address.port === 0 || rs.address.port === entry.first.port) continue;
        sink.error(`virtual server ${vsLabel}:[${entryText(entry)}] and real server ${rsLabel(rs)} ports don't match`);
      }
      if (sorryTranslated && sorry.address.port !== 0 && sorry.address.port !== entry.first.port) {
        sink.error(`WARNING - virtual server ${vsLabel}, sorry server has port specified - port will be ignored`);
      }
    }
    return { realServers: realServers.map((rs) => rs.address), sorryServer: sorry?.address };
  }

  const isFwmark = vs.target.kind === 'fwmark';
  const vsPort = vs.target.kind === 'address' ? vs.target.address.port : 0;
  const fixed = realServers.map((rs): SocketAddress => {
    const port = rs.address.port;
    if (rs.forwarding?.kind === 'NAT') return !isFwmark && port === 0 ? withPort(rs.address, vsPort) : rs.address;
    if (isFwmark) {
      if (port === 0) return rs.address;
      sink.error(`WARNING - fwmark virtual server ${vsLabel}, real server ${rsLabel(rs)} has port specified - clearing`);
      return withPort(rs.address, 0);
    }
    if (port === 0) return withPort(rs.address, vsPort);
    if (port !== vsPort) {
      sink.error(`WARNING - virtual server ${vsLabel} and real server ${rsLabel(rs)} ports don't match - resetting`);
      return withPort(rs.address, vsPort);
    }
    return rs.address;
  });

  let sorryAddress = sorry?.address;
  if (sorryTranslated && sorryAddress !== undefined) {
    if (isFwmark) {
      if (sorryAddress.port !== 0) {
        sink.error(`WARNING - virtual server ${vsLabel}, sorry server has port specified - clearing`);
        sorryAddress = withPort(sorryAddress, 0);
      }
    } else if (sorryAddress.port === 0) sorryAddress = withPort(sorryAddress, vsPort);
    else if (sorryAddress.port !== vsPort) {
      sink.error(`WARNING - virtual server ${vsLabel} and sorry server ports don't match - resetting`);
      sorryAddress = withPort(sorryAddress, vsPort);
    }
  }
  return { realServers: fixed, sorryServer: sorryAddress };
}

/** keepalived format_vsge(): "a-b,port" for a range, "a,port" for one address. */
function entryText(entry: Extract<VirtualServerGroupEntry, { kind: 'range' }>): string {
  const first = entry.first.address;
  const last = entry.last.address;
  return first === last ? `${first},${entry.first.port}` : `${first}-${last},${entry.first.port}`;
}
