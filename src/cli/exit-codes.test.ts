import { describe, expect, it } from "vitest";
import {
  AwsAuthError,
  asCrossroleError,
  asReadFailure,
  EnvironmentError,
  InternalError,
  SpecError,
  UsageError,
} from "../core/errors.js";
import { errorToExitCode } from "./exit-codes.js";

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
    ["an SDK service error", sdkError("LimitExceededException", "too many"), "AWS_ERROR", 3],
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
