import { describe, expect, it } from "vitest";
import { toProbeOutcome } from "./to-probe-outcome.js";

function sdkError(name: string, status: number, message = "m"): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, requestId: "req-1" },
  });
}

describe("toProbeOutcome", () => {
  it("classifies success, refusal, bad keys, missing resources and the rest", () => {
    expect(toProbeOutcome({ output: { $metadata: { requestId: "ok-1" } } })).toEqual({
      result: "allowed",
      requestId: "ok-1",
    });
    expect(toProbeOutcome({ error: sdkError("AccessDenied", 403) })).toMatchObject({
      result: "denied",
      requestId: "req-1",
    });
    expect(toProbeOutcome({ error: sdkError("AccessDeniedException", 400) }).result).toBe("denied");
    // An ECR denial served as XML reaches the SDK as a SyntaxError with status 403.
    expect(toProbeOutcome({ error: sdkError("SyntaxError", 403, "Unexpected token <") })).toMatchObject({
      result: "denied",
      message: "HTTP 403",
    });
    expect(toProbeOutcome({ error: sdkError("InvalidClientTokenId", 403) }).result).toBe(
      "invalid-credentials",
    );
    expect(toProbeOutcome({ error: sdkError("RepositoryNotFoundException", 400) })).toMatchObject({
      result: "allowed",
      notFound: true,
    });
    expect(toProbeOutcome({ error: sdkError("InternalFailure", 500) }).result).toBe("error");
  });
});
