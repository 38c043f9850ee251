import { describe, expect, it } from "vitest";
import { cleanSpec, keylessSpec } from "../../../test/unit/support/access-specs.js";
import { buildAccessPlan } from "../plan/build-access-plan.js";
import type { PolicyDocument, PolicyPrincipal, PolicyStatement } from "../plan/policy-document.js";
import { auditPassed, summarizeAudit, toAuditFinding } from "./audit-report.js";
import { decodeTrustPolicy } from "./decode-trust-policy.js";
import { lintRoleTrust } from "./lint-role-trust.js";

const OWN = "111111111111";
const OTHER = "222222222222";
const ROLE = `arn:aws:iam::${OWN}:role/audited`;
const GH = "token.actions.githubusercontent.com";
const PROVIDER = `arn:aws:iam::${OWN}:oidc-provider/${GH}`;
const EXTERNAL_ID = { StringEquals: { "sts:ExternalId": "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0" } };

function doc(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

function assume(
  principal: PolicyPrincipal,
  extra: Omit<Partial<PolicyStatement>, "Principal"> = {},
): PolicyStatement {
  return { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...extra };
}

function webIdentity(condition?: PolicyStatement["Condition"]): PolicyStatement {
  return {
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithWebIdentity",
    ...(condition === undefined ? {} : { Condition: condition }),
  };
}

/** How IAM answers GetRole and ListRoles: the document URL-encoded. */
function asIam(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

/** The audit's verdict on a trust policy as IAM returns it: `severity:id` per finding, or `unjudged`. */
function judge(text: string | undefined): string[] {
  const decoded = decodeTrustPolicy(text);
  if (!decoded.ok) return ["unjudged"];
  const verdict = lintRoleTrust(decoded.document, { roleArn: ROLE, account: OWN });
  const found = verdict.findings.map(toAuditFinding).map((f) => `${f.severity}:${f.id}`);
  return [...found, ...(verdict.unjudged.length > 0 ? ["unjudged"] : [])].sort();
}

describe("audit: the lint over any role's live trust policy (URL-encoded as IAM answers)", () => {
  it.each<[string, unknown, string[]]>([
    // --- web identity ---
    [
      "OIDC with exact sub and aud: clean",
      doc(
        webIdentity({
          StringEquals: {
            [`${GH}:aud`]: "sts.amazonaws.com",
            [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main",
          },
        }),
      ),
      [],
    ],
    [
      "OIDC aud only: critical",
      doc(webIdentity({ StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } })),
      ["critical:oidc-trust-without-sub"],
    ],
    [
      "OIDC without any condition: critical, and no aud",
      doc(webIdentity()),
      ["critical:oidc-trust-without-sub", "warning:oidc-audience-missing"],
    ],
    [
      "OIDC sub wildcard over a whole owner: error",
      doc(
        webIdentity({
          StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${GH}:sub`]: "repo:acme/*" },
        }),
      ),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "OIDC sub wildcard over the platform: error",
      doc(
        webIdentity({
          StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${GH}:sub`]: "*" },
        }),
      ),
      ["error:oidc-sub-wildcard-too-broad"],
    ],
    [
      "OIDC sub wildcard after the repository: fine",
      doc(
        webIdentity({
          StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/*" },
        }),
      ),
      [],
    ],
    [
      "OIDC with NotAction sts:TagSession (so web identity is allowed), aud only: critical",
      doc({
        Effect: "Allow",
        Principal: { Federated: PROVIDER },
        NotAction: "sts:TagSession",
        Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" } },
      }),
      ["critical:oidc-trust-without-sub"],
    ],
    [
      "Cognito identity pool (not an IAM OIDC provider): not judged by the sub rule",
      doc({
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "eu-west-1:1234" } },
      }),
      [],
    ],
    // --- wildcard principals ---
    ['Principal "*": critical', doc(assume("*")), ["critical:trust-principal-wildcard"]],
    [
      '{"AWS": "*"} with only an ExternalId (not a secret): critical',
      doc(assume({ AWS: "*" }, { Condition: EXTERNAL_ID })),
      ["critical:trust-principal-wildcard"],
    ],
    [
      '{"AWS": "*"} restricted to the organization, without ExternalId: an org spans other accounts, error',
      doc(assume({ AWS: "*" }, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } })),
      ["error:trust-cross-account-without-external-id", "warning:trust-principal-wildcard"],
    ],
    [
      '{"AWS": "*"} restricted to the organization, with ExternalId: warning',
      doc(
        assume(
          { AWS: "*" },
          {
            Condition: {
              StringEquals: {
                "aws:PrincipalOrgID": "o-abc123",
                "sts:ExternalId": EXTERNAL_ID.StringEquals["sts:ExternalId"],
              },
            },
          },
        ),
      ),
      ["warning:trust-principal-wildcard"],
    ],
    [
      '{"AWS": "*"} restricted to the organization, ExternalId by StringLike: weak operator',
      doc(
        assume(
          { AWS: "*" },
          {
            Condition: {
              StringEquals: { "aws:PrincipalOrgID": "o-abc123" },
              StringLike: { "sts:ExternalId": "a*" },
            },
          },
        ),
      ),
      ["error:external-id-weak-operator", "warning:trust-principal-wildcard"],
    ],
    [
      '"*" restricted to the role\'s own account (aws:PrincipalAccount): warning, as the whole own account is',
      doc(assume("*", { Condition: { StringEquals: { "aws:PrincipalAccount": OWN } } })),
      ["warning:trust-principal-wildcard"],
    ],
    [
      '"*" restricted to another account (aws:PrincipalAccount) without ExternalId: error, as that whole account is',
      doc(assume("*", { Condition: { StringEquals: { "aws:PrincipalAccount": OTHER } } })),
      ["error:trust-cross-account-without-external-id", "warning:trust-principal-wildcard"],
    ],
    [
      '"*" restricted to another account with ExternalId: warning',
      doc(
        assume("*", {
          Condition: {
            StringEquals: {
              "aws:PrincipalAccount": OTHER,
              "sts:ExternalId": EXTERNAL_ID.StringEquals["sts:ExternalId"],
            },
          },
        }),
      ),
      ["warning:trust-principal-wildcard"],
    ],
    [
      '"*" restricted to the own account or another: error (the other admits without ExternalId)',
      doc(assume("*", { Condition: { StringEquals: { "aws:PrincipalAccount": [OWN, OTHER] } } })),
      ["error:trust-cross-account-without-external-id", "warning:trust-principal-wildcard"],
    ],
    [
      '"*" restricted to the organization and to the own account: only the own account, warning',
      doc(
        assume("*", {
          Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123", "aws:PrincipalAccount": OWN } },
        }),
      ),
      ["warning:trust-principal-wildcard"],
    ],
    [
      '"*" with PrincipalArn of the own account\'s roles (ArnLike): warning',
      doc(assume("*", { Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/ci-*` } } })),
      ["warning:trust-principal-wildcard"],
    ],
    [
      '"*" with PrincipalArn of a role name in ANY account (anyone can create it): critical',
      doc(assume("*", { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ci" } } })),
      ["critical:trust-principal-wildcard"],
    ],
    [
      '"*" with PrincipalAccount as a pattern ("1*", most accounts): critical',
      doc(assume("*", { Condition: { StringLike: { "aws:PrincipalAccount": "1*" } } })),
      ["critical:trust-principal-wildcard"],
    ],
    [
      '"*" with PrincipalOrgID as a pattern ("o-*", every organization): critical',
      doc(assume("*", { Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } })),
      ["critical:trust-principal-wildcard"],
    ],
    [
      '"*" with PrincipalOrgPaths under one organization: as the organization (error without ExternalId)',
      doc(
        assume("*", {
          Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/r-ab12/ou-ab12-*" } },
        }),
      ),
      ["error:trust-cross-account-without-external-id", "warning:trust-principal-wildcard"],
    ],
    [
      '"*" for sts:TagSession only, restricted to another account: no AssumeRole, warning',
      doc(
        assume("*", {
          Action: "sts:TagSession",
          Condition: { StringEquals: { "aws:PrincipalAccount": OTHER } },
        }),
      ),
      ["warning:trust-principal-wildcard"],
    ],
    [
      '{"AWS": "*"} with PrincipalOrgID under IfExists (holds without it): critical',
      doc(
        assume({ AWS: "*" }, { Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } } }),
      ),
      ["critical:trust-principal-wildcard"],
    ],
    [
      '{"AWS": "*"} with PrincipalArn "*" (restricts nothing): critical',
      doc(assume({ AWS: "*" }, { Condition: { ArnLike: { "aws:PrincipalArn": "*" } } })),
      ["critical:trust-principal-wildcard"],
    ],
    [
      "Allow with NotPrincipal: critical",
      doc({ Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${OWN}:role/x` }, Action: "sts:AssumeRole" }),
      ["critical:trust-not-principal"],
    ],
    [
      'Deny "*" beside a named principal: clean',
      doc(assume({ AWS: `arn:aws:iam::${OWN}:role/deployer` }), {
        Effect: "Deny",
        Principal: "*",
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
      [],
    ],
    // --- cross-account ---
    [
      "a role of another account without ExternalId: error",
      doc(assume({ AWS: `arn:aws:iam::${OTHER}:role/ci` })),
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "a role of another account with a StringEquals ExternalId: clean",
      doc(assume({ AWS: `arn:aws:iam::${OTHER}:role/ci` }, { Condition: EXTERNAL_ID })),
      [],
    ],
    [
      "a role of another account with StringLike ExternalId: weak operator",
      doc(
        assume(
          { AWS: `arn:aws:iam::${OTHER}:role/ci` },
          { Condition: { StringLike: { "sts:ExternalId": "a*" } } },
        ),
      ),
      ["error:external-id-weak-operator"],
    ],
    [
      "a role of another account with only a PrincipalOrgID condition: still no ExternalId",
      doc(
        assume(
          { AWS: `arn:aws:iam::${OTHER}:role/ci` },
          { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } },
        ),
      ),
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "another whole account (root) without ExternalId: error",
      doc(assume({ AWS: `arn:aws:iam::${OTHER}:root` })),
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "another whole account as a bare ID without ExternalId: error",
      doc(assume({ AWS: OTHER })),
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "another whole account with ExternalId: warning",
      doc(assume({ AWS: `arn:aws:iam::${OTHER}:root` }, { Condition: EXTERNAL_ID })),
      ["warning:trust-principal-account"],
    ],
    [
      "the role's own account (root): warning",
      doc(assume({ AWS: `arn:aws:iam::${OWN}:root` })),
      ["warning:trust-principal-account"],
    ],
    ["a role of its own account: clean", doc(assume({ AWS: `arn:aws:iam::${OWN}:role/deployer` })), []],
    [
      "sts:* for another account counts as AssumeRole",
      doc(assume({ AWS: `arn:aws:iam::${OTHER}:user/ci` }, { Action: "sts:*" })),
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "only sts:TagSession for another account (no ExternalId in its request context): clean",
      doc(
        assume(
          { AWS: `arn:aws:iam::${OTHER}:user/ci` },
          { Action: ["sts:TagSession", "sts:SetSourceIdentity"] },
        ),
      ),
      [],
    ],
    [
      "NotAction sts:TagSession for another account (so AssumeRole is allowed) without ExternalId: error",
      doc({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OTHER}:user/ci` },
        NotAction: "sts:TagSession",
      }),
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "NotAction that excludes sts:AssumeRole for another account: admits no AssumeRole, clean",
      doc({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${OTHER}:user/ci` },
        NotAction: ["sts:AssumeRole", "sts:TagSession"],
      }),
      [],
    ],
    ["a service principal: clean", doc(assume({ Service: "ec2.amazonaws.com" })), []],
    [
      "a deleted principal's unique ID: warning",
      doc(assume({ AWS: "AROAEXAMPLEID1234567" })),
      ["warning:trust-principal-unique-id"],
    ],
    [
      "a single statement written as an object (not a list)",
      { Version: "2012-10-17", Statement: assume({ AWS: `arn:aws:iam::${OTHER}:role/ci` }) },
      ["error:trust-cross-account-without-external-id"],
    ],
    [
      "an AWS principal with no account (a wildcard in the ARN): unjudged",
      doc(assume({ AWS: "arn:aws:iam::*:role/ci" })),
      ["unjudged"],
    ],
    [
      "a Principal of an unknown type: unjudged",
      doc(assume({ CanonicalUser: "79a59df900b949e55d96a1e698fbace" } as never)),
      ["unjudged"],
    ],
    [
      "Effect neither Allow nor Deny: unjudged",
      doc({ ...assume("*"), Effect: "allow" as never }),
      ["unjudged"],
    ],
    ["no Statement: unjudged", { Version: "2012-10-17" }, ["unjudged"]],
    ["a statement without Action: unjudged", doc({ Effect: "Allow", Principal: "*" }), ["unjudged"]],
    [
      "a Condition that is not operator -> key -> value: unjudged",
      doc(assume("*", { Condition: { StringEquals: "x" } as never })),
      ["unjudged"],
    ],
    ["an unknown Version: unjudged", { Version: "2020-01-01", Statement: [assume("*")] }, ["unjudged"]],
  ])("%s", (_name, document, expected) => {
    expect(judge(asIam(document))).toEqual(expected);
    // The same document as raw JSON (some endpoints answer unencoded): the same verdict.
    expect(judge(JSON.stringify(document))).toEqual(expected);
  });

  it.each<[string, string | undefined]>([
    ["no document at all", undefined],
    ["an empty document", ""],
    ["not JSON", "not%20json"],
    ["a malformed %-escape", "%7B%22Version%22%3A%E0%A4%A"],
    ["JSON but not an object", encodeURIComponent("[1,2]")],
    ["truncated JSON", encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow"')],
  ])("a trust policy that cannot be read is unjudged, never a pass: %s", (_name, text) => {
    const decoded = decodeTrustPolicy(text);
    expect(decoded.ok).toBe(false);
    expect(judge(text)).toEqual(["unjudged"]);
  });

  it("decodes the + and %20 IAM leaves in URL-encoded documents as it wrote them", () => {
    const document = doc(assume({ AWS: `arn:aws:iam::${OWN}:role/a b` }));
    const decoded = decodeTrustPolicy(encodeURIComponent(JSON.stringify(document)));
    expect(decoded).toEqual({ ok: true, document });
  });

  it("passes the roles crossrole itself writes: keyless BUILD role and ExternalId target roles", () => {
    const keyless = buildAccessPlan(keylessSpec, "crossrole.yaml");
    const clean = buildAccessPlan(cleanSpec, "crossrole.yaml");
    const oidc = keyless.build.oidc;
    if (oidc === undefined) throw new Error("no oidc in the keyless plan");
    const live: Array<[PolicyDocument, string, string]> = [
      [oidc.trustPolicy, oidc.roleArn, keyless.build.account],
      ...[...keyless.targets, ...clean.targets].map(
        (t) => [t.trustPolicy, t.roleArn, t.account] as [PolicyDocument, string, string],
      ),
    ];
    expect(live.length).toBe(4);
    for (const [trust, roleArn, account] of live) {
      const verdict = lintRoleTrust(decodeOk(asIam(trust)), { roleArn, account });
      expect(verdict, roleArn).toEqual({ findings: [], unjudged: [] });
    }
  });

  it("the audit fails on an unjudged role even with no finding, and on an account that could not be listed", () => {
    const role = { roleName: "r", path: "/", arn: ROLE, findings: [] };
    expect(auditPassed(summarizeAudit([{ account: OWN, source: "s", roles: [role] }]))).toBe(true);
    expect(
      auditPassed(
        summarizeAudit([{ account: OWN, source: "s", roles: [{ ...role, problem: "cannot be judged" }] }]),
      ),
    ).toBe(false);
    expect(auditPassed(summarizeAudit([{ source: "s", roles: [], error: new Error("503") }]))).toBe(false);
    const warned = {
      ...role,
      findings: [
        { id: "trust-principal-account" as const, severity: "warning" as const, message: "m", fix: "f" },
      ],
    };
    expect(auditPassed(summarizeAudit([{ account: OWN, source: "s", roles: [warned] }]))).toBe(true);
  });
});

function decodeOk(text: string): PolicyDocument {
  const decoded = decodeTrustPolicy(text);
  if (!decoded.ok) throw new Error(decoded.problem);
  return decoded.document;
}
