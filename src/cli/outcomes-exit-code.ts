import type { PartOutcome } from "../core/diff/part-outcome.js";
import { ExitCode, type ExitCodeValue, errorToExitCode } from "./exit-codes.js";

/**
 * The exit code of a run from its per-part outcomes: 0 when nothing failed or was refused; otherwise the most
 * serious kind among the failures: 1 (a bug in crossrole), then 3 (AWS refused: AccessDenied, wrong account), then 6
 * (AWS failed otherwise: a conflict, an invalid principal, IAM validation, a failed StackSet operation), then 5
 * (environment: endpoint unreachable), then 2 (refused by crossrole: a role it does not manage), then 4.
 * A declined run (nothing attempted, no error) is 0 for --dry-run and decided by the caller otherwise.
 */
export function outcomesExitCode(outcomes: readonly PartOutcome[]): ExitCodeValue {
  return errorsExitCode(outcomes.map((o) => o.error));
}

/** {@link outcomesExitCode} for a list of errors (undefined: that part succeeded). */
export function errorsExitCode(errors: Iterable<unknown>): ExitCodeValue {
  const codes = [...errors].flatMap((e) => (e === undefined ? [] : [errorToExitCode(e)]));
  for (const code of [
    ExitCode.unexpected,
    ExitCode.awsAuth,
    ExitCode.awsFailed,
    ExitCode.environment,
    ExitCode.invalidInput,
    ExitCode.verificationFailed,
  ]) {
    if (codes.includes(code)) return code;
  }
  return codes.length > 0 ? ExitCode.unexpected : ExitCode.ok;
}
