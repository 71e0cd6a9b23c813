import type { ParseContext } from '../../context.js';
import type { DiagnosticSink } from '../../diagnostics.js';

/** What a checker block needs to know about where it sits. */
export interface CheckerContext {
  readonly sink: DiagnosticSink;
  readonly parse: ParseContext;
  /** The real server's address text: the default probe destination. */
  readonly realServerAddress: string;
  /** keepalived's FMT_RS text of the real server, for BFD_CHECK messages. */
  readonly realServerLabel: () => string;
  /** BFD names already monitored by this real server. */
  readonly monitoredBfds: ReadonlySet<string>;
}
