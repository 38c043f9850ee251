import { describe, expect, it } from "vitest";
import { buildPermissionPolicy, ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS } from "./build-permission-policy.js";
import type { PolicyStatement } from "./policy-document.js";

const scope = { partition: "aws", region: "eu-west-1", account: "111111111111" } as const;
const bySid = (statements: PolicyStatement[] | undefined) =>
  Object.fromEntries((statements ?? []).map((s) => [s.Sid ?? "", s]));

describe("buildPermissionPolicy", () => {
  it("is undefined when nothing is granted inline", () => {
    expect(buildPermissionPolicy(undefined, scope)).toBeUndefined();
    expect(
      buildPermissionPolicy({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }, scope),
    ).toBeUndefined();
  });

  it("grants ECR push and pull on repository ARNs and the token on * in its own statement", () => {
    const doc = buildPermissionPolicy(
      { ecr: { push: ["team/b", "team/a", "team/a"], pull: ["base/node", "team/a"] } },
      scope,
    );
    expect(doc?.Statement).toEqual([
      {
        Sid: "EcrPush",
        Effect: "Allow",
        Action: ECR_PUSH_ACTIONS,
        Resource: [
          "arn:aws:ecr:eu-west-1:111111111111:repository/team/a",
          "arn:aws:ecr:eu-west-1:111111111111:repository/team/b",
        ],
      },
      {
        Sid: "EcrPull",
        Effect: "Allow",
        Action: ECR_PULL_ACTIONS,
        Resource: "arn:aws:ecr:eu-west-1:111111111111:repository/base/node",
      },
      { Sid: "EcrAuthToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ]);
  });

  it("includes what AWS documents for docker push (R21), and pull on push repositories", () => {
    for (const action of [
      "ecr:BatchCheckLayerAvailability",
      "ecr:InitiateLayerUpload",
      "ecr:UploadLayerPart",
      "ecr:CompleteLayerUpload",
      "ecr:PutImage",
      "ecr:BatchGetImage",
      ...ECR_PULL_ACTIONS,
    ]) {
      expect(ECR_PUSH_ACTIONS).toContain(action);
    }
  });

  it("scopes S3 per bucket: objects under the prefix, ListBucket with an s3:prefix condition (R23)", () => {
    const doc = buildPermissionPolicy(
      {
        s3: {
          write: ["art/builds/", "art/builds/x/"],
          read: ["art/builds/cache/", "art/shared/", "cfg/ci/"],
        },
      },
      scope,
    );
    const s = bySid(doc?.Statement);
    expect(Object.keys(s)).toEqual(["S3WriteArt", "S3ReadArt", "S3ListArt", "S3ReadCfg", "S3ListCfg"]);
    expect(s.S3WriteArt).toMatchObject({
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: "arn:aws:s3:::art/builds/*",
    });
    expect(s.S3ReadArt).toMatchObject({ Action: "s3:GetObject", Resource: "arn:aws:s3:::art/shared/*" });
    expect(s.S3ListArt).toEqual({
      Sid: "S3ListArt",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: "arn:aws:s3:::art",
      Condition: { StringLike: { "s3:prefix": ["builds/*", "shared/*"] } },
    });
  });

  it("lists a whole bucket without a condition when the prefix is empty", () => {
    const s = bySid(buildPermissionPolicy({ s3: { write: ["docs/"] } }, scope)?.Statement);
    expect(s.S3WriteDocs?.Resource).toBe("arn:aws:s3:::docs/*");
    expect(s.S3ListDocs).not.toHaveProperty("Condition");
  });

  it("keeps Sids unique when bucket names collapse to the same key", () => {
    const doc = buildPermissionPolicy({ s3: { read: ["a.b/x/", "a-b/x/"] } }, scope);
    expect(doc?.Statement.map((s) => s.Sid)).toEqual(["S3ReadAB", "S3ListAB", "S3ReadAB2", "S3ListAB2"]);
  });

  it("adds KMS on the given keys and raw statements as given, last", () => {
    const key = "arn:aws:kms:eu-west-1:111111111111:key/abc";
    const raw = {
      Effect: "Allow",
      Action: "ssm:GetParameter",
      Resource: "arn:aws:ssm:eu-west-1:111111111111:parameter/x",
    } as const;
    const doc = buildPermissionPolicy(
      { s3: { read: ["b1/p/"], kmsKeyArns: [key] }, statements: [raw] },
      scope,
    );
    expect(doc?.Statement.slice(-2)).toEqual([
      { Sid: "KmsForS3", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key },
      raw,
    ]);
  });

  it("uses the partition in every ARN", () => {
    const doc = buildPermissionPolicy(
      { ecr: { push: ["app"] }, s3: { write: ["b1/p/"] } },
      { partition: "aws-cn", region: "cn-north-1", account: "111111111111" },
    );
    expect(JSON.stringify(doc)).not.toContain("arn:aws:");
    expect(bySid(doc?.Statement).EcrPush?.Resource).toBe(
      "arn:aws-cn:ecr:cn-north-1:111111111111:repository/app",
    );
  });

  it("does not depend on the order of the spec's lists", () => {
    const a = buildPermissionPolicy({ ecr: { push: ["x", "y"] }, s3: { write: ["b2/p/", "b1/p/"] } }, scope);
    const b = buildPermissionPolicy({ ecr: { push: ["y", "x"] }, s3: { write: ["b1/p/", "b2/p/"] } }, scope);
    expect(a).toEqual(b);
  });
});
