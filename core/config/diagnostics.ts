import type { SourceLocation } from './syntax.js';

/**
 * keepalived's config_err_t classes collapse into four outcomes for `-t`:
 * fatal (exit 4, cannot run), error (exit 5, runs with a repaired config;
 * keepalived's CONFIG_WARNING/DEPRECATED reports count here too), security
 * (exit 6, scripts without enable_script_security), and warning (exit 0:
 * what keepalived only logs). `notImplemented` is Vigil's own: a keyword it parses but does not
 * act on yet. It never changes the exit code.
 */
export type Severity = 'fatal' | 'error' | 'security' | 'warning' | 'notImplemented';

export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  /** Absent for whole-config findings that keepalived prints without a line. */
  readonly loc?: SourceLocation;
}

/** Collects diagnostics in the order they are found. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  report(severity: Severity, message: string, loc?: SourceLocation): void {
    this.items.push(loc === undefined ? { severity, message } : { severity, message, loc });
  }

  error(message: string, loc?: SourceLocation): void {
    this.report('error', message, loc);
  }

  warning(message: string, loc?: SourceLocation): void {
    this.report('warning', message, loc);
  }
}

/** keepalived -t exit codes (lib/scheduler.h KEEPALIVED_CHK_EXIT_*, observed on 2.2.7). */
export const EXIT_OK = 0;
export const EXIT_CANNOT_RUN = 4;
export const EXIT_ERRORS = 5;
export const EXIT_SECURITY = 6;

/**
 * keepalived keeps the highest config_err_t reported, and the classes rank
 * security over errors over "cannot run" (observed 2.2.7: a tracked script
 * without enable_script_security exits 6 even after an invalid number; a
 * missing linkbeat interface exits 5 when an invalid number comes too).
 */
export function checkExitCode(diagnostics: readonly Diagnostic[]): number {
  const has = (s: Severity): boolean => diagnostics.some((d) => d.severity === s);
  if (has('security')) return EXIT_SECURITY;
  if (has('error')) return EXIT_ERRORS;
  if (has('fatal')) return EXIT_CANNOT_RUN;
  return EXIT_OK;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc === undefined ? '' : `${d.loc.file}:${d.loc.line}: `;
  const label = d.severity === 'notImplemented' ? 'warning' : d.severity;
  const suffix = d.severity === 'notImplemented' ? ' (parsed, not acted on yet)' : '';
  return `${where}${label}: ${d.message}${suffix}`;
}
