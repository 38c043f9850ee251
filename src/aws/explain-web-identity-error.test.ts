import { describe, expect, it } from "vitest";
import { explainWebIdentityError } from "./explain-web-identity-error.js";

const ENV = { AWS_WEB_IDENTITY_TOKEN_FILE: "/tmp/token", AWS_ROLE_ARN: "arn:aws:iam::222222222222:role/ci" };

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe("explainWebIdentityError", () => {
  it.each<[string, Error, Record<string, string>, { kind: string; hint: RegExp } | undefined]>([
    [
      "wrong sub",
      sdkError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
      ENV,
      { kind: "aws-auth", hint: /build\.oidc\.subjects/ },
    ],
    [
      "no provider",
      sdkError(
        "InvalidIdentityTokenException",
        "No OpenIDConnect provider found in your account for https://x",
      ),
      ENV,
      { kind: "aws-auth", hint: /crossrole apply creates it/ },
    ],
    [
      "audience",
      sdkError("InvalidIdentityTokenException", "Incorrect token audience"),
      ENV,
      { kind: "aws-auth", hint: /audience/ },
    ],
    [
      "expired token",
      sdkError(
        "ExpiredTokenException",
        "Token expired: current date/time 2 must be before the expiration date/time1",
      ),
      ENV,
      { kind: "aws-auth", hint: /expired/ },
    ],
    [
      "issuer unreachable",
      sdkError("IDPCommunicationErrorException", "could not be reached"),
      ENV,
      { kind: "aws", hint: /retry/ },
    ],
    [
      "an AssumeRole denial is not one",
      sdkError("AccessDenied", "User: x is not authorized to perform: sts:AssumeRole"),
      ENV,
      undefined,
    ],
    [
      "expired session credentials without a token file are not one",
      sdkError("ExpiredTokenException", "Token expired: x"),
      {},
      undefined,
    ],
  ])("%s", (_, error, env, expected) => {
    const explained = explainWebIdentityError(error, env);
    if (expected === undefined) {
      expect(explained).toBeUndefined();
      return;
    }
    expect(explained).toMatchObject({ code: "WEB_IDENTITY_REFUSED", kind: expected.kind });
    expect(explained?.message).toContain(ENV.AWS_ROLE_ARN);
    expect(explained?.hint).toMatch(expected.hint);
  });

  const ci = { roleArn: "arn:aws:iam::222222222222:role/ci-deployer", origin: "$CROSSROLE_ID_TOKEN" };
  const answered = (error: Error, status: number) =>
    Object.assign(error, { $metadata: { httpStatusCode: status } });
  it.each<[string, Error, string | undefined]>([
    [
      "a 4xx answer to crossrole's own BUILD hop",
      answered(sdkError("AccessDenied", "Not authorized"), 403),
      "aws-auth",
    ],
    ["throttling is not a refusal", answered(sdkError("Throttling", "Rate exceeded"), 400), undefined],
    ["a 5xx is not a refusal", answered(sdkError("InternalFailure", "oops"), 500), undefined],
    [
      "no answer at all (DNS, connection) is not a refusal",
      sdkError("Error", "getaddrinfo ENOTFOUND sts"),
      undefined,
    ],
  ])("a CI token: %s", (_, error, kind) => {
    const explained = explainWebIdentityError(error, {}, ci);
    if (kind === undefined) {
      expect(explained).toBeUndefined();
      return;
    }
    expect(explained).toMatchObject({ code: "WEB_IDENTITY_REFUSED", kind });
    expect(explained?.message).toContain(
      `the web identity token (from $CROSSROLE_ID_TOKEN) was refused for ${ci.roleArn}`,
    );
  });
});
