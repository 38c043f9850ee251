/**
 * One error hierarchy for the whole tool. Every error a user can cause or meet carries a stable `code`, a `kind`
 * (which the CLI maps to an exit code in one table, see src/cli/exit-codes.ts) and, where we know it, a `hint`
 * saying what to do next. Messages never contain secrets.
 */

import type { ErrorCode } from "./error-code.js";

export type { ErrorCode } from "./error-code.js";

/** What went wrong, at the granularity the exit-code table needs. */
export type ErrorKind =
  /** The user's input (argv, spec file, flags) is invalid. */
  | "invalid-input"
  /** AWS refused: bad or missing credentials, AccessDenied, wrong account. */
  | "aws-auth"
  /**
   * AWS refused or failed an operation for a reason that is not authentication or authorisation: the account's
   * state (a conflict, an entity missing or already there, a quota), a request IAM judges invalid, a failed
   * StackSet operation, an answer without the data it must hold, any other AWS error.
   */
  | "aws"
  /** A check ran and found a problem: lint errors, drift, a failed verification. */
  | "verification-failed"
  /** The local environment failed us: a file we cannot write, a missing tool, an unreachable endpoint. */
  | "environment"
  /** A bug in crossrole: an error nobody raised on purpose. Reported with its stack (exit 1). */
  | "internal";

/** Where in a user's file a problem is. */
export interface SourceLocation {
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

export interface CrossroleErrorOptions {
  hint?: string;
  cause?: unknown;
}

/** Base class of every error crossrole raises on purpose. Anything else reaching the CLI is a bug (exit 1). */
export class CrossroleError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, kind: ErrorKind, message: string, options: CrossroleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = kind;
    this.hint = options.hint;
  }
}

/** Bad command-line usage: unknown flag, missing argument, conflicting options. */
export class UsageError extends CrossroleError {
  constructor(message: string, options: CrossroleErrorOptions = {}) {
    super("USAGE", "invalid-input", message, options);
  }
}

/** One problem found in a spec file. */
export interface SpecIssue {
  location: SourceLocation;
  /** Field path such as `targets.ourthing.externalId`; empty for the whole document. */
  path: string;
  message: string;
}

/** A file the user wrote is invalid (exit 2). Holds every problem found, each with its location. */
export class FileIssuesError extends CrossroleError {
  readonly issues: readonly SpecIssue[];

  /** @param title the message's head, e.g. "Invalid access spec". */
  constructor(
    code: ErrorCode,
    title: string,
    issues: readonly SpecIssue[],
    options: CrossroleErrorOptions = {},
  ) {
    super(code, "invalid-input", formatFileIssues(title, issues), options);
    this.issues = issues;
  }
}

/** The access spec is invalid. Holds every problem found, each with its location. */
export class SpecError extends FileIssuesError {
  constructor(issues: readonly SpecIssue[], options: CrossroleErrorOptions = {}) {
    super("INVALID_SPEC", "Invalid access spec", issues, options);
  }
}

/** A file crossrole would create already exists and `--force` was not given. */
export class FileExistsError extends CrossroleError {
  constructor(file: string) {
    super("FILE_EXISTS", "invalid-input", `${file} already exists; crossrole will not overwrite it.`, {
      hint: "Pass --force to replace it, or choose another path with -o.",
    });
  }
}

/** A local file or tool problem (permissions, symlink refused, disk). */
export class EnvironmentError extends CrossroleError {
  constructor(code: ErrorCode, message: string, options: CrossroleErrorOptions = {}) {
    super(code, "environment", message, options);
  }
}

/** A check found problems (lint errors, drift, failed verification). The report has already been shown. */
export class VerificationFailedError extends CrossroleError {
  constructor(code: ErrorCode, message: string, options: CrossroleErrorOptions = {}) {
    super(code, "verification-failed", message, options);
  }
}

/** AWS refused the request: credentials missing or invalid, AccessDenied, wrong account. */
export class AwsAuthError extends CrossroleError {
  constructor(code: ErrorCode, message: string, options: CrossroleErrorOptions = {}) {
    super(code, "aws-auth", message, options);
  }
}

/**
 * AWS refused or failed an operation, not for authentication or authorisation: a conflict (DeleteConflict), an
 * entity that is missing or already exists, a request IAM judges invalid, a failed StackSet operation, an AWS error
 * crossrole has no better name for.
 */
export class AwsOperationError extends CrossroleError {
  constructor(code: ErrorCode, message: string, options: CrossroleErrorOptions = {}) {
    super(code, "aws", message, options);
  }
}

/**
 * A bug met while working on one part of a multi-part run (a target, an account, the BUILD principal), kept as
 * that part's outcome so the report still says what was and was not done. Exit 1, with the cause's stack.
 */
export class InternalError extends CrossroleError {
  constructor(cause: unknown) {
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super("INTERNAL", "internal", `unexpected error (a bug in crossrole): ${text}`, {
      hint: "Please report it with the stack trace printed after the report.",
      cause,
    });
  }
}

/**
 * Any thrown value as a CrossroleError, for runs that report each part: crossrole's own errors as they are; an
 * AWS SDK error that escaped translation (it carries `$metadata` or `$fault`) as an AWS error with AWS's message;
 * anything else (a TypeError, a RangeError...) is a bug, never an AWS refusal.
 */
export function asCrossroleError(error: unknown): CrossroleError {
  if (error instanceof CrossroleError) return error;
  if (isAwsSdkError(error)) {
    return new AwsOperationError("AWS_ERROR", `${error.name}: ${error.message}`, { cause: error });
  }
  return new InternalError(error);
}

/**
 * {@link asCrossroleError} for phases that only read: a bug is thrown (it ends the run, which has changed nothing,
 * and the CLI prints its stack), anything else is returned to be reported with its part.
 */
export function asReadFailure(error: unknown): CrossroleError {
  const failure = asCrossroleError(error);
  if (failure instanceof InternalError) throw failure.cause;
  return failure;
}

// --- internal ---

function isAwsSdkError(error: unknown): error is Error {
  return (
    error instanceof Error &&
    (typeof (error as { $metadata?: unknown }).$metadata === "object" ||
      typeof (error as { $fault?: unknown }).$fault === "string")
  );
}

function formatFileIssues(title: string, issues: readonly SpecIssue[]): string {
  const lines = issues.map((issue) => {
    const { file, line, column } = issue.location;
    const where = line === undefined ? file : `${file}:${line}${column === undefined ? "" : `:${column}`}`;
    const field = issue.path === "" ? "" : ` ${issue.path}:`;
    return `${where}:${field} ${issue.message}`;
  });
  const head = issues.length === 1 ? `${title}:` : `${title} (${issues.length} problems):`;
  return [head, ...lines.map((l) => `  ${l}`)].join("\n");
}
