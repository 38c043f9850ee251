import { type AccessSpec, specSchema } from "../../../src/core/spec/spec-schema.js";

/**
 * Access specs shared by the unit tests and golden files. Each goes through the real schema, so a fixture that
 * drifts from the schema fails loudly.
 */

/** The seed blog post's setup: BUILD account root trusted, ExternalId "some_key_build", ECR push. */
export const seedSpec: AccessSpec = specSchema.parse({
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "root" },
  targets: {
    ourthing: {
      account: "111111111111",
      role: "OurThingBuildRole",
      description: "Role for build server to do stuff with our stuff",
      externalId: "some_key_build",
      permissions: { ecr: { push: ["ourthing/app"] } },
    },
  },
});

/** Two target accounts, one with two targets; a named BUILD user; ECR, S3, KMS, managed policy and tags. */
export const twoAccountSpec: AccessSpec = specSchema.parse({
  version: 1,
  name: "team-web",
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci-builder" },
  targets: {
    ourthing: {
      account: "111111111111",
      role: "/ci/OurThingBuildRole",
      externalId: "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0",
      allowSessionTags: true,
      permissions: {
        ecr: { push: ["ourthing/app", "ourthing/worker"], pull: ["base/node", "ourthing/app"] },
        s3: {
          write: ["ourthing-artifacts/builds/"],
          read: ["ourthing-artifacts/builds/cache/", "shared-config/ci/"],
          kmsKeyArns: ["arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
        },
      },
      tags: { team: "ourthing" },
    },
    "ourthing-docs": {
      account: "111111111111",
      role: "OurThingDocsRole",
      externalId: "Hn4Wc7Pq1Zr9Ty2Ux6Vb3Sm8Lk5Jg0Fd_Ea-Qo",
      permissions: { s3: { write: ["ourthing-docs/"] } },
    },
    theirthing: {
      account: "333333333333",
      role: "TheirThingBuildRole",
      region: "us-east-1",
      externalId: "Rb5Nx2Mv8Qc1Lz7Kw4Jy9Ht3Gs6Fp0Do-Ci_Ue",
      maxSessionDuration: 7200,
      permissions: {
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        statements: [
          {
            Sid: "ReadParams",
            Effect: "Allow",
            Action: "ssm:GetParameter",
            Resource: "arn:aws:ssm:us-east-1:333333333333:parameter/ci/*",
          },
        ],
      },
    },
  },
});

/** Two targets in two accounts with nothing to complain about: no errors, no warnings. */
export const cleanSpec: AccessSpec = specSchema.parse({
  version: 1,
  region: "eu-west-1",
  build: { account: "222222222222", principal: "user/ci-builder" },
  targets: {
    app: {
      account: "111111111111",
      role: "AppBuildRole",
      externalId: "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0",
      permissions: { ecr: { push: ["app/web"] }, s3: { write: ["app-artifacts/builds/"] } },
    },
    site: {
      account: "333333333333",
      role: "SiteBuildRole",
      externalId: "Hn4Wc7Pq1Zr9Ty2Ux6Vb3Sm8Lk5Jg0Fd_Ea-Qo",
      permissions: { s3: { read: ["site-assets/releases/"] } },
    },
  },
});

/** Keyless builds: GitHub Actions' OIDC tokens assume the BUILD role; one exact subject, one pattern, a claim. */
export const keylessSpec: AccessSpec = specSchema.parse({
  version: 1,
  region: "eu-west-1",
  build: {
    account: "222222222222",
    principal: "role/ci-deployer",
    oidc: {
      provider: "github",
      subjects: ["repo:acme/app:ref:refs/heads/main", "repo:acme/app:environment:prod*"],
      claims: { repository: "acme/app" },
    },
  },
  targets: {
    app: {
      account: "111111111111",
      role: "AppBuildRole",
      externalId: "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0",
      permissions: { ecr: { push: ["app/web"] } },
    },
  },
});
