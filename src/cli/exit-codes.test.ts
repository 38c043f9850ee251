import { describe, expect, it } from "vitest";
import {
  AwsAuthError,
  AwsOperationError,
  asCrossroleError,
  asReadFailure,
  CrossroleError,
  EnvironmentError,
  type ErrorKind,
  InternalError,
  SpecError,
  UsageError,
} from "../core/errors.js";
import { ExitCode, errorToExitCode } from "./exit-codes.js";
import { errorsExitCode } from "./outcomes-exit-code.js";

/** An error as the AWS SDK throws it: a service exception carries `$metadata` and `$fault`. */
function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

describe("asCrossroleError: crossrole's errors as they are, AWS errors as AWS errors, anything else a bug", () => {
  it.each([
    ["UsageError", new UsageError("bad flag"), "USAGE", 2],
    [
      "SpecError",
      new SpecError([{ location: { file: "s.yaml", line: 1 }, path: "", message: "x" }]),
      "INVALID_SPEC",
      2,
    ],
    ["AwsAuthError", new AwsAuthError("ACCESS_DENIED", "denied"), "ACCESS_DENIED", 3],
    ["EnvironmentError", new EnvironmentError("ENDPOINT_UNREACHABLE", "down"), "ENDPOINT_UNREACHABLE", 5],
    ["AwsOperationError", new AwsOperationError("DELETE_CONFLICT", "in use"), "DELETE_CONFLICT", 6],
    [
      "an SDK service error: AWS failed, not auth",
      sdkError("LimitExceededException", "too many"),
      "AWS_ERROR",
      6,
    ],
    ["a TypeError", new TypeError("x is not a function"), "INTERNAL", 1],
    ["a RangeError", new RangeError("Invalid array length"), "INTERNAL", 1],
    ["a thrown string", "boom", "INTERNAL", 1],
  ])("%s → %s, exit %i", (_name, thrown, code, exit) => {
    const error = asCrossroleError(thrown);
    expect(error.code).toBe(code);
    expect(errorToExitCode(error)).toBe(exit);
  });

  it("a bug keeps its cause (for the stack) and says it is a bug", () => {
    const cause = new TypeError("x is not a function");
    const error = asCrossroleError(cause);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe("unexpected error (a bug in crossrole): TypeError: x is not a function");
  });

  it("asReadFailure throws the bug itself and returns everything else", () => {
    const bug = new TypeError("x is not a function");
    expect(() => asReadFailure(bug)).toThrow(bug);
    expect(asReadFailure(sdkError("ThrottlingException", "slow down")).code).toBe("AWS_ERROR");
  });
});

describe("crossrole's error codes are a closed set", () => {
  it("a misspelt code in a comparison does not compile (tsc checks this file)", () => {
    const error: CrossroleError = new UsageError("bad flag");
    // @ts-expect-error "NO_SUCH_ENTITIY" is not an ErrorCode: the comparison can never be true.
    expect(error.code === "NO_SUCH_ENTITIY").toBe(false);
    // @ts-expect-error AWS's own error names are not crossrole's codes.
    expect(error.code === "NoSuchEntity").toBe(false);
    expect(error.code === "USAGE").toBe(true);
  });
});

describe("the exit-code table", () => {
  it.each([
    ["invalid-input", 2],
    ["aws-auth", 3],
    ["verification-failed", 4],
    ["environment", 5],
    ["aws", 6],
    ["internal", 1],
  ] satisfies Array<[ErrorKind, number]>)("kind %s → exit %i", (kind, exit) => {
    expect(errorToExitCode(new CrossroleError("USAGE", kind, "x"))).toBe(exit);
  });

  it("has one code per meaning (0 to 6)", () => {
    expect(Object.values(ExitCode).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ["a bug before everything", ["aws", "aws-auth", "internal"], 1],
    ["an auth refusal before an AWS failure", ["aws", "aws-auth", "environment"], 3],
    ["an AWS failure before the environment and invalid input", ["environment", "aws", "invalid-input"], 6],
    ["the environment before invalid input", ["invalid-input", "environment"], 5],
  ] satisfies Array<[string, ErrorKind[], number]>)(
    "several parts fail: %s (exit %i)",
    (_name, kinds, exit) => {
      expect(errorsExitCode(kinds.map((kind) => new CrossroleError("USAGE", kind, "x")))).toBe(exit);
    },
  );
});
