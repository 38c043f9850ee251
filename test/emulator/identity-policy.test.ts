import { UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../src/core/plan/policy-document.js";
import { allow, BUILD, policy, TARGET } from "./accounts.js";
import { adminClients } from "./admin-clients.js";
import { assumeRoleAs, awsErrorOf, stsAs, userCredentials } from "./caller-clients.js";
import { useEmulator } from "./use-emulator.js";
import { createRole, createUserWithKey, type UserWithKey } from "./world.js";

const emulator = useEmulator({ reset: "test" });

const EXTERNAL_ID = "crossrole-ext-77";

function assume(user: UserWithKey, roleArn: string, externalId?: string) {
  return assumeRoleAs(emulator, userCredentials(user), {
    RoleArn: roleArn,
    RoleSessionName: "build-1",
    ...(externalId === undefined ? {} : { ExternalId: externalId }),
  });
}

async function expectDenied(user: UserWithKey, roleArn: string, externalId?: string): Promise<void> {
  const error = await awsErrorOf(assume(user, roleArn, externalId));
  expect(error).toMatchObject({
    name: "AccessDenied",
    status: 403,
    message: `User: ${user.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  });
}

/** A TARGET role that trusts `principal` with the ExternalId. */
async function targetRole(principal: string, name = "deploy"): Promise<string> {
  const role = await createRole(emulator, TARGET, {
    name,
    trustPolicy: policy({
      Effect: "Allow",
      Principal: { AWS: principal },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } },
    }),
  });
  return role.arn;
}

describe("the caller's identity policy (auth enforcement on)", () => {
  it("cross-account: the trust admits the user, but without an sts:AssumeRole grant it is denied", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci");
    const roleArn = await targetRole(`arn:aws:iam::${BUILD}:user/ci`);
    await emulator.setAuthEnforcement(true);
    await expectDenied(ci, roleArn, EXTERNAL_ID);
  });

  it("cross-account: a grant on another role ARN does not help; a grant on this role does", async () => {
    const roleArn = `arn:aws:iam::${TARGET}:role/deploy`;
    const wrongGrant = await createUserWithKey(
      emulator,
      BUILD,
      "ci-wrong",
      policy(allow("sts:AssumeRole", `arn:aws:iam::${TARGET}:role/other`)),
    );
    const rightGrant = await createUserWithKey(
      emulator,
      BUILD,
      "ci",
      policy(allow("sts:AssumeRole", roleArn)),
    );
    await targetRole(BUILD);
    await emulator.setAuthEnforcement(true);
    await expectDenied(wrongGrant, roleArn, EXTERNAL_ID);
    await expect(assume(rightGrant, roleArn, EXTERNAL_ID)).resolves.toBeDefined();
    // the trust policy is still judged on top of the grant
    await expectDenied(rightGrant, roleArn, "wrong-id");
  });

  it("an explicit Deny in the caller's policy wins over its Allow", async () => {
    const roleArn = `arn:aws:iam::${TARGET}:role/deploy`;
    const document: PolicyDocument = policy(allow("sts:AssumeRole"), {
      Effect: "Deny",
      Action: "sts:AssumeRole",
      Resource: roleArn,
    });
    const ci = await createUserWithKey(emulator, BUILD, "ci", document);
    await targetRole(ci.arn);
    await emulator.setAuthEnforcement(true);
    await expectDenied(ci, roleArn, EXTERNAL_ID);
  });

  it("same account: a trust policy naming the user directly needs no identity policy (R17)", async () => {
    const local = await createUserWithKey(emulator, TARGET, "operator");
    const roleArn = await targetRole(local.arn);
    await emulator.setAuthEnforcement(true);
    await expect(assume(local, roleArn, EXTERNAL_ID)).resolves.toBeDefined();
  });

  it("same account: a trust policy naming only the account needs the identity policy too", async () => {
    const bare = await createUserWithKey(emulator, TARGET, "operator");
    const granted = await createUserWithKey(emulator, TARGET, "admin", policy(allow("sts:AssumeRole")));
    const roleArn = await targetRole(`arn:aws:iam::${TARGET}:root`);
    await emulator.setAuthEnforcement(true);
    await expectDenied(bare, roleArn, EXTERNAL_ID);
    await expect(assume(granted, roleArn, EXTERNAL_ID)).resolves.toBeDefined();
  });

  it("with enforcement off the caller's policy is not judged, the trust policy still is", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci");
    const roleArn = await targetRole(ci.arn);
    await expect(assume(ci, roleArn, EXTERNAL_ID)).resolves.toBeDefined();
    await expectDenied(ci, roleArn, "wrong-id");
  });

  it("an inactive access key is rejected (plain moto accepts it)", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci", policy(allow("sts:AssumeRole")));
    const admin = adminClients(emulator, BUILD);
    await admin.iam.send(
      new UpdateAccessKeyCommand({ UserName: "ci", AccessKeyId: ci.accessKeyId, Status: "Inactive" }),
    );
    admin.destroy();
    await emulator.setAuthEnforcement(true);
    const sts = stsAs(emulator, userCredentials(ci));
    const error = await awsErrorOf(sts.send(new GetCallerIdentityCommand({})));
    sts.destroy();
    expect(error).toMatchObject({ name: "InvalidClientTokenId", status: 403 });

    await emulator.setAuthEnforcement(false);
    const again = adminClients(emulator, BUILD);
    await again.iam.send(
      new UpdateAccessKeyCommand({ UserName: "ci", AccessKeyId: ci.accessKeyId, Status: "Active" }),
    );
    again.destroy();
    await emulator.setAuthEnforcement(true);
    const active = stsAs(emulator, userCredentials(ci));
    await expect(active.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: ci.arn });
    active.destroy();
  });
});
