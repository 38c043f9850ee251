import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { buildTrustPolicy } from "../../src/core/plan/build-trust-policy.js";
import type { PolicyStatement } from "../../src/core/plan/policy-document.js";
import { allow, BUILD, OTHER, policy, TARGET } from "./accounts.js";
import { assumeRoleAs, awsErrorOf, type Credentials, stsAs, userCredentials } from "./caller-clients.js";
import { useEmulator } from "./use-emulator.js";
import { createRole, createUserWithKey, type UserWithKey } from "./world.js";

const emulator = useEmulator({ reset: "test" });

const EXTERNAL_ID = "crossrole-ext-4f1c";
const ROLE_ARN = `arn:aws:iam::${TARGET}:role/deploy`;
const ASSUME_ANY = policy(allow("sts:AssumeRole"));

function trusting(
  principal: NonNullable<PolicyStatement["Principal"]>,
  condition?: PolicyStatement["Condition"],
): ReturnType<typeof policy> {
  const statement: PolicyStatement = { Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" };
  if (condition) statement.Condition = condition;
  return policy(statement);
}

const withExternalId = { StringEquals: { "sts:ExternalId": EXTERNAL_ID } };

function user(account: string, name: string): Promise<UserWithKey> {
  return createUserWithKey(emulator, account, name, ASSUME_ANY);
}

function assume(
  who: Credentials | UserWithKey,
  extra: {
    ExternalId?: string;
    RoleSessionName?: string;
    SourceIdentity?: string;
    RoleArn?: string;
    Tags?: { Key: string; Value: string }[];
  } = {},
) {
  const credentials = "userName" in who ? userCredentials(who) : who;
  return assumeRoleAs(emulator, credentials, { RoleArn: ROLE_ARN, RoleSessionName: "build-1", ...extra });
}

async function expectDenied(
  who: Credentials | UserWithKey,
  extra: Parameters<typeof assume>[1] = {},
): Promise<void> {
  const error = await awsErrorOf(assume(who, extra));
  expect(error).toMatchObject({ name: "AccessDenied", status: 403 });
  if ("arn" in who) {
    expect(error.message).toBe(
      `User: ${who.arn} is not authorized to perform: sts:AssumeRole on resource: ${extra.RoleArn ?? ROLE_ARN}`,
    );
  }
}

describe("cross-account AssumeRole with ExternalId", () => {
  it("succeeds with the right ExternalId; GetCallerIdentity shows the session ARN in the TARGET account", async () => {
    const ci = await user(BUILD, "ci");
    await createRole(emulator, TARGET, {
      name: "deploy",
      trustPolicy: trusting({ AWS: ci.arn }, withExternalId),
    });
    const session = await assume(ci, { ExternalId: EXTERNAL_ID, RoleSessionName: "pipeline-7" });
    const sts = stsAs(emulator, session);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(identity.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/deploy/pipeline-7`);
    expect(identity.Account).toBe(TARGET);
    const [recorded, ...more] = await emulator.sessions();
    expect(more).toEqual([]);
    expect(recorded).toMatchObject({ externalId: EXTERNAL_ID, sessionName: "pipeline-7", roleArn: ROLE_ARN });
  });

  it("denies a wrong ExternalId, a missing ExternalId, and records no session", async () => {
    const ci = await user(BUILD, "ci");
    await createRole(emulator, TARGET, {
      name: "deploy",
      trustPolicy: trusting({ AWS: ci.arn }, withExternalId),
    });
    await expectDenied(ci, { ExternalId: "crossrole-ext-wrong" });
    await expectDenied(ci);
    expect(await emulator.sessions()).toEqual([]);
  });

  it("denies a principal of an unrelated account and another user of the BUILD account", async () => {
    const ci = await user(BUILD, "ci");
    const intruder = await user(OTHER, "ci");
    const colleague = await user(BUILD, "colleague");
    await createRole(emulator, TARGET, {
      name: "deploy",
      trustPolicy: trusting({ AWS: ci.arn }, withExternalId),
    });
    await expectDenied(intruder, { ExternalId: EXTERNAL_ID });
    await expectDenied(colleague, { ExternalId: EXTERNAL_ID });
    await expect(assume(ci, { ExternalId: EXTERNAL_ID })).resolves.toBeDefined();
  });

  it("denies a role that does not exist, and a role ARN without the role's path", async () => {
    const ci = await user(BUILD, "ci");
    await createRole(emulator, TARGET, {
      name: "deploy",
      path: "/crossrole/",
      trustPolicy: trusting({ AWS: ci.arn }),
    });
    await expectDenied(ci, { RoleArn: `arn:aws:iam::${TARGET}:role/missing` });
    await expectDenied(ci, { RoleArn: ROLE_ARN });
    await expect(
      assume(ci, { RoleArn: `arn:aws:iam::${TARGET}:role/crossrole/deploy` }),
    ).resolves.toBeDefined();
  });

  it("rejects a key the emulator never issued (the caller cannot be judged)", async () => {
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trusting("*") });
    const error = await awsErrorOf(
      assume({ accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x" }, { ExternalId: EXTERNAL_ID }),
    );
    expect(error).toMatchObject({ name: "InvalidClientTokenId", status: 403 });
  });
});

describe("trust policy principals", () => {
  it.each([
    ["account root ARN", `arn:aws:iam::${BUILD}:root`],
    ["bare account id", BUILD],
  ])("%s admits every principal of that account and nobody else", async (_label, principal) => {
    const ci = await user(BUILD, "ci");
    const colleague = await user(BUILD, "colleague");
    const intruder = await user(OTHER, "ci");
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trusting({ AWS: principal }) });
    await expect(assume(ci)).resolves.toBeDefined();
    await expect(assume(colleague)).resolves.toBeDefined();
    await expectDenied(intruder);
  });

  it("a role ARN admits that role's sessions (role chaining) but not its trusted user", async () => {
    const ci = await user(BUILD, "ci");
    const runner = await createRole(emulator, BUILD, {
      name: "runner",
      path: "/ci/",
      trustPolicy: trusting({ AWS: ci.arn }),
      inlinePolicies: { assume: ASSUME_ANY },
    });
    expect(runner.arn).toBe(`arn:aws:iam::${BUILD}:role/ci/runner`);
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trusting({ AWS: [runner.arn] }) });
    const runnerSession = await assume(ci, { RoleArn: runner.arn, RoleSessionName: "job-1" });
    const chained = await assume(runnerSession, { RoleSessionName: "job-1-deploy" });
    const sts = stsAs(emulator, chained);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(identity.Arn).toBe(`arn:aws:sts::${TARGET}:assumed-role/deploy/job-1-deploy`);
    await expectDenied(ci);
  });

  it.each([
    ["bare *", "*" as const],
    ['{"AWS":"*"}', { AWS: "*" }],
  ])("%s admits anyone, even an unrelated account, subject to the conditions", async (_label, principal) => {
    const intruder = await user(OTHER, "anyone");
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trusting(principal, withExternalId) });
    await expect(assume(intruder, { ExternalId: EXTERNAL_ID })).resolves.toBeDefined();
    await expectDenied(intruder, { ExternalId: "guess" });
  });

  it("a Service principal statement does not break evaluation and does not match users", async () => {
    const ci = await user(BUILD, "ci");
    const trust = policy(
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      { Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole", Condition: withExternalId },
    );
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trust });
    await expectDenied(ci);
    await expect(assume(ci, { ExternalId: EXTERNAL_ID })).resolves.toBeDefined();
  });
});

describe("trust policy effects", () => {
  it("an explicit Deny wins over an Allow", async () => {
    const ci = await user(BUILD, "ci");
    const colleague = await user(BUILD, "colleague");
    const trust = policy(
      { Effect: "Allow", Principal: { AWS: BUILD }, Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: { AWS: colleague.arn }, Action: "sts:AssumeRole" },
    );
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trust });
    await expect(assume(ci)).resolves.toBeDefined();
    await expectDenied(colleague);
  });

  it("a Deny conditioned on Null sts:ExternalId blocks only requests without an ExternalId", async () => {
    const ci = await user(BUILD, "ci");
    const trust = policy(
      { Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" },
      {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { Null: { "sts:ExternalId": "true" } },
      },
    );
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trust });
    await expectDenied(ci);
    await expect(assume(ci, { ExternalId: "any-id" })).resolves.toBeDefined();
  });

  it("a trust policy with only Deny statements admits nobody", async () => {
    const ci = await user(BUILD, "ci");
    const trust = policy({ Effect: "Deny", Principal: { AWS: OTHER }, Action: "sts:AssumeRole" });
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trust });
    await expectDenied(ci);
  });
});

describe("trust policy conditions", () => {
  async function withTrustCondition(
    condition: NonNullable<PolicyStatement["Condition"]>,
  ): Promise<UserWithKey> {
    const ci = await user(BUILD, "ci");
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trusting({ AWS: BUILD }, condition) });
    return ci;
  }

  it("StringLike matches * and ? wildcards on sts:RoleSessionName", async () => {
    const ci = await withTrustCondition({ StringLike: { "sts:RoleSessionName": ["build-*", "job-??"] } });
    await expect(assume(ci, { RoleSessionName: "build-42" })).resolves.toBeDefined();
    await expect(assume(ci, { RoleSessionName: "job-07" })).resolves.toBeDefined();
    await expectDenied(ci, { RoleSessionName: "job-123" });
    await expectDenied(ci, { RoleSessionName: "deploy-1" });
  });

  it("StringEqualsIfExists passes when the key is absent and judges it when present", async () => {
    const ci = await withTrustCondition({ StringEqualsIfExists: { "sts:ExternalId": EXTERNAL_ID } });
    await expect(assume(ci)).resolves.toBeDefined();
    await expect(assume(ci, { ExternalId: EXTERNAL_ID })).resolves.toBeDefined();
    await expectDenied(ci, { ExternalId: "other-id" });
  });

  it('Null "false" requires the key to be present', async () => {
    const ci = await withTrustCondition({ Null: { "sts:ExternalId": "false" } });
    await expectDenied(ci);
    await expect(assume(ci, { ExternalId: "whatever" })).resolves.toBeDefined();
  });

  it("StringNotEquals is true for other values and for an absent key, false for the listed value", async () => {
    const ci = await withTrustCondition({ StringNotEquals: { "sts:ExternalId": "forbidden" } });
    await expect(assume(ci, { ExternalId: "allowed" })).resolves.toBeDefined();
    await expect(assume(ci)).resolves.toBeDefined();
    await expectDenied(ci, { ExternalId: "forbidden" });
  });

  it("StringEqualsIgnoreCase ignores case; plain StringEquals does not", async () => {
    const ci = await withTrustCondition({ StringEqualsIgnoreCase: { "sts:ExternalId": "ABC-def" } });
    await expect(assume(ci, { ExternalId: "abc-DEF" })).resolves.toBeDefined();
    await expectDenied(ci, { ExternalId: "abc-xyz" });
  });

  it("AND across keys, OR across values", async () => {
    const ci = await withTrustCondition({
      StringEquals: { "sts:ExternalId": ["id-one", "id-two"], "sts:RoleSessionName": "build-1" },
    });
    await expect(assume(ci, { ExternalId: "id-one" })).resolves.toBeDefined();
    await expect(assume(ci, { ExternalId: "id-two" })).resolves.toBeDefined();
    await expectDenied(ci, { ExternalId: "id-two", RoleSessionName: "build-2" });
    await expectDenied(ci, { ExternalId: "id-three" });
  });

  it("aws:PrincipalArn narrows an account principal to matching users", async () => {
    const ci = await withTrustCondition({
      StringLike: { "aws:PrincipalArn": `arn:aws:iam::${BUILD}:user/ci*` },
    });
    const ci2 = await user(BUILD, "ci-2");
    const colleague = await user(BUILD, "colleague");
    await expect(assume(ci)).resolves.toBeDefined();
    await expect(assume(ci2)).resolves.toBeDefined();
    await expectDenied(colleague);
  });

  it("aws:PrincipalAccount and ForAnyValue/ForAllValues work on single-valued keys", async () => {
    const ci = await withTrustCondition({
      StringEquals: { "aws:PrincipalAccount": BUILD },
      "ForAnyValue:StringLike": { "sts:RoleSessionName": ["build-*"] },
      "ForAllValues:StringEquals": { "sts:SourceIdentity": ["alice"] },
    });
    await expect(assume(ci)).resolves.toBeDefined(); // no SourceIdentity: ForAllValues over an empty set is true
    await expectDenied(ci, { RoleSessionName: "other" });
  });

  it("SourceIdentity needs sts:SetSourceIdentity in the trust policy and is judged by sts:SourceIdentity", async () => {
    const ci = await user(BUILD, "ci");
    const trust = policy({
      Effect: "Allow",
      Principal: { AWS: BUILD },
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
      Condition: { StringEqualsIfExists: { "sts:SourceIdentity": "alice" } },
    });
    await createRole(emulator, TARGET, { name: "deploy", trustPolicy: trust });
    await expect(assume(ci, { SourceIdentity: "alice" })).resolves.toBeDefined();
    await expectDenied(ci, { SourceIdentity: "mallory" });
    const recorded = await emulator.sessions();
    expect(recorded.map((s) => s.sourceIdentity)).toEqual(["alice"]);

    await createRole(emulator, TARGET, {
      name: "plain",
      trustPolicy: trusting({ AWS: BUILD }),
    });
    const plainArn = `arn:aws:iam::${TARGET}:role/plain`;
    await expect(assume(ci, { RoleArn: plainArn })).resolves.toBeDefined();
    await expectDenied(ci, { RoleArn: plainArn, SourceIdentity: "alice" });
  });
});

describe("session tags and source identity: each trust action judged with the condition keys AWS documents for it", () => {
  const TAGS = [{ Key: "pipeline", Value: "release" }];
  // The layout crossrole wrote before issue 14: TagSession / SetSourceIdentity inside the ExternalId statement.
  const oldLayout = (principalArn: string) =>
    policy({
      Sid: "AssumeFromBuild",
      Effect: "Allow",
      Principal: { AWS: principalArn },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      Condition: withExternalId,
    });
  // The layout crossrole writes now (the real builder): a second statement without the ExternalId condition.
  const newLayout = (principalArn: string) =>
    buildTrustPolicy({
      principalArn,
      externalIds: [EXTERNAL_ID],
      allowSessionTags: true,
      allowSourceIdentity: true,
    }) as unknown as ReturnType<typeof policy>;

  it.each([
    ["old (one statement)", oldLayout],
    ["new (second statement)", newLayout],
  ])(
    "%s layout: AssumeRole without the ExternalId, or with a wrong one, is refused, tagged or not",
    async (_, layout) => {
      const ci = await user(BUILD, "ci");
      await createRole(emulator, TARGET, { name: "deploy", trustPolicy: layout(ci.arn) });
      for (const extra of [
        {},
        { Tags: TAGS },
        { SourceIdentity: "alice" },
        { Tags: TAGS, SourceIdentity: "alice" },
      ]) {
        await expectDenied(ci, extra);
        await expectDenied(ci, { ...extra, ExternalId: "crossrole-ext-wrong" });
      }
      // Untagged AssumeRole with the right ExternalId works in both layouts.
      await expect(assume(ci, { ExternalId: EXTERNAL_ID })).resolves.toBeDefined();
      expect((await emulator.sessions()).map((s) => s.externalId)).toEqual([EXTERNAL_ID]);
    },
  );

  it.each([
    ["session tags", { Tags: TAGS }],
    ["a source identity", { SourceIdentity: "alice" }],
    ["both", { Tags: TAGS, SourceIdentity: "alice" }],
  ])(
    "with %s and the right ExternalId: the old layout is refused (no sts:ExternalId for those actions), the new one allowed",
    async (_, extra) => {
      const ci = await user(BUILD, "ci");
      await createRole(emulator, TARGET, { name: "deploy", trustPolicy: oldLayout(ci.arn) });
      await expectDenied(ci, { ...extra, ExternalId: EXTERNAL_ID });

      await createRole(emulator, TARGET, { name: "fixed", trustPolicy: newLayout(ci.arn) });
      const fixedArn = `arn:aws:iam::${TARGET}:role/fixed`;
      await expect(
        assume(ci, { ...extra, ExternalId: EXTERNAL_ID, RoleArn: fixedArn }),
      ).resolves.toBeDefined();
    },
  );
});
