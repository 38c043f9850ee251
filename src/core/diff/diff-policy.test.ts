import { describe, expect, it } from "vitest";
import { buildTrustPolicy } from "../plan/build-trust-policy.js";
import type { PolicyDocument, PolicyStatement } from "../plan/policy-document.js";
import { diffPolicy, normalizeStatement } from "./diff-policy.js";

const CI = "arn:aws:iam::222222222222:user/ci";
const trust = (overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: "AssumeFromBuild",
  Effect: "Allow",
  Principal: { AWS: CI },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "sts:ExternalId": "ext-1" } },
  ...overrides,
});
const withoutSid = ({ Sid: _, ...rest }: PolicyStatement): PolicyStatement => rest;
const withoutCondition = ({ Condition: _, ...rest }: PolicyStatement): PolicyStatement => rest;
const doc = (...statements: PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

describe("diffPolicy: semantically equal documents", () => {
  it.each<[string, PolicyStatement, PolicyStatement]>([
    ["identical", trust(), trust()],
    [
      "single value vs one-element list",
      trust(),
      trust({ Action: ["sts:AssumeRole"], Principal: { AWS: [CI] } }),
    ],
    [
      "list order",
      trust({ Action: ["sts:AssumeRole", "sts:TagSession"] }),
      trust({ Action: ["sts:TagSession", "sts:AssumeRole"] }),
    ],
    ["action case", trust(), trust({ Action: "STS:assumerole" })],
    ["a different Sid", trust(), trust({ Sid: "Other" })],
    ["no Sid", trust(), withoutSid(trust())],
    [
      "bare account vs :root",
      trust({ Principal: { AWS: "222222222222" } }),
      trust({ Principal: { AWS: "arn:aws:iam::222222222222:root" } }),
    ],
    ["condition key case", trust(), trust({ Condition: { StringEquals: { "STS:EXTERNALID": ["ext-1"] } } })],
    [
      "ExternalId value order",
      trust({ Condition: { StringEquals: { "sts:ExternalId": ["a1", "b2"] } } }),
      trust({ Condition: { StringEquals: { "sts:ExternalId": ["b2", "a1"] } } }),
    ],
  ])("%s", (_label, desired, live) => {
    expect(diffPolicy(doc(desired), doc(live))).toEqual({ equal: true, changed: [], missing: [], extra: [] });
  });

  it("statement order does not matter", () => {
    const a = trust();
    const b: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
    expect(diffPolicy(doc(a, b), doc(b, a)).equal).toBe(true);
  });
});

describe("diffPolicy: differences, field by field", () => {
  it.each<[string, PolicyStatement, { field: string; added: string[]; removed: string[] }[]]>([
    [
      "ExternalId condition removed live",
      withoutCondition(trust()),
      [{ field: "externalId", added: ["ext-1"], removed: [] }],
    ],
    [
      "an extra ExternalId value live",
      trust({ Condition: { StringEquals: { "sts:ExternalId": ["ext-1", "leaked"] } } }),
      [{ field: "externalId", added: [], removed: ["leaked"] }],
    ],
    [
      "ExternalId weakened to StringLike",
      trust({ Condition: { StringLike: { "sts:ExternalId": "ext-*" } } }),
      [
        { field: "externalId", added: ["ext-1"], removed: [] },
        { field: "condition", added: [], removed: ["StringLike sts:externalid=ext-*"] },
      ],
    ],
    [
      "principal widened to the account",
      trust({ Principal: { AWS: "arn:aws:iam::222222222222:root" } }),
      [{ field: "principal", added: [`AWS:${CI}`], removed: ["AWS:arn:aws:iam::222222222222:root"] }],
    ],
    [
      "principal shown as a unique ID",
      trust({ Principal: { AWS: "AIDAEXAMPLEUNIQUEID01" } }),
      [{ field: "principal", added: [`AWS:${CI}`], removed: ["AWS:AIDAEXAMPLEUNIQUEID01"] }],
    ],
    [
      "an extra action",
      trust({ Action: ["sts:AssumeRole", "sts:TagSession"] }),
      [{ field: "action", added: [], removed: ["sts:tagsession"] }],
    ],
  ])("%s", (_label, live, fields) => {
    const diff = diffPolicy(doc(trust()), doc(live));
    expect(diff.equal).toBe(false);
    expect(diff.missing).toEqual([]);
    expect(diff.extra).toEqual([]);
    expect(diff.changed).toEqual([{ sid: "AssumeFromBuild", fields }]);
  });

  it("an extra statement live is reported as extra, the matching one as equal", () => {
    const intruder: PolicyStatement = {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: "sts:AssumeRole",
    };
    const diff = diffPolicy(doc(trust()), doc(trust(), intruder));
    expect(diff).toEqual({ equal: false, changed: [], missing: [], extra: [intruder] });
  });

  it("a missing policy: every desired statement is missing; an unwanted one: every live statement is extra", () => {
    expect(diffPolicy(doc(trust()), undefined)).toMatchObject({
      equal: false,
      missing: [trust()],
      extra: [],
    });
    expect(diffPolicy(undefined, doc(trust()))).toMatchObject({
      equal: false,
      missing: [],
      extra: [trust()],
    });
    expect(diffPolicy(undefined, undefined).equal).toBe(true);
  });

  it("pairs by Sid when several statements differ", () => {
    const s3 = (r: string): PolicyStatement => ({
      Sid: "S3",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: r,
    });
    const diff = diffPolicy(
      doc(trust(), s3("arn:aws:s3:::a/*")),
      doc(trust({ Principal: { AWS: "*" } }), s3("arn:aws:s3:::b/*")),
    );
    expect(diff.changed.map((c) => c.sid).sort()).toEqual(["AssumeFromBuild", "S3"]);
    expect(diff.changed.find((c) => c.sid === "S3")?.fields).toEqual([
      { field: "resource", added: ["arn:aws:s3:::a/*"], removed: ["arn:aws:s3:::b/*"] },
    ]);
  });
});

describe("normalizeStatement", () => {
  it("splits the strict ExternalId out of the other conditions", () => {
    const n = normalizeStatement(
      trust({
        Condition: {
          StringEquals: { "sts:ExternalId": "x1", "aws:PrincipalAccount": "222222222222" },
          Bool: { "aws:SecureTransport": true },
        },
      }),
    );
    expect(n.externalId).toEqual(["x1"]);
    expect(n.condition).toEqual([
      "Bool aws:securetransport=true",
      "StringEquals aws:principalaccount=222222222222",
    ]);
  });

  it('treats "*" and {"AWS":"*"} alike', () => {
    expect(normalizeStatement(trust({ Principal: "*" })).principal).toEqual(
      normalizeStatement(trust({ Principal: { AWS: "*" } })).principal,
    );
  });
});

describe("diffPolicy: the session-action trust layout (issue 14)", () => {
  it("a live trust with TagSession / SetSourceIdentity inside the ExternalId statement is drift", () => {
    const planned = buildTrustPolicy({
      principalArn: CI,
      externalIds: ["ext-1"],
      allowSessionTags: true,
      allowSourceIdentity: true,
    });
    const live = doc(trust({ Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] }));
    const diff = diffPolicy(planned, live);
    expect(diff.equal).toBe(false);
    expect(diff.changed[0]?.fields).toEqual([
      { field: "action", added: [], removed: ["sts:setsourceidentity", "sts:tagsession"] },
    ]);
    expect(diff.missing.map((s) => s.Sid)).toEqual(["TagAndIdentifyFromBuild"]);
    expect(diffPolicy(planned, planned).equal).toBe(true);
  });
});
