import { describe, expect, it } from "vitest";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import { parseSpec } from "../spec/parse-spec.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import {
  checkAssume,
  checkAssumeRefused,
  checkCaller,
  checkEcrAllowed,
  checkEcrOutside,
  checkS3Outside,
  checkS3Write,
  countChecks,
  expectedSessionArn,
  lintFindingCheck,
} from "./verify-checks.js";

const plan = buildAccessPlan(
  parseSpec(
    `version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  web:
    account: "111111111111"
    role: /ci/WebBuild
    externalId: Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi
`,
    "s.yaml",
  ),
  "s.yaml",
);
const target = plan.targets[0] as NonNullable<(typeof plan.targets)[0]>;
const denied = { result: "denied", code: "AccessDenied", message: "no", requestId: "r-1" } as const;
const allowed = { result: "allowed", requestId: "r-2" } as const;

describe("verify checks", () => {
  it("(a) the caller: the BUILD user passes, another identity fails with a fix", () => {
    expect(checkCaller("arn:aws:iam::222222222222:user/ci", plan.build.principalArn, "r-0")).toMatchObject({
      status: "pass",
      requestIds: ["r-0"],
    });
    expect(checkCaller("arn:aws:iam::222222222222:user/bob", plan.build.principalArn)).toMatchObject({
      status: "fail",
      severity: "error",
      fix: expect.stringMatching(/--source-profile/),
    });
  });

  it("(b) the session ARN has no path and must match", () => {
    const expectedArn = expectedSessionArn(target, "crossrole-verify");
    expect(expectedArn).toBe("arn:aws:sts::111111111111:assumed-role/WebBuild/crossrole-verify");
    const base = { target, externalId: "abcd1234", outcome: allowed, expectedArn };
    expect(checkAssume({ ...base, sessionArn: expectedArn, sessionRequestId: "r-3" })).toMatchObject({
      status: "pass",
      requestIds: ["r-2", "r-3"],
    });
    expect(checkAssume({ ...base, sessionArn: "arn:aws:sts::111111111111:assumed-role/X/y" }).status).toBe(
      "fail",
    );
    const refused = checkAssume({ ...base, outcome: denied });
    expect(refused).toMatchObject({
      status: "fail",
      severity: "error",
      fix: expect.stringMatching(/crossrole diff/),
    });
    expect(refused.detail).toMatch(/ExternalId …34/);
    expect(refused.detail).not.toMatch(/abcd1234/);
  });

  it("(c) an admitted request without or with a wrong ExternalId is CRITICAL", () => {
    expect(checkAssumeRefused("missing", target, denied, allowed).status).toBe("pass");
    const missing = checkAssumeRefused("missing", target, allowed, allowed);
    expect(missing).toMatchObject({ status: "fail", severity: "critical" });
    expect(missing.detail).toMatch(/^confused deputy: the role admits callers without the ExternalId/);
    expect(missing.fix).toMatch(/StringEquals/);
    expect(checkAssumeRefused("wrong", target, allowed, allowed).detail).toMatch(/with a wrong ExternalId/);
  });

  it.each([
    ["refused", denied],
    ["unanswered", { result: "error", code: "HTTP 503", message: "Service Unavailable" } as ProbeOutcome],
  ])(
    "(c) when AssumeRole WITH the ExternalId is %s too, a refusal without or with a wrong one proves nothing: not judged",
    (_name, good) => {
      for (const kind of ["missing", "wrong"] as const) {
        const check = checkAssumeRefused(kind, target, denied, good);
        expect(check).toMatchObject({ status: "fail", severity: "error" });
        expect(check.detail).toMatch(
          /^could not be judged: AssumeRole with the ExternalId was not allowed either/,
        );
      }
      // An admitted request stays CRITICAL whatever the good probe found.
      expect(checkAssumeRefused("missing", target, allowed, good)).toMatchObject({ severity: "critical" });
    },
  );

  // verify never passes without proof: a probe AWS did not answer fails its check, as "could not be judged".
  const unanswered = [
    { result: "error", code: "Throttling", message: "Rate exceeded (2 attempts)" },
    { result: "error", code: "HTTP 403", message: "an HTML page, not an AWS answer (a proxy in between?)" },
    { result: "error", code: "HTTP 503", message: "Service Unavailable, not an AWS error body" },
    { result: "error", code: "ECONNRESET", message: "the connection was reset (ECONNRESET)" },
    { result: "invalid-credentials", code: "InvalidClientTokenId", message: "m" },
  ] as const;
  const checks = {
    "assume without ExternalId": (o: ProbeOutcome) => checkAssumeRefused("missing", target, o, allowed),
    "assume with a wrong ExternalId": (o: ProbeOutcome) => checkAssumeRefused("wrong", target, o, allowed),
    "ECR readable": (o: ProbeOutcome) => checkEcrAllowed(target, "app", o),
    "ECR outside refused": (o: ProbeOutcome) => checkEcrOutside(target, "x", o, [allowed]),
    "S3 canary write": (o: ProbeOutcome) => checkS3Write("b/p/", "s3://b/p/c.txt", o, "deleted"),
    "S3 outside refused": (o: ProbeOutcome) => checkS3Outside("b", "o.txt", o, [allowed]),
  };
  it.each(
    Object.entries(checks).flatMap(([name, run]) => unanswered.map((o) => [name, o.code, run, o] as const)),
  )("%s, probe answered %s: fails as could not be judged", (_name, _code, run, outcome) => {
    const check = run(outcome);
    expect(check).toMatchObject({ status: "fail", severity: "error" });
    expect(check.detail).toMatch(new RegExp(`^could not be judged: ${outcome.code}: `));
    expect(check.detail).not.toMatch(/missing permission|refused|confused deputy/);
    expect(check.fix).toMatch(/verify fails/);
  });

  it("(d) ECR: allowed readable, missing repository is a warning, outside must be refused", () => {
    expect(checkEcrAllowed(target, "app", allowed).status).toBe("pass");
    expect(checkEcrAllowed(target, "app", { result: "allowed", notFound: true }).status).toBe("warn");
    expect(checkEcrAllowed(target, "app", denied)).toMatchObject({ status: "fail", severity: "error" });
    expect(checkEcrOutside(target, "x", denied, [allowed]).status).toBe("pass");
    expect(checkEcrOutside(target, "x", allowed, [allowed])).toMatchObject({
      status: "fail",
      severity: "error",
    });
  });

  it("(d) S3: canary put (deleted or left), outside refused", () => {
    expect(checkS3Write("b/p/", "s3://b/p/c.txt", allowed, "deleted").status).toBe("pass");
    expect(checkS3Write("b/p/", "s3://b/p/c.txt", allowed, "left")).toMatchObject({
      status: "info",
      detail: expect.stringMatching(/delete s3:\/\/b\/p\/c\.txt/),
    });
    expect(checkS3Write("b/p/", "s3://b/p/c.txt", denied, "deleted").status).toBe("fail");
    expect(checkS3Outside("b", "o.txt", allowed, [allowed]).status).toBe("fail");
    expect(checkS3Outside("b", "o.txt", denied, [allowed]).status).toBe("pass");
  });

  it("(d) an outside refusal proves the scope only when an in-scope probe was allowed: else not judged", () => {
    const notJudged = /^could not be judged: no probe inside the spec's scope was allowed either/;
    for (const control of [[], [denied], [denied, { result: "error", code: "HTTP 503" } as ProbeOutcome]]) {
      expect(checkEcrOutside(target, "x", denied, control)).toMatchObject({
        status: "fail",
        severity: "error",
      });
      expect(checkEcrOutside(target, "x", denied, control).detail).toMatch(notJudged);
      expect(checkS3Outside("b", "o.txt", denied, control)).toMatchObject({
        status: "fail",
        severity: "error",
      });
      expect(checkS3Outside("b", "o.txt", denied, control).detail).toMatch(notJudged);
    }
    // A repository that does not exist, read with the permission: the permission is proven.
    expect(checkEcrOutside(target, "x", denied, [denied, { result: "allowed", notFound: true }]).status).toBe(
      "pass",
    );
    // Admitted outside stays an error whatever the in-scope probes found.
    expect(checkEcrOutside(target, "x", allowed, [denied]).status).toBe("fail");
  });

  it("(e) lint findings map to statuses by severity, and checks are counted", () => {
    const error = lintFindingCheck({ id: "trust-resource", severity: "error", message: "m", fix: "f" });
    const warning = lintFindingCheck({
      id: "external-id-short",
      severity: "warning",
      message: "m",
      fix: "f",
    });
    const info = lintFindingCheck({ id: "permission-none", severity: "info", message: "m", fix: "f" });
    expect([error.status, warning.status, info.status]).toEqual(["fail", "warn", "info"]);
    expect(error.id).toBe("lint:trust-resource");
    expect(countChecks([error, warning, info])).toEqual({ pass: 0, fail: 1, warn: 1, info: 1, skip: 0 });
  });
});
