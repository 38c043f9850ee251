import { describe, expect, it } from "vitest";
import { translateAwsError } from "./translate-aws-error.js";

// The errors the JS SDK throws for each fault of test/emulator/fault-proxy.ts (recorded against the emulator).
const HINT =
  "\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.";
function answered(name: string, status: number, message: string, type = "text/plain", extra = {}): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, attempts: 4 },
    $response: { statusCode: status, headers: { "content-type": type } },
    ...extra,
  });
}
const context = {
  action: "sts:AssumeRole",
  resource: "arn:aws:iam::111111111111:role/deploy",
  endpoint: "http://127.0.0.1:9",
};
const at = "sts:AssumeRole on arn:aws:iam::111111111111:role/deploy at http://127.0.0.1:9";

describe("translateAwsError", () => {
  it.each([
    [
      "bare 503",
      answered("Error", 503, `@aws-sdk XML parse error: unexpected content.${HINT}`),
      "environment",
      "AWS_UNAVAILABLE",
      `${at}: AWS answered 503 Service Unavailable 4 times, not an AWS error body.`,
    ],
    [
      "AWS-named 500",
      answered("InternalFailure", 500, "We encountered an internal error.", "text/xml"),
      "environment",
      "AWS_UNAVAILABLE",
      `${at}: AWS answered 500 InternalFailure 4 times: We encountered an internal error.`,
    ],
    [
      "reset",
      Object.assign(new Error("read ECONNRESET"), {
        name: "TimeoutError",
        code: "ECONNRESET",
        $metadata: { attempts: 4 },
      }),
      "environment",
      "AWS_UNAVAILABLE",
      `${at}: the connection was reset (ECONNRESET), 4 attempts.`,
    ],
    [
      "truncated body",
      answered("Error", 200, `aborted${HINT}`, "text/xml", { code: "ECONNRESET" }),
      "environment",
      "AWS_UNAVAILABLE",
      `${at}: the answer was cut off before its end (HTTP 200), 4 attempts.`,
    ],
    [
      "proxy's HTML 403",
      answered("Error", 403, `@aws-sdk XML parse error: mismatched tags.${HINT}`, "text/html"),
      "environment",
      "AWS_UNAVAILABLE",
      `${at}: HTTP 403 with an HTML page, not an AWS answer (a proxy in between?).`,
    ],
    [
      "garbage 200",
      answered("SyntaxError", 200, `Unexpected token 'h'${HINT}`),
      "environment",
      "AWS_UNAVAILABLE",
      `${at}: HTTP 200 with a body that is not an AWS answer.`,
    ],
    [
      "AWS AccessDenied",
      answered("AccessDenied", 403, "User: x is not authorized", "text/xml"),
      "aws-auth",
      "ACCESS_DENIED",
      "access denied: sts:AssumeRole on arn:aws:iam::111111111111:role/deploy. AWS said: User: x is not authorized",
    ],
    [
      "throttling (unchanged)",
      answered("Throttling", 400, "Rate exceeded", "text/xml"),
      "aws",
      "AWS_ERROR",
      "sts:AssumeRole on arn:aws:iam::111111111111:role/deploy failed: Throttling: Rate exceeded",
    ],
    [
      "connection refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
      "environment",
      "ENDPOINT_UNREACHABLE",
      "cannot reach AWS for sts:AssumeRole at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9",
    ],
  ])("%s", (_name, error, kind, code, message) => {
    const translated = translateAwsError(error, context);
    expect({ kind: translated.kind, code: translated.code, message: translated.message }).toEqual({
      kind,
      code,
      message,
    });
    expect(translated.message).not.toMatch(/Deserialization|\$response/);
  });
});
