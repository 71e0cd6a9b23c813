import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { ForwardingMethod, TunnelChecksum, TunnelType } from './model.js';
import { readUnsigned } from './numbers.js';

export type ServerRole = 'virtual' | 'real' | 'sorry';

const DEFAULT_TUNNEL = { tunnelType: 'ipip', tunnelPort: 0, checksum: 'nocsum' } as const;

/**
 * `lvs_method NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]`
 * (keepalived check_parser.c svr_forwarding_handler). keepalived sets the
 * method before reading the tunnel options, so a bad option leaves TUN with
 * the previous tunnel settings. Returns `previous` for an unknown method.
 */
export function parseForwarding(
  node: ConfigNode,
  previous: ForwardingMethod | undefined,
  role: ServerRole,
  sink: DiagnosticSink,
): ForwardingMethod | undefined {
  const method = node.args[0] ?? '';
  if (method === 'NAT' || method === 'DR') return { kind: method };
  if (method !== 'TUN') {
    sink.error(`PARSER : unknown [${method}] routing method for ${role} server.`, node.loc);
    return previous;
  }
  const kept: ForwardingMethod = previous?.kind === 'TUN' ? previous : { kind: 'TUN', ...DEFAULT_TUNNEL };
  const fail = (message: string): ForwardingMethod => {
    sink.error(message, node.loc);
    return kept;
  };

  let tunnelType: TunnelType = 'ipip';
  let port = 0;
  let checksum: TunnelChecksum = 'nocsum';
  const options = node.args.slice(1);
  for (let i = 0; i < options.length; i++) {
    const option = options[i] ?? '';
    if (option === 'type') {
      const value = options[i + 1];
      if (value === undefined) return fail(`Missing tunnel type for ${role} server.`);
      if (value !== 'ipip' && value !== 'gue' && value !== 'gre') return fail(`Unknown tunnel type ${value} for ${role} server.`);
      tunnelType = value;
      i++;
    } else if (option === 'port') {
      const value = options[i + 1];
      if (value === undefined) return fail(`Missing port for ${role} server gue tunnel.`);
      const parsed = readUnsigned(value, 1, 65535, node.loc, sink);
      if (parsed === undefined) return fail(`Invalid gue tunnel port ${value} for ${role} server.`);
      port = parsed;
      i++;
    } else if (option === 'nocsum' || option === 'csum' || option === 'remcsum') {
      checksum = option;
    } else {
      return fail(`Invalid tunnel option ${option} for ${role} server.`);
    }
  }
  if ((tunnelType === 'gue') !== (port !== 0)) return fail('gue tunnels require port, otherwise cannot have port.');
  if (tunnelType === 'ipip' && checksum !== 'nocsum') return fail('ipip tunnels do not support checksum option.');
  if (tunnelType === 'gre' && checksum === 'remcsum') return fail('gre tunnels do not support remote checksum option.');
  return { kind: 'TUN', tunnelType, tunnelPort: port, checksum };
}
