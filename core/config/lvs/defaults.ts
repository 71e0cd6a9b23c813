/**
 * The few global_defs values the LVS section needs. The global section owns
 * global_defs; the root parser maps its GlobalConfig onto this shape, so the
 * LVS section stays independent of it.
 */
export interface LvsGlobalDefaults {
  /**
   * global_defs `smtp_alert [BOOL]` (unset = undefined). Default for every
   * virtual and real server's smtp_alert when smtp_alert_checker is unset.
   */
  readonly smtpAlert: boolean | undefined;
  /**
   * global_defs `smtp_alert_checker [BOOL]` (unset = undefined). Takes
   * precedence over smtp_alert for checker alerts (keepalived check_data.c
   * validate_check_config).
   */
  readonly smtpAlertChecker: boolean | undefined;
  /** global_defs `checker_log_all_failures [BOOL]`: log every failed probe of every checker. */
  readonly checkerLogAllFailures: boolean;
}

/** keepalived's defaults (global_data.c: smtp_alert* = -1 "unset", checker_log_all_failures false). */
export const defaultLvsGlobalDefaults: LvsGlobalDefaults = {
  smtpAlert: undefined,
  smtpAlertChecker: undefined,
  checkerLogAllFailures: false,
};
