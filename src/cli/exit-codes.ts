import { CrossroleError, type ErrorKind } from "../core/errors.js";

/**
 * The one table of exit codes (documented in README "Exit codes"). `exec` passes the child's code through instead.
 */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** Unexpected error: a bug in crossrole. Please report it. */
  unexpected: 1,
  /** Invalid input: usage, flags, spec file. Nothing was changed. */
  invalidInput: 2,
  /** AWS refused: missing or invalid credentials, AccessDenied, wrong account. */
  awsAuth: 3,
  /** A check found problems: lint errors, drift, a failed verification. */
  verificationFailed: 4,
  /** The local environment failed: file permissions, a refused symlink, a missing tool, an unreachable endpoint. */
  environment: 5,
  /**
   * AWS refused or failed an operation for a reason that is not authentication or authorisation: a conflict, an
   * entity missing or already there, a quota, a failed StackSet operation, any other AWS error.
   */
  awsFailed: 6,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

const byKind: Record<ErrorKind, ExitCodeValue> = {
  "invalid-input": ExitCode.invalidInput,
  "aws-auth": ExitCode.awsAuth,
  aws: ExitCode.awsFailed,
  "verification-failed": ExitCode.verificationFailed,
  environment: ExitCode.environment,
  internal: ExitCode.unexpected,
};

/** Maps any thrown value to the exit code of the table above. */
export function errorToExitCode(error: unknown): ExitCodeValue {
  return error instanceof CrossroleError ? byKind[error.kind] : ExitCode.unexpected;
}
