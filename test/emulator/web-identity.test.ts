import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { BUILD, OTHER, policy } from "./accounts.js";
import { awsErrorOf, stsAs } from "./caller-clients.js";
import { startEmulator } from "./emulator.js";
import type { EmulatorEndpoint } from "./emulator-client.js";
import {
  GITHUB_ISSUER,
  GITLAB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "./oidc-issuer.js";
import { runBoto3 } from "./real-clients.js";
import { createSandbox } from "./sandbox.js";
import { useEmulator } from "./use-emulator.js";
import { createOidcProvider, createRole } from "./world.js";

const emulator = useEmulator({ reset: "test" });

const GITHUB_PROVIDER_ARN = `arn:aws:iam::${BUILD}:oidc-provider/token.actions.githubusercontent.com`;
const ROLE_ARN = `arn:aws:iam::${BUILD}:role/ci-deployer`;
const MAIN = "repo:acme/app:ref:refs/heads/main";

let github: OidcIssuer;
let gitlab: OidcIssuer;

beforeAll(async () => {
  github = await startOidcIssuer(GITHUB_ISSUER);
  gitlab = await startOidcIssuer(GITLAB_ISSUER);
});
afterAll(async () => {
  await github?.close();
  await gitlab?.close();
});

function trustingProvider(
  providerArn: string,
  condition: Record<string, Record<string, string | string[]>>,
): PolicyDocument {
  return policy({
    Effect: "Allow",
    Principal: { Federated: providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
  });
}

const GITHUB_MAIN_ONLY = {
  StringEquals: {
    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
    "token.actions.githubusercontent.com:sub": MAIN,
  },
};

/** The world of most tests: GitHub's provider in BUILD, the route to the local issuer, a role trusting main. */
async function githubWorld(trust: PolicyDocument = trustingProvider(GITHUB_PROVIDER_ARN, GITHUB_MAIN_ONLY)) {
  await routeIssuerToEmulator(emulator, github);
  await createOidcProvider(emulator, BUILD, GITHUB_ISSUER);
  await createRole(emulator, BUILD, { name: "ci-deployer", trustPolicy: trust });
}

function withWebIdentity(
  target: EmulatorEndpoint,
  token: string,
  extra: Partial<AssumeRoleWithWebIdentityCommandInput> = {},
) {
  // No credentials: the call is unsigned, as in AWS (the token is the credential).
  const sts = new STSClient({
    endpoint: target.endpoint,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
  });
  return sts
    .send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: "gha-1",
        WebIdentityToken: token,
        ...extra,
      }),
    )
    .finally(() => sts.destroy());
}

async function refusal(token: string, extra: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) {
  return awsErrorOf(withWebIdentity(emulator, token, extra));
}

const NOT_AUTHORIZED = {
  name: "AccessDenied",
  status: 403,
  message: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
};

describe("AssumeRoleWithWebIdentity on the patched emulator", () => {
  it("accepts a token signed by the issuer with the trusted sub and aud: the session is the BUILD role's", async () => {
    await githubWorld();
    const result = await withWebIdentity(emulator, github.mint({ sub: MAIN }));
    expect(result.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${BUILD}:assumed-role/ci-deployer/gha-1`);
    const issued = result.Credentials;
    const sts = stsAs(emulator, {
      accessKeyId: issued?.AccessKeyId ?? "",
      secretAccessKey: issued?.SecretAccessKey ?? "",
      sessionToken: issued?.SessionToken ?? "",
    });
    const identity = await sts.send(new GetCallerIdentityCommand({})).finally(() => sts.destroy());
    expect(identity.Arn).toBe(`arn:aws:sts::${BUILD}:assumed-role/ci-deployer/gha-1`);
    // The emulator really fetched discovery and the JWKS from the issuer (as AWS does).
    expect(github.requests).toEqual(
      expect.arrayContaining(["/.well-known/openid-configuration", "/.well-known/jwks"]),
    );
  });

  it("refuses a wrong sub (another branch, another repository) with AccessDenied", async () => {
    await githubWorld();
    for (const sub of [
      "repo:acme/app:ref:refs/heads/feature",
      "repo:evil/app:ref:refs/heads/main",
      "repo:acme/app:pull_request",
    ]) {
      expect(await refusal(github.mint({ sub }))).toEqual(NOT_AUTHORIZED);
    }
    expect(await refusal(github.mint({ sub: undefined }))).toEqual(NOT_AUTHORIZED);
    expect(await emulator.sessions()).toEqual([]);
  });

  it("refuses an audience the provider does not list (InvalidIdentityToken: Incorrect token audience)", async () => {
    await githubWorld();
    expect(await refusal(github.mint({ aud: "https://github.com/acme" }))).toEqual({
      name: "InvalidIdentityTokenException",
      status: 400,
      message: "Incorrect token audience",
    });
  });

  it("judges the trust's aud condition too: a client ID of the provider that the trust does not name is refused", async () => {
    await routeIssuerToEmulator(emulator, github);
    await createOidcProvider(emulator, BUILD, GITHUB_ISSUER, ["sts.amazonaws.com", "other-client"]);
    await createRole(emulator, BUILD, {
      name: "ci-deployer",
      trustPolicy: trustingProvider(GITHUB_PROVIDER_ARN, GITHUB_MAIN_ONLY),
    });
    expect(await refusal(github.mint({ aud: "other-client" }))).toEqual(NOT_AUTHORIZED);
    await withWebIdentity(emulator, github.mint({ aud: "sts.amazonaws.com" }));
  });

  it("refuses an expired token (ExpiredTokenException) and one not valid yet (nbf, iat in the future)", async () => {
    await githubWorld();
    const expired = await refusal(github.mint({}, { expiresIn: -600, notBefore: -900 }));
    expect(expired).toMatchObject({ name: "ExpiredTokenException", status: 400 });
    expect(expired.message).toMatch(
      /^Token expired: current date\/time \d+ must be before the expiration date\/time\d+$/,
    );
    expect(await refusal(github.mint({}, { notBefore: 600, expiresIn: 900 }))).toMatchObject({
      name: "InvalidIdentityTokenException",
      status: 400,
    });
  });

  it("refuses a forged signature, a tampered payload, an unknown kid and a token that is not a JWT", async () => {
    await githubWorld();
    const forged = await refusal(github.mint({}, { forge: true }));
    expect(forged).toMatchObject({ name: "InvalidIdentityTokenException", status: 400 });
    expect(forged.message).toContain("signature");

    const [header, , signature] = github.mint().split(".");
    const otherClaims = github.mint({ sub: MAIN, jti: "x" }).split(".")[1];
    expect(await refusal(`${header}.${otherClaims}.${signature}`)).toMatchObject({
      name: "InvalidIdentityTokenException",
    });
    expect(await refusal(github.mint({}, { kid: "not-published" }))).toMatchObject({
      name: "InvalidIdentityTokenException",
      message: expect.stringContaining("Couldn't retrieve verification key"),
    });
    expect(await refusal("not-a-jwt")).toMatchObject({ name: "InvalidIdentityTokenException", status: 400 });
  });

  it("refuses a token whose issuer has no OIDC provider in the ROLE's account (a provider elsewhere does not count)", async () => {
    await githubWorld();
    await routeIssuerToEmulator(emulator, gitlab);
    await createOidcProvider(emulator, OTHER, GITLAB_ISSUER);
    expect(await refusal(gitlab.mint({ sub: MAIN }))).toEqual({
      name: "InvalidIdentityTokenException",
      status: 400,
      message: `No OpenIDConnect provider found in your account for ${GITLAB_ISSUER}`,
    });
  });

  it("refuses a token of another registered issuer even when the role trusts that issuer's provider with the same sub", async () => {
    // The role trusts GitHub's provider; GitLab's provider exists in BUILD too, and its token carries the sub.
    await githubWorld();
    await routeIssuerToEmulator(emulator, gitlab);
    await createOidcProvider(emulator, BUILD, GITLAB_ISSUER);
    expect(await refusal(gitlab.mint({ sub: MAIN }))).toEqual(NOT_AUTHORIZED);
  });

  it("gives IDPCommunicationError when the issuer cannot be reached", async () => {
    await createOidcProvider(emulator, BUILD, GITHUB_ISSUER);
    await createRole(emulator, BUILD, {
      name: "ci-deployer",
      trustPolicy: trustingProvider(GITHUB_PROVIDER_ARN, GITHUB_MAIN_ONLY),
    });
    // No route registered (reset cleared it): the emulator cannot fetch the JWKS.
    expect(await refusal(github.mint())).toMatchObject({
      name: "IDPCommunicationErrorException",
      status: 400,
    });
  });

  it("refuses a missing role and a role whose trust names no Federated principal or another action", async () => {
    await githubWorld();
    expect(await refusal(github.mint(), { RoleArn: `arn:aws:iam::${BUILD}:role/missing` })).toEqual(
      NOT_AUTHORIZED,
    );
    await createRole(emulator, BUILD, {
      name: "aws-principal",
      trustPolicy: policy({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${BUILD}:root` },
        Action: "sts:AssumeRoleWithWebIdentity",
      }),
    });
    expect(await refusal(github.mint(), { RoleArn: `arn:aws:iam::${BUILD}:role/aws-principal` })).toEqual(
      NOT_AUTHORIZED,
    );
    await createRole(emulator, BUILD, {
      name: "wrong-action",
      trustPolicy: policy({
        Effect: "Allow",
        Principal: { Federated: GITHUB_PROVIDER_ARN },
        Action: "sts:AssumeRole",
        Condition: GITHUB_MAIN_ONLY,
      }),
    });
    expect(await refusal(github.mint(), { RoleArn: `arn:aws:iam::${BUILD}:role/wrong-action` })).toEqual(
      NOT_AUTHORIZED,
    );
  });

  it("evaluates StringLike wildcards, GitHub's own claim keys and an explicit Deny with the condition evaluator", async () => {
    await githubWorld(
      policy(
        {
          Effect: "Allow",
          Principal: { Federated: GITHUB_PROVIDER_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:repository": "acme/app",
            },
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:*" },
          },
        },
        {
          Effect: "Deny",
          Principal: { Federated: GITHUB_PROVIDER_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:actor": "mallory" } },
        },
      ),
    );
    const claims = { sub: "repo:acme/app:environment:production", repository: "acme/app", actor: "alice" };
    await withWebIdentity(emulator, github.mint(claims));
    expect(await refusal(github.mint({ ...claims, repository: "acme/other" }))).toEqual(NOT_AUTHORIZED);
    expect(await refusal(github.mint({ ...claims, sub: "repo:acme/app:ref:refs/heads/main" }))).toEqual(
      NOT_AUTHORIZED,
    );
    expect(await refusal(github.mint({ ...claims, actor: "mallory" }))).toEqual(NOT_AUTHORIZED);
  });

  it("gives a GitLab issuer <host>:sub and <host>:aud keys, and no GitHub-only claim keys", async () => {
    const providerArn = `arn:aws:iam::${BUILD}:oidc-provider/gitlab.example.com`;
    await routeIssuerToEmulator(emulator, gitlab);
    await createOidcProvider(emulator, BUILD, GITLAB_ISSUER, ["https://gitlab.example.com"]);
    const sub = "project_path:acme/app:ref_type:branch:ref:main";
    await createRole(emulator, BUILD, {
      name: "ci-deployer",
      trustPolicy: trustingProvider(providerArn, {
        StringEquals: {
          "gitlab.example.com:aud": "https://gitlab.example.com",
          "gitlab.example.com:sub": sub,
        },
      }),
    });
    await createRole(emulator, BUILD, {
      name: "by-project",
      trustPolicy: trustingProvider(providerArn, {
        StringEquals: { "gitlab.example.com:project_path": "acme/app" },
      }),
    });
    const token = gitlab.mint({ aud: "https://gitlab.example.com", sub, project_path: "acme/app" });
    await withWebIdentity(emulator, token);
    // AWS exposes no project_path key for GitLab: a condition on it never holds.
    expect(await refusal(token, { RoleArn: `arn:aws:iam::${BUILD}:role/by-project` })).toEqual(
      NOT_AUTHORIZED,
    );
  });

  it("needs no signature while auth enforcement is on (the call is unsigned, as in AWS)", async () => {
    await githubWorld();
    await emulator.setAuthEnforcement(true);
    await withWebIdentity(emulator, github.mint());
    expect(await refusal(github.mint({ sub: "repo:evil/app:ref:refs/heads/main" }))).toEqual(NOT_AUTHORIZED);
  });

  it("boto3 with only AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN gets the role; a wrong-sub token file is refused", async () => {
    await githubWorld();
    const sandbox = await createSandbox(emulator);
    const dir = await mkdtemp(join(tmpdir(), "crossrole-wit-"));
    try {
      const source =
        "import boto3,sys\n" +
        "try:\n  print(boto3.client('sts').get_caller_identity()['Arn'])\n" +
        "except Exception as e:\n  print(type(e).__name__, e); sys.exit(7)\n";
      const run = async (sub: string) => {
        const file = join(dir, `token-${sub.length}`);
        await writeFile(file, github.mint({ sub }));
        return runBoto3(source, {
          env: {
            ...sandbox.env,
            AWS_WEB_IDENTITY_TOKEN_FILE: file,
            AWS_ROLE_ARN: ROLE_ARN,
            AWS_ROLE_SESSION_NAME: "boto3-wit",
          },
        });
      };
      const ok = await run(MAIN);
      expect(ok.stderr).toBe("");
      expect(ok.stdout.trim()).toBe(`arn:aws:sts::${BUILD}:assumed-role/ci-deployer/boto3-wit`);
      const refused = await run("repo:evil/app:ref:refs/heads/main");
      expect(refused.code).toBe(7);
      expect(refused.stdout).toContain("Not authorized to perform sts:AssumeRoleWithWebIdentity");
    } finally {
      await rm(dir, { recursive: true, force: true });
      await sandbox.cleanup();
    }
  });
});

describe("plain moto 5.2.1 (--unpatched) lacks all of it", () => {
  it("lets a wrong sub in (and any string as token); the patched emulator does not", async () => {
    const wrongSub = async (patched: boolean) => {
      const own = await startEmulator({ patched });
      try {
        if (patched) await routeIssuerToEmulator(own, github);
        await createOidcProvider(own, BUILD, GITHUB_ISSUER);
        await createRole(own, BUILD, {
          name: "ci-deployer",
          trustPolicy: trustingProvider(GITHUB_PROVIDER_ARN, GITHUB_MAIN_ONLY),
        });
        const outcome = async (token: string) => {
          try {
            await withWebIdentity(own, token);
            return "allowed";
          } catch (error) {
            return (error as Error).name;
          }
        };
        return [
          await outcome(github.mint({ sub: "repo:evil/app:ref:refs/heads/main" })),
          await outcome("anything"),
        ];
      } finally {
        await own.stop();
      }
    };
    expect(await wrongSub(false)).toEqual(["allowed", "allowed"]);
    expect(await wrongSub(true)).toEqual(["AccessDenied", "InvalidIdentityTokenException"]);
  });
});
