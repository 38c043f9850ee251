// The BUILD grant over IAM's inline quota (2,048 characters for a user, aggregate over its inline policies) is
// stored as customer-managed policies /crossrole/crossrole-assume-targets-N (6,144 each), attached to the user.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedUserPoliciesCommand,
} from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClients } from "../emulator/admin-clients.js";
import { assumeRoleAs, awsErrorOf, userCredentials } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createRole, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { inlineGrantOf, runCliAs } from "./fleet-helpers.js";

const emulator = useEmulator();
const BUILD = "222222222222";
const ROLE = "crossrole-build-role";
const ACCOUNTS = Array.from({ length: 300 }, (_, i) => String(300000000000 + i));
const EXTERNAL_ID = "split-grant-external-id-0123456789";
let dir: string;
let spec: string;
let ci: UserWithKey;

function specText(accounts: string[]): string {
  return `version: 1
region: us-east-1
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  fleet:
    accounts: [${accounts.map((a) => `"${a}"`).join(", ")}]
    role: ${ROLE}
    externalIds: {${accounts.map((a) => `"${a}": ${EXTERNAL_ID}-${a}`).join(", ")}}
`;
}

const cli = (args: string[]) => runCliAs(ci, dir, args);
const applyBuild = () => cli(["apply", "--side", "build", "--yes", "--endpoint-url", emulator.endpoint]);

/** The grant parts attached to ci, and what each allows. */
async function parts(): Promise<{ arn: string; resources: string[]; size: number }[]> {
  const admin = adminClients(emulator, BUILD);
  try {
    const { AttachedPolicies } = await admin.iam.send(
      new ListAttachedUserPoliciesCommand({ UserName: "ci" }),
    );
    const out = [];
    for (const p of AttachedPolicies ?? []) {
      const arn = p.PolicyArn ?? "";
      const { Policy } = await admin.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      const { PolicyVersion } = await admin.iam.send(
        new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId ?? "" }),
      );
      const text = decodeURIComponent(PolicyVersion?.Document ?? "");
      const doc = JSON.parse(text) as { Statement: { Resource: string | string[] }[] };
      out.push({
        arn,
        resources: doc.Statement.flatMap((s) => [s.Resource].flat()),
        size: text.replace(/\s+/g, "").length,
      });
    }
    return out.sort((a, b) => a.arn.localeCompare(b.arn, "en", { numeric: true }));
  } finally {
    admin.destroy();
  }
}

const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-grant-split-"));
  spec = join(dir, "crossrole.yaml");
  ci = await createUserWithKey(emulator, BUILD, "ci");
});
afterAll(async () => {
  await emulator.setAuthEnforcement(false);
  await rm(dir, { recursive: true, force: true });
});

describe("a BUILD grant over the user's 2,048-character inline quota", () => {
  it("300 roles: split into managed policies of at most 6,144 characters, attached to the user", async () => {
    await writeFile(spec, specText(ACCOUNTS));
    const dry = await cli(["apply", "--side", "build", "--dry-run", "--endpoint-url", emulator.endpoint]);
    expect(dry.stdout).toContain("CreatePolicy /crossrole/crossrole-assume-targets-1");
    const run = await applyBuild();
    expect(run.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    expect(run.code, run.stdout).toBe(0);
    const attached = await parts();
    expect(attached.length).toBeGreaterThan(1);
    expect(attached.map((p) => p.arn)).toEqual(
      attached.map((_, i) => `arn:aws:iam::${BUILD}:policy/crossrole/crossrole-assume-targets-${i + 1}`),
    );
    for (const p of attached) expect(p.size).toBeLessThanOrEqual(6144);
    expect(attached.flatMap((p) => p.resources).sort()).toEqual(ACCOUNTS.map(roleArn));
    expect(await inlineGrantOf(emulator, BUILD, "ci")).toBeUndefined();
  });

  it("the split grant works: with IAM enforcement on, ci assumes a role listed in the last part", async () => {
    const last = ACCOUNTS[ACCOUNTS.length - 1] ?? "";
    const outside = "399999999999";
    for (const account of [last, outside]) {
      await createRole(emulator, account, {
        name: ROLE,
        trustPolicy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: ci.arn },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": `${EXTERNAL_ID}-${account}` } },
            },
          ],
        },
      });
    }
    const lastPart = (await parts()).at(-1);
    expect(lastPart?.resources).toContain(roleArn(last));
    await emulator.setAuthEnforcement(true);
    try {
      const me = userCredentials(ci);
      const assume = (account: string) =>
        assumeRoleAs(emulator, me, {
          RoleArn: roleArn(account),
          RoleSessionName: "split",
          ExternalId: `${EXTERNAL_ID}-${account}`,
        });
      await expect(assume(last)).resolves.toBeDefined();
      // Trusted, but not granted: the BUILD side's exact grant refuses it.
      expect((await awsErrorOf(assume(outside))).name).toBe("AccessDenied");
    } finally {
      await emulator.setAuthEnforcement(false);
    }
  });

  it("a second apply writes nothing; diff is in sync", async () => {
    const run = await applyBuild();
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("no changes");
    const diff = await cli(["diff", "--side", "build", "--endpoint-url", emulator.endpoint]);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
  });

  it("one more account changes only the part it lands in (a new policy version)", async () => {
    await writeFile(spec, specText([...ACCOUNTS, "399999999999"]));
    const run = await applyBuild();
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /CreatePolicyVersion arn:aws:iam::222222222222:policy\/crossrole\/crossrole-assume-targets-\d+/,
    );
    expect(run.stdout).not.toContain("CreatePolicy /crossrole");
    expect((await parts()).flatMap((p) => p.resources)).toContain(roleArn("399999999999"));
  });

  it("shrunk back under the quota: inline again, every managed part detached and deleted", async () => {
    const before = await parts();
    await writeFile(spec, specText(ACCOUNTS.slice(0, 10)));
    const run = await applyBuild();
    expect(run.code, run.stdout).toBe(0);
    expect(await parts()).toEqual([]);
    const inline = await inlineGrantOf(emulator, BUILD, "ci");
    expect(inline?.Statement[0]?.Resource).toEqual(ACCOUNTS.slice(0, 10).map(roleArn));
    const admin = adminClients(emulator, BUILD);
    for (const p of before) {
      expect((await awsErrorOf(admin.iam.send(new GetPolicyCommand({ PolicyArn: p.arn })))).name).toBe(
        "NoSuchEntityException",
      );
    }
    admin.destroy();
  });
});
