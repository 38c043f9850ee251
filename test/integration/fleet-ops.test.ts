import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetRoleCommand, GetRolePolicyCommand, UpdateRoleCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allow, policy } from "../emulator/accounts.js";
import { adminClients } from "../emulator/admin-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createRole, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { snapshotCli } from "./access-fixture.js";

/**
 * Fleet operations (issue #9, part 3): apply, diff and revoke across the accounts of a multi-account target,
 * administered through a per-account admin role `arn:aws:iam::{account}:role/FleetAdmin` that trusts an admin
 * user of a management account.
 */
const emulator = useEmulator();
const BUILD = "222222222222";
const MGMT = "444444444444";
const ROLE = "FleetBuildRole";
const ACCOUNTS = Array.from({ length: 5 }, (_, i) => String(300000000001 + i));
const DRIFTING = ACCOUNTS[2] as string;
let dir: string;
let mgmt: UserWithKey;

function specText(admin: string): string {
  return `version: 1
region: us-east-1
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  fleet:
    accounts: [${ACCOUNTS.map((a) => `"${a}"`).join(", ")}]
    externalIds: {${ACCOUNTS.map((a, i) => `"${a}": "fleet-ext-${i}-4f1c9a7e2b0d"`).join(", ")}}
    role: ${ROLE}
    permissions:
      statements:
        - { Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::fleet-bucket/*" }
${admin}`;
}
const PER_ACCOUNT_ADMIN = '    admin: { roleArn: "arn:aws:iam::{account}:role/FleetAdmin" }\n';

async function cli(
  args: string[],
  env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: mgmt.accessKeyId,
    AWS_SECRET_ACCESS_KEY: mgmt.secretAccessKey,
  },
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [await snapshotCli(), ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_CONFIG_FILE: join(dir, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-fleet-"));
  await createUserWithKey(emulator, BUILD, "ci");
  const buildAdmin = await createUserWithKey(emulator, BUILD, "build-admin", policy(allow("*")));
  mgmt = await createUserWithKey(emulator, MGMT, "fleet-admin", policy(allow("sts:AssumeRole")));
  for (const account of ACCOUNTS) {
    await createRole(emulator, account, {
      name: "FleetAdmin",
      trustPolicy: policy({
        Effect: "Allow",
        Principal: { AWS: mgmt.arn },
        Action: "sts:AssumeRole",
      }),
      inlinePolicies: { admin: policy(allow("*")) },
    });
  }
  await writeFile(
    join(dir, "credentials"),
    [
      ["build-admin", buildAdmin],
      ["mgmt", mgmt],
    ]
      .map(
        ([name, u]) =>
          `[${name}]\naws_access_key_id = ${(u as UserWithKey).accessKeyId}\naws_secret_access_key = ${(u as UserWithKey).secretAccessKey}\n`,
      )
      .join("\n"),
  );
  await writeFile(join(dir, "config"), "");
  await writeFile(join(dir, "crossrole.yaml"), specText(PER_ACCOUNT_ADMIN));
  await emulator.setAuthEnforcement(true);
});
afterAll(async () => {
  await emulator.setAuthEnforcement(false);
  await rm(dir, { recursive: true, force: true });
});

describe("fleet operations with admin.roleArn arn:aws:iam::{account}:role/FleetAdmin", () => {
  it("apply --target fleet creates the role in every account, each through its own FleetAdmin", async () => {
    const run = await cli(["apply", "--target", "fleet", "--yes", "--build-profile", "build-admin"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const account of ACCOUNTS) expect(run.stdout).toContain(`fleet-${account}`);
    const assumed = (await emulator.sessions()).filter((s) => s.roleArn.endsWith(":role/FleetAdmin"));
    expect(new Set(assumed.map((s) => s.roleArn.split(":")[4]))).toEqual(new Set(ACCOUNTS));
  });

  it("diff --target fleet exits 0 in sync, 4 naming the drifting account after an out-of-band change", async () => {
    const inSync = await cli(["diff", "--target", "fleet", "--build-profile", "build-admin"]);
    expect(inSync.code, inSync.stdout + inSync.stderr).toBe(0);
    expect(inSync.stdout).toMatch(/no drift/);

    await emulator.setAuthEnforcement(false);
    const admin = adminClients(emulator, DRIFTING);
    try {
      await admin.iam.send(new UpdateRoleCommand({ RoleName: ROLE, MaxSessionDuration: 43200 }));
    } finally {
      admin.destroy();
      await emulator.setAuthEnforcement(true);
    }
    const drift = await cli(["diff", "--target", "fleet", "--build-profile", "build-admin"]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(4);
    expect(drift.stdout).toMatch(/~ MaxSessionDuration: 43200 -> 3600/);
    expect(drift.stdout).toContain(`drift: live IAM state differs from the spec (fleet-${DRIFTING})`);

    const repaired = await cli(["apply", "--target", "fleet", "--yes", "--build-profile", "build-admin"]);
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    expect((await cli(["diff", "--target", "fleet", "--side", "target"])).code).toBe(0);
  });

  it("--target-profile is the source the per-account role is assumed from", async () => {
    const run = await cli(["diff", "--target", "fleet", "--side", "target", "--target-profile", "mgmt"], {});
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it("--target-profile alone cannot serve a group: exit 3, each account named, the hint shows {account}", async () => {
    await writeFile(join(dir, "crossrole.yaml"), specText(""));
    try {
      const run = await cli(
        ["diff", "--target", "fleet", "--side", "target", "--target-profile", "mgmt"],
        {},
      );
      expect(run.code, run.stdout + run.stderr).toBe(3);
      expect(run.stdout).toContain(`could not read ${ACCOUNTS.map((a) => `fleet-${a}`).join(", ")}`);
      expect(run.stdout).toMatch(/are in account 444444444444/);
      expect(run.stdout).toMatch(/arn:aws:iam::\{account\}:role\/OrganizationAccountAccessRole/);
    } finally {
      await writeFile(join(dir, "crossrole.yaml"), specText(PER_ACCOUNT_ADMIN));
    }
  });

  it("revoke fleet --yes puts AWSRevokeOlderSessions in every account", async () => {
    const run = await cli(["revoke", "fleet", "--yes", "--no-proof"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`summary: ${ACCOUNTS.length} of ${ACCOUNTS.length} target(s) revoked.`);
    await emulator.setAuthEnforcement(false);
    try {
      for (const account of ACCOUNTS) {
        const admin = adminClients(emulator, account);
        try {
          const { PolicyDocument } = await admin.iam.send(
            new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: "AWSRevokeOlderSessions" }),
          );
          expect(decodeURIComponent(PolicyDocument ?? ""), account).toMatch(/aws:TokenIssueTime/);
          expect((await admin.iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role?.RoleName).toBe(ROLE);
        } finally {
          admin.destroy();
        }
      }
    } finally {
      await emulator.setAuthEnforcement(true);
    }
  });
});
