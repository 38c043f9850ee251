import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allow, policy } from "../emulator/accounts.js";
import { adminClients } from "../emulator/admin-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createRole, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { runCliAs } from "./fleet-helpers.js";

/**
 * Issue 14, item 3: a StackSet deploys exactly the plan. The fleet's permissions name a KMS key and an SSM
 * parameter in its FIRST account; every account's live role must name those same resources (not its own account),
 * while the ECR repository ARNs crossrole derives per account name each account. Proven by `crossrole diff` (the
 * plan against live IAM, per account) right after `rollout`, and by reading the live policies back.
 */
const emulator = useEmulator();
const BUILD = "222222222222";
const MGMT = "555555555555";
const ACCOUNTS = ["333333333333", "444444444444", "666666666666"];
const KEY = "arn:aws:kms:us-east-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PARAMETER = "arn:aws:ssm:us-east-1:333333333333:parameter/build/token";
let dir: string;
let ci: UserWithKey;
let mgmt: UserWithKey;

const SPEC = `version: 1
region: us-east-1
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  fleet:
    accounts: [${ACCOUNTS.map((a) => `"${a}"`).join(", ")}]
    role: FleetBuildRole
    admin: { roleArn: "arn:aws:iam::{account}:role/FleetAdmin" }
    permissions:
      ecr: { push: [team/app] }
      s3: { read: [artefacts/builds/], kmsKeyArns: ["${KEY}"] }
      statements:
        - { Effect: Allow, Action: ssm:GetParameter, Resource: "${PARAMETER}" }
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-rollout-exact-"));
  ci = await createUserWithKey(emulator, BUILD, "ci");
  mgmt = await createUserWithKey(emulator, MGMT, "fleet-admin", policy(allow("sts:AssumeRole")));
  for (const account of ACCOUNTS) {
    await createRole(emulator, account, {
      name: "FleetAdmin",
      trustPolicy: policy({ Effect: "Allow", Principal: { AWS: mgmt.arn }, Action: "sts:AssumeRole" }),
      inlinePolicies: { admin: policy(allow("*")) },
    });
  }
  await writeFile(join(dir, "crossrole.yaml"), SPEC);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("rollout deploys exactly the plan", () => {
  it("rollout, then diff --target fleet: no drift in any account (exit 0)", async () => {
    const rollout = await runCliAs(ci, dir, ["rollout", "--yes", "--endpoint-url", emulator.endpoint]);
    expect(rollout.code, rollout.stdout + rollout.stderr).toBe(0);

    const diff = await runCliAs(mgmt, dir, [
      "diff",
      "--target",
      "fleet",
      "--side",
      "target",
      "--endpoint-url",
      emulator.endpoint,
    ]);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/no drift/);

    for (const account of ACCOUNTS) {
      const admin = adminClients(emulator, account);
      try {
        const out = await admin.iam.send(
          new GetRolePolicyCommand({ RoleName: "FleetBuildRole", PolicyName: "crossrole-permissions" }),
        );
        const text = decodeURIComponent(out.PolicyDocument ?? "");
        expect(text, account).toContain(KEY);
        expect(text, account).toContain(PARAMETER);
        expect(text, account).toContain(`arn:aws:ecr:us-east-1:${account}:repository/team/app`);
      } finally {
        admin.destroy();
      }
    }
  });
});
