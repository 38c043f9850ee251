import type { AccessPlan } from "../../../src/core/plan/access-plan.js";
import { buildAccessPlan } from "../../../src/core/plan/build-access-plan.js";
import { specSchema } from "../../../src/core/spec/spec-schema.js";
import type { VerifyReport } from "../../../src/core/verify/verify-report.js";
import { twoAccountSpec } from "./access-specs.js";

/** Text that tries to end every context the pictures write into: markdown, HTML, Mermaid, DOT, script. */
export const HOSTILE =
  'x"]) --> evil["pwn"] |a|b| `code` ``` <script>alert(1)</script> </script><!-- [link](https://evil) #quot; \\N & *em* _u_ ~s~ @everyone\nnext';

/** The two-account plan with hostile text in every field a renderer shows (no spec could hold it: a plan can). */
export function hostilePlan(): AccessPlan {
  const plan = buildAccessPlan(twoAccountSpec, `specs/${HOSTILE}.yaml`);
  const target = plan.targets[0];
  if (target === undefined) throw new Error("no target");
  target.name = `name ${HOSTILE}`;
  target.roleArn = `arn:aws:iam::111111111111:role/${HOSTILE}`;
  target.roleName = `role ${HOSTILE}`;
  target.permissionPolicy = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: [`s3:${HOSTILE}`], Resource: [`arn:aws:s3:::${HOSTILE}`] }],
  };
  plan.build.principalArn = `arn:aws:iam::222222222222:user/${HOSTILE}`;
  return plan;
}

/** A plan of one multi-account target over `n` accounts (a fleet), or of `n` single-account targets. */
export function fleetPlan(n: number, shape: "one group" | "separate targets"): AccessPlan {
  const accounts = Array.from({ length: n }, (_, i) => String(100000000000 + i));
  const permissions = {
    ecr: { push: ["app/web", "app/worker"] },
    s3: { write: ["artifacts-bucket/builds/"] },
  };
  const id = (i: number) => `Fx${String(i).padStart(6, "0")}q8vR2xKp4LmN7tYw1HcBf6JdGs3Ua`;
  const targets =
    shape === "one group"
      ? {
          fleet: {
            accounts,
            role: "FleetBuildRole",
            externalIds: Object.fromEntries(accounts.map((a, i) => [a, id(i)])),
            permissions,
          },
        }
      : Object.fromEntries(
          accounts.map((account, i) => [
            `svc${i}`,
            { account, role: "SvcBuildRole", externalId: id(i), permissions },
          ]),
        );
  const spec = specSchema.parse({
    version: 1,
    region: "eu-west-1",
    build: { account: "222222222222", principal: "role/ci-runner" },
    targets,
  });
  return buildAccessPlan(spec, "fleet.yaml");
}

/** A verify report whose `web` target fails the confused-deputy check (CRITICAL) and warns in the live lint. */
export function failingReport(detail = "ok"): VerifyReport {
  return {
    formatVersion: 1,
    kind: "crossrole-verify-evidence",
    generatedAt: "2026-12-05T06:00:00.000Z",
    crossroleVersion: "0.1.0",
    spec: { file: "/w/crossrole.yaml", sha256: "ab12" },
    caller: { account: "222222222222", arn: "arn:aws:iam::222222222222:user/ci", userId: "AIDAEXAMPLE" },
    buildPrincipalArn: "arn:aws:iam::222222222222:user/ci",
    build: {
      checks: [
        {
          id: "caller-is-build-principal",
          title: "caller is the BUILD principal",
          status: "pass",
          detail,
          requestIds: ["req-caller-1"],
        },
      ],
    },
    targets: [
      {
        name: "web",
        account: "111111111111",
        region: "eu-west-1",
        roleArn: "arn:aws:iam::111111111111:role/Web",
        checks: [
          {
            id: "assume-with-external-id",
            title: "AssumeRole with the ExternalId succeeds",
            status: "pass",
            detail: "as …w1Hc",
            requestIds: ["req-web-assume"],
          },
          {
            id: "assume-without-external-id",
            title: "AssumeRole without an ExternalId is refused",
            status: "fail",
            severity: "critical",
            detail: "confused deputy: AssumeRole without an ExternalId succeeded",
            fix: "Require the ExternalId with StringEquals on sts:ExternalId.",
            requestIds: ["req-web-without"],
          },
          {
            id: "lint:external-id-weak",
            title: "live lint",
            status: "warn",
            severity: "warning",
            detail:
              'Target "web": ExternalId "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0" of arn:aws:iam::111111111111:role/Web is weak',
            fix: "Use a generated ExternalId.",
          },
        ],
      },
      {
        name: "api",
        account: "333333333333",
        region: "eu-west-1",
        roleArn: "arn:aws:iam::333333333333:role/Api",
        checks: [
          {
            id: "assume-with-external-id",
            title: "AssumeRole with the ExternalId succeeds",
            status: "pass",
            detail: "ok",
            requestIds: ["req-api-assume"],
          },
          {
            id: "assume-without-external-id",
            title: "AssumeRole without an ExternalId is refused",
            status: "pass",
            detail: "AccessDenied",
            requestIds: ["req-api-without"],
          },
        ],
      },
    ],
    notices: ["the live lint of api was skipped: no admin credentials"],
    summary: { pass: 4, fail: 1, warn: 1, info: 0, skip: 0, ok: false },
  };
}

/** The full ExternalIds of a plan: none may appear in a picture. */
export function externalIdsOf(plan: AccessPlan): string[] {
  return plan.targets.flatMap((t) => t.externalIds);
}
