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

describe("toProbeOutcome: only an error AWS named is a verdict", () => {
  const deserialization =
    "\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.";
  function answered(name: string, status: number, message: string, type = "text/html", extra = {}): Error {
    return Object.assign(new Error(message), {
      name,
      $metadata: { httpStatusCode: status, attempts: 2 },
      $response: { statusCode: status, headers: { "content-type": type } },
      ...extra,
    });
  }
  it.each([
    // What the JS SDK throws for each fault of test/emulator/fault-proxy.ts (recorded against the emulator).
    [
      "HTML 403 (query XML)",
      answered("Error", 403, `@aws-sdk XML parse error: mismatched tags.${deserialization}`),
      "HTTP 403",
      /HTML page, not an AWS answer/,
    ],
    [
      "HTML 403 (ECR JSON)",
      answered("SyntaxError", 403, `Unexpected token '<'${deserialization}`),
      "HTTP 403",
      /HTML page/,
    ],
    [
      "HTML 404",
      answered("Error", 404, `@aws-sdk XML parse error: x${deserialization}`),
      "HTTP 404",
      /HTML page/,
    ],
    [
      "well-formed 404 without a code",
      answered("NotFound", 404, "UnknownError", "application/xml"),
      "HTTP 404",
      /not an AWS answer/,
    ],
    [
      "bare 403 without a code",
      answered("Forbidden", 403, "UnknownError", "application/xml"),
      "HTTP 403",
      /not an AWS answer/,
    ],
    [
      "garbage 200",
      answered("SyntaxError", 200, `Unexpected token 'h'${deserialization}`, "text/plain"),
      "HTTP 200",
      /not an AWS answer/,
    ],
    [
      "bare 503",
      answered("Error", 503, `@aws-sdk XML parse error: unexpected content.${deserialization}`, "text/plain"),
      "HTTP 503",
      /^Service Unavailable, not an AWS error body \(2 attempts\)$/,
    ],
    [
      "truncated body",
      answered("Error", 200, `aborted${deserialization}`, "text/xml", { code: "ECONNRESET" }),
      "HTTP 200",
      /cut off/,
    ],
    [
      "reset",
      Object.assign(new Error("read ECONNRESET"), {
        name: "TimeoutError",
        code: "ECONNRESET",
        $metadata: { attempts: 2 },
      }),
      "ECONNRESET",
      /connection was reset/,
    ],
    ["throttling", sdkError("Throttling", 400, "Rate exceeded"), "Throttling", /^Rate exceeded$/],
    ["AWS 500", sdkError("InternalFailure", 500, "oops"), "InternalFailure", /^oops$/],
  ])("%s: could not be judged (error), no SDK text", (_name, error, code, message) => {
    const outcome = toProbeOutcome({ error });
    expect(outcome).toMatchObject({ result: "error", code });
    expect(outcome.message).toMatch(message);
    expect(outcome.message).not.toMatch(/Deserialization|\$response/);
  });

  it("a parsed AWS AccessDenied is a refusal, whatever its status", () => {
    expect(toProbeOutcome({ error: sdkError("AccessDenied", 403) }).result).toBe("denied");
    expect(toProbeOutcome({ error: sdkError("AccessDeniedException", 400) }).result).toBe("denied");
  });
});
