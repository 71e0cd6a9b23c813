import { blockOf } from '../blocks.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ConfigNode } from '../syntax.js';
import type { SslConfig } from './model.js';

type SslField = 'password' | 'caFile' | 'certificateFile' | 'keyFile';

/** keyword → field and the name keepalived uses in its messages (check_parser.c handle_ssl_file). */
const SSL_KEYWORDS: Readonly<Record<string, readonly [SslField, string]>> = {
  password: ['password', 'password'],
  ca: ['caFile', 'cafile'],
  certificate: ['certificateFile', 'certfile'],
  key: ['keyFile', 'keyfile'],
};

/** `SSL { password; ca; certificate; key }`; a second block replaces the first. */
export function parseSsl(node: ConfigNode, previous: SslConfig | undefined, sink: DiagnosticSink): SslConfig {
  if (previous !== undefined) sink.error('SSL context already specified - replacing', node.loc);
  const ssl: { -readonly [K in keyof SslConfig]: SslConfig[K] } = { loc: node.loc };
  for (const child of blockOf(node, sink)) {
    const entry = Object.hasOwn(SSL_KEYWORDS, child.keyword) ? SSL_KEYWORDS[child.keyword] : undefined;
    if (entry === undefined) {
      sink.error(`Unknown keyword '${child.keyword}'`, child.loc);
      continue;
    }
    const [field, name] = entry;
    if (child.args.length === 0) {
      sink.error(`SSL ${name} missing`, child.loc);
      continue;
    }
    if (ssl[field] !== undefined) sink.error(`SSL ${name} already specified - replacing`, child.loc);
    ssl[field] = child.args.join(' ');
  }
  return ssl;
}
