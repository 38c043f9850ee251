import { describe, expect, it } from "vitest";
import { cleanSpec, seedSpec, twoAccountSpec } from "../../../test/unit/support/access-specs.js";
import type { AccessPlan } from "../plan/access-plan.js";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import type { PolicyStatement } from "../plan/policy-document.js";
import { lintPlan } from "./lint-plan.js";

/** A fresh clean plan (two targets, two accounts, user principal), changed by `edit`. */
function planWith(edit: (plan: AccessPlan) => void): AccessPlan {
  const plan = buildAccessPlan(cleanSpec, "crossrole.yaml");
  edit(plan);
  return plan;
}

function trust(plan: AccessPlan, i = 0): PolicyStatement {
  const statement = plan.targets[i]?.trustPolicy.Statement[0];
  if (!statement) throw new Error("no trust statement");
  return statement;
}

function setExternalId(plan: AccessPlan, value: unknown, operator = "StringEquals", i = 0): void {
  trust(plan, i).Condition = { [operator]: { "sts:ExternalId": value as string } };
}

/** The generated layout: TagSession / SetSourceIdentity in a second statement, without the ExternalId. */
function addSessionStatement(plan: AccessPlan, actions: string | string[] = "sts:TagSession"): void {
  plan.targets[0]?.trustPolicy.Statement.push({
    Sid: "TagAndIdentifyFromBuild",
    Effect: "Allow",
    Principal: { AWS: BUILD_USER },
    Action: actions,
  });
}

function addPermission(plan: AccessPlan, statement: PolicyStatement): void {
  plan.targets[0]?.permissionPolicy?.Statement.push(statement);
}

const BUILD_USER = "arn:aws:iam::222222222222:user/ci-builder";
const APP_ROLE = "arn:aws:iam::111111111111:role/AppBuildRole";
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzX${1000 + i}`);

type Case = [string, "error" | "warning" | "info", string, (plan: AccessPlan) => void];

const firing: Case[] = [
  [
    "trust-principal-wildcard",
    "error",
    'Principal "*"',
    (p) => {
      trust(p).Principal = "*";
    },
  ],
  [
    "trust-principal-wildcard",
    "error",
    '{AWS: "*"}',
    (p) => {
      trust(p).Principal = { AWS: "*" };
    },
  ],
  [
    "trust-principal-account",
    "warning",
    ":root ARN",
    (p) => {
      trust(p).Principal = { AWS: "arn:aws:iam::222222222222:root" };
    },
  ],
  [
    "trust-principal-account",
    "warning",
    "bare account ID",
    (p) => {
      trust(p).Principal = { AWS: "222222222222" };
    },
  ],
  [
    "trust-not-principal",
    "error",
    "NotPrincipal",
    (p) => {
      delete trust(p).Principal;
      trust(p).NotPrincipal = { AWS: "arn:aws:iam::999999999999:root" };
    },
  ],
  [
    "trust-principal-service",
    "warning",
    "Service principal",
    (p) => {
      trust(p).Principal = { AWS: BUILD_USER, Service: "codebuild.amazonaws.com" };
    },
  ],
  [
    "trust-principal-federated",
    "warning",
    "Federated principal",
    (p) => {
      trust(p).Principal = {
        AWS: BUILD_USER,
        Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
      };
    },
  ],
  [
    "trust-principal-session",
    "warning",
    "assumed-role session",
    (p) => {
      trust(p).Principal = { AWS: "arn:aws:sts::222222222222:assumed-role/Builder/i-0abc" };
    },
  ],
  [
    "trust-principal-unique-id",
    "warning",
    "orphaned AROA ID",
    (p) => {
      trust(p).Principal = { AWS: "AROAEXAMPLEID12345678" };
    },
  ],
  [
    "trust-principal-foreign-account",
    "warning",
    "principal outside BUILD",
    (p) => {
      trust(p).Principal = { AWS: "arn:aws:iam::999999999999:user/ci" };
    },
  ],
  ["external-id-missing", "error", "no condition", (p) => void delete trust(p).Condition],
  [
    "external-id-missing",
    "error",
    "condition on another key",
    (p) => {
      trust(p).Condition = { StringEquals: { "aws:PrincipalTag/team": "ci" } };
    },
  ],
  [
    "external-id-weak-operator",
    "error",
    "StringEqualsIfExists",
    (p) => setExternalId(p, ids(1)[0], "StringEqualsIfExists"),
  ],
  [
    "external-id-weak-operator",
    "error",
    "ForAllValues:StringEquals",
    (p) => setExternalId(p, ids(1)[0], "ForAllValues:StringEquals"),
  ],
  [
    "external-id-weak-operator",
    "error",
    "ForAnyValue:StringEquals",
    (p) => setExternalId(p, ids(1)[0], "ForAnyValue:StringEquals"),
  ],
  [
    "external-id-weak-operator",
    "error",
    "StringLike wildcard",
    (p) => setExternalId(p, "Zq8vR2*", "StringLike"),
  ],
  [
    "external-id-weak-operator",
    "error",
    "StringEqualsIgnoreCase",
    (p) => setExternalId(p, ids(1)[0], "StringEqualsIgnoreCase"),
  ],
  [
    "external-id-weak-operator",
    "error",
    "StringNotEquals",
    (p) => setExternalId(p, "other", "StringNotEquals"),
  ],
  ["external-id-weak-operator", "error", "Null", (p) => setExternalId(p, "false", "Null")],
  [
    "external-id-invalid",
    "error",
    "contains a space",
    (p) => setExternalId(p, "has a space 0123456789012345678901234567"),
  ],
  ["external-id-invalid", "error", "one character", (p) => setExternalId(p, "x")],
  ["external-id-short", "warning", "16 random characters", (p) => setExternalId(p, "Zq8vR2xKp4LmN7tY")],
  ["external-id-short", "warning", "the seed's some_key_build", (p) => setExternalId(p, "some_key_build")],
  ["external-id-low-entropy", "warning", "repeated character", (p) => setExternalId(p, "a".repeat(40))],
  [
    "external-id-low-entropy",
    "warning",
    "long but words",
    (p) => setExternalId(p, "this-is-our-build-external-id-for-production"),
  ],
  ["external-id-too-many", "warning", "three values", (p) => setExternalId(p, ids(3))],
  [
    "external-id-reused",
    "error",
    "same ID on two targets",
    (p) => setExternalId(p, p.targets[1]?.externalIds[0]),
  ],
  [
    "external-id-reused",
    "error",
    "reuse via a second statement",
    (p) => {
      p.targets[0]?.trustPolicy.Statement.push({
        ...trust(p),
        Sid: "Old",
        Condition: { StringEquals: { "sts:ExternalId": p.targets[1]?.externalIds[0] ?? "" } },
      });
    },
  ],
  [
    "trust-resource",
    "error",
    "Resource",
    (p) => {
      trust(p).Resource = "*";
    },
  ],
  [
    "trust-resource",
    "error",
    "NotResource",
    (p) => {
      trust(p).NotResource = APP_ROLE;
    },
  ],
  [
    "trust-action-wildcard",
    "error",
    "sts:*",
    (p) => {
      trust(p).Action = "sts:*";
    },
  ],
  [
    "trust-action-wildcard",
    "error",
    "*",
    (p) => {
      trust(p).Action = "*";
    },
  ],
  [
    "trust-action-unexpected",
    "error",
    "web identity",
    (p) => {
      trust(p).Action = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"];
    },
  ],
  [
    "trust-not-action",
    "error",
    "NotAction",
    (p) => {
      delete trust(p).Action;
      trust(p).NotAction = "sts:GetCallerIdentity";
    },
  ],
  [
    "trust-deny-only",
    "info",
    "only Deny",
    (p) => {
      trust(p).Effect = "Deny";
    },
  ],
  [
    "grant-resource-wildcard",
    "error",
    "Resource *",
    (p) => {
      (p.build.grantPolicy.Statement[0] as PolicyStatement).Resource = "*";
    },
  ],
  [
    "grant-resource-wildcard",
    "error",
    "any role anywhere",
    (p) => {
      (p.build.grantPolicy.Statement[0] as PolicyStatement).Resource = "arn:aws:iam::*:role/*";
    },
  ],
  [
    "grant-resource-wildcard",
    "error",
    "NotResource",
    (p) => {
      const s = p.build.grantPolicy.Statement[0] as PolicyStatement;
      delete s.Resource;
      s.NotResource = "arn:aws:iam::999999999999:role/X";
    },
  ],
  [
    "grant-resource-unknown",
    "warning",
    "extra role",
    (p) => {
      (p.build.grantPolicy.Statement[0] as PolicyStatement).Resource = [
        APP_ROLE,
        "arn:aws:iam::333333333333:role/SiteBuildRole",
        "arn:aws:iam::444444444444:role/Other",
      ];
    },
  ],
  [
    "grant-action-extra",
    "warning",
    "iam:PassRole",
    (p) => {
      (p.build.grantPolicy.Statement[0] as PolicyStatement).Action = ["sts:AssumeRole", "iam:PassRole"];
    },
  ],
  [
    "grant-action-extra",
    "warning",
    "sts:*",
    (p) => {
      (p.build.grantPolicy.Statement[0] as PolicyStatement).Action = "sts:*";
    },
  ],
  [
    "grant-missing-target",
    "error",
    "a target left out",
    (p) => {
      (p.build.grantPolicy.Statement[0] as PolicyStatement).Resource = APP_ROLE;
    },
  ],
  [
    "grant-missing-session-action",
    "warning",
    "trust allows TagSession, grant not",
    (p) => addSessionStatement(p),
  ],
  [
    "trust-session-action-external-id",
    "warning",
    "TagSession inside the ExternalId statement (the old layout)",
    (p) => {
      trust(p).Action = ["sts:AssumeRole", "sts:TagSession"];
    },
  ],
  [
    "trust-session-action-external-id",
    "warning",
    "SetSourceIdentity inside the ExternalId statement (the old layout)",
    (p) => {
      trust(p).Action = ["sts:AssumeRole", "sts:SetSourceIdentity"];
    },
  ],
  [
    "external-id-missing",
    "error",
    "AssumeRole in the session statement, without ExternalId",
    (p) => addSessionStatement(p, ["sts:AssumeRole", "sts:TagSession"]),
  ],
  [
    "permission-not-action",
    "warning",
    "NotAction",
    (p) => addPermission(p, { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::x/*" }),
  ],
  [
    "permission-not-resource",
    "warning",
    "NotResource",
    (p) =>
      addPermission(p, { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }),
  ],
  [
    "permission-action-wildcard",
    "error",
    "*",
    (p) => addPermission(p, { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::x/*" }),
  ],
  [
    "permission-action-wildcard",
    "warning",
    "s3:*",
    (p) => addPermission(p, { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::x/y/*" }),
  ],
  [
    "permission-resource-wildcard",
    "error",
    "write on *",
    (p) => addPermission(p, { Effect: "Allow", Action: "s3:PutObject", Resource: "*" }),
  ],
  [
    "permission-resource-wildcard",
    "warning",
    "read on *",
    (p) => addPermission(p, { Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" }),
  ],
  [
    "permission-resource-wildcard",
    "error",
    "ARN with * resource",
    (p) => addPermission(p, { Effect: "Allow", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::*" }),
  ],
  [
    "permission-privilege-escalation",
    "error",
    "iam:PassRole",
    (p) => addPermission(p, { Effect: "Allow", Action: "iam:PassRole", Resource: APP_ROLE }),
  ],
  [
    "permission-privilege-escalation",
    "error",
    "IAM:passrole (IAM compares actions case-insensitively)",
    (p) => addPermission(p, { Effect: "Allow", Action: "IAM:passrole", Resource: APP_ROLE }),
  ],
  [
    "permission-privilege-escalation",
    "error",
    "iam:Put*",
    (p) => addPermission(p, { Effect: "Allow", Action: "iam:Put*", Resource: APP_ROLE }),
  ],
  [
    "permission-privilege-escalation",
    "error",
    "iam:*",
    (p) => addPermission(p, { Effect: "Allow", Action: "iam:*", Resource: APP_ROLE }),
  ],
  [
    "permission-privilege-escalation",
    "error",
    "onward sts:AssumeRole",
    (p) =>
      addPermission(p, {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::555555555555:role/X",
      }),
  ],
  [
    "permission-s3-whole-bucket",
    "warning",
    "PutObject on bucket/*",
    (p) =>
      addPermission(p, { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::other-bucket/*" }),
  ],
  [
    "permission-managed-admin",
    "error",
    "AdministratorAccess",
    (p) => void p.targets[0]?.managedPolicyArns.push("arn:aws:iam::aws:policy/AdministratorAccess"),
  ],
  [
    "permission-managed-admin",
    "warning",
    "PowerUserAccess",
    (p) => void p.targets[0]?.managedPolicyArns.push("arn:aws:iam::aws:policy/PowerUserAccess"),
  ],
  ["permission-none", "info", "nothing granted", (p) => void delete p.targets[0]?.permissionPolicy],
  [
    "session-duration-out-of-range",
    "error",
    "1800",
    (p) => {
      (p.targets[0] as { maxSessionDuration: number }).maxSessionDuration = 1800;
    },
  ],
  [
    "session-duration-out-of-range",
    "error",
    "50000",
    (p) => {
      (p.targets[0] as { maxSessionDuration: number }).maxSessionDuration = 50000;
    },
  ],
  [
    "session-duration-long",
    "info",
    "7200",
    (p) => {
      (p.targets[0] as { maxSessionDuration: number }).maxSessionDuration = 7200;
    },
  ],
  [
    "session-chaining-cap",
    "info",
    "role principal",
    (p) => {
      trust(p).Principal = { AWS: "arn:aws:iam::222222222222:role/ci/Builder" };
    },
  ],
  ["trust-policy-too-large", "error", "60 ExternalIds", (p) => setExternalId(p, ids(60))],
  ["trust-policy-near-limit", "warning", "about 1,900 characters", (p) => setExternalId(p, ids(40))],
  ["confused-deputy-single-target", "info", "principal serves one target", (p) => void p.targets.pop()],
  [
    "partition-mismatch",
    "error",
    "China target",
    (p) => {
      (p.targets[1] as { partition: string }).partition = "aws-cn";
    },
  ],
];

/** Near misses: documents that look like the rule's subject but are fine. */
const quiet: Array<[string, string, (plan: AccessPlan) => void]> = [
  [
    "trust-principal-wildcard",
    "Deny statement with Principal *",
    (p) =>
      p.targets[0]?.trustPolicy.Statement.push({
        Effect: "Deny",
        Principal: "*",
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
  ],
  ["trust-principal-account", "named user", () => {}],
  ["trust-principal-foreign-account", "BUILD user", () => {}],
  [
    "external-id-missing",
    "condition key in another case",
    (p) => {
      trust(p).Condition = { StringEquals: { "sts:externalid": p.targets[0]?.externalIds[0] ?? "" } };
    },
  ],
  [
    "external-id-missing",
    "service-only statement",
    (p) =>
      p.targets[0]?.trustPolicy.Statement.push({
        Effect: "Allow",
        Principal: { Service: "ec2.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
  ],
  [
    "external-id-weak-operator",
    "StringEquals ANDed with StringLike",
    (p) => {
      trust(p).Condition = {
        StringEquals: { "sts:ExternalId": ids(1)[0] ?? "" },
        StringLike: { "sts:ExternalId": "Zq8v*" },
      };
    },
  ],
  [
    "external-id-weak-operator",
    "Deny unless StringNotEquals",
    (p) =>
      p.targets[0]?.trustPolicy.Statement.push({
        Effect: "Deny",
        Principal: "*",
        Action: "sts:AssumeRole",
        Condition: { StringNotEquals: { "sts:ExternalId": ids(1)[0] ?? "" } },
      }),
  ],
  ["external-id-short", "40 generated characters", () => {}],
  ["external-id-low-entropy", "a UUID", (p) => setExternalId(p, "3f1c9a7e-5b2d-4e8f-9a6c-1d2e3f4a5b6c")],
  ["external-id-too-many", "two values (rotation)", (p) => setExternalId(p, ids(2))],
  ["external-id-reused", "distinct IDs", () => {}],
  ["trust-resource", "generated trust", () => {}],
  [
    "trust-action-unexpected",
    "TagSession and SetSourceIdentity",
    (p) => {
      trust(p).Action = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];
    },
  ],
  ["trust-action-wildcard", "generated trust", () => {}],
  [
    "trust-session-action-external-id",
    "TagSession and SetSourceIdentity in a statement of their own",
    (p) => addSessionStatement(p, ["sts:TagSession", "sts:SetSourceIdentity"]),
  ],
  [
    "external-id-missing",
    "a TagSession / SetSourceIdentity statement without ExternalId",
    (p) => addSessionStatement(p, ["sts:TagSession", "sts:SetSourceIdentity"]),
  ],
  [
    "trust-deny-only",
    "Allow plus Deny",
    (p) =>
      p.targets[0]?.trustPolicy.Statement.push({
        Effect: "Deny",
        Principal: "*",
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
  ],
  ["grant-resource-wildcard", "generated grant", () => {}],
  ["grant-missing-target", "generated grant", () => {}],
  ["grant-missing-session-action", "generated grant covers TagSession", () => {}],
  ["permission-resource-wildcard", "ecr:GetAuthorizationToken on *", () => {}],
  [
    "permission-resource-wildcard",
    "Deny on *",
    (p) => addPermission(p, { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" }),
  ],
  [
    "permission-privilege-escalation",
    "iam:GetRole",
    (p) => addPermission(p, { Effect: "Allow", Action: "iam:GetRole", Resource: APP_ROLE }),
  ],
  [
    "permission-privilege-escalation",
    "Deny iam:*",
    (p) => addPermission(p, { Effect: "Deny", Action: "iam:*", Resource: "*" }),
  ],
  [
    "permission-action-wildcard",
    "s3:Get*",
    (p) => addPermission(p, { Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::x/y/*" }),
  ],
  ["permission-s3-whole-bucket", "write under a prefix", () => {}],
  [
    "permission-s3-whole-bucket",
    "read of a whole bucket",
    (p) =>
      addPermission(p, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::other-bucket/*" }),
  ],
  [
    "permission-managed-admin",
    "ReadOnlyAccess",
    (p) => void p.targets[0]?.managedPolicyArns.push("arn:aws:iam::aws:policy/ReadOnlyAccess"),
  ],
  [
    "permission-none",
    "managed policy only",
    (p) => {
      delete p.targets[0]?.permissionPolicy;
      p.targets[0]?.managedPolicyArns.push("arn:aws:iam::aws:policy/ReadOnlyAccess");
    },
  ],
  [
    "session-duration-out-of-range",
    "43200",
    (p) => {
      (p.targets[0] as { maxSessionDuration: number }).maxSessionDuration = 43200;
    },
  ],
  ["session-duration-long", "3600", () => {}],
  ["session-chaining-cap", "user principal", () => {}],
  ["trust-policy-near-limit", "generated trust", () => {}],
  ["confused-deputy-single-target", "one principal, two targets", () => {}],
  [
    "confused-deputy-single-target",
    "single target without ExternalId",
    (p) => {
      p.targets.pop();
      delete trust(p).Condition;
    },
  ],
  ["partition-mismatch", "same partition", () => {}],
];

describe("lintPlan", () => {
  it.each(firing)("%s (%s) fires on %s", (id, severity, _label, edit) => {
    const findings = lintPlan(planWith(edit)).filter((f) => f.id === id);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]?.severity).toBe(severity);
    expect(findings[0]?.message.length).toBeGreaterThan(40);
    expect(findings[0]?.fix.length).toBeGreaterThan(10);
  });

  it.each(quiet)("%s stays quiet on %s", (id, _label, edit) => {
    expect(lintPlan(planWith(edit)).filter((f) => f.id === id)).toEqual([]);
  });

  it("finds no errors and no warnings in a clean generated plan", () => {
    const findings = lintPlan(buildAccessPlan(cleanSpec, "crossrole.yaml"));
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("warns about the seed's root principal and says how to fix it", () => {
    const findings = lintPlan(buildAccessPlan(seedSpec, "crossrole.yaml"));
    const root = findings.find((f) => f.id === "trust-principal-account");
    expect(root).toMatchObject({ severity: "warning", target: "ourthing" });
    expect(root?.message).toContain("every admin in the BUILD account");
    expect(root?.message).toContain("arn:aws:iam::222222222222:root");
    expect(root?.fix).toMatch(/user\/NAME or role\/NAME/);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual([
      "external-id-short",
      "trust-principal-account",
      "confused-deputy-single-target",
    ]);
  });

  it("names the target and the offending value", () => {
    const [finding] = lintPlan(planWith((p) => setExternalId(p, ids(1)[0], "StringLike")));
    expect(finding).toMatchObject({ id: "external-id-weak-operator", target: "app" });
    expect(finding?.message).toContain('Target "app"');
    expect(finding?.message).toContain("StringLike");
    expect(finding?.message).toContain(ids(1)[0]);
  });

  it("reports the reuse of an ExternalId on every target that shares it", () => {
    const findings = lintPlan(planWith((p) => setExternalId(p, p.targets[1]?.externalIds[0]))).filter(
      (f) => f.id === "external-id-reused",
    );
    expect(findings.map((f) => f.target)).toEqual(["app", "site"]);
  });

  it("sorts by severity, then target (BUILD side first), then id", () => {
    const findings = lintPlan(
      planWith((p) => {
        trust(p, 1).Principal = "*";
        delete trust(p, 0).Condition;
        (p.build.grantPolicy.Statement[0] as PolicyStatement).Resource = "*";
        (p.targets[0] as { maxSessionDuration: number }).maxSessionDuration = 7200;
      }),
    );
    const keys = findings.map((f) => `${f.severity}/${f.target ?? ""}/${f.id}`);
    expect(keys).toEqual([
      "error//grant-resource-wildcard",
      "error/app/external-id-missing",
      "error/site/trust-principal-wildcard",
      "info/app/session-duration-long",
    ]);
  });

  it("lints the two-account example with warnings only", () => {
    const findings = lintPlan(buildAccessPlan(twoAccountSpec, "crossrole.yaml"));
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});
