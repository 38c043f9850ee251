// crossrole rollout for organizationalUnits targets: a SERVICE_MANAGED StackSet with auto-deployment, each
// account's ExternalId derived as <prefix>-<account>. moto 5.2.1 has Organizations and service-managed StackSets;
// test/emulator/moto_stackset_patch.py adds auto-deployment on MoveAccount, OU bookkeeping in DescribeStackSet and
// StackSet updates that reach the stacks (plain moto does none of these).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { adminClients } from "../emulator/admin-clients.js";
import { assumeRoleAs, awsErrorOf, userCredentials } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import {
  createOrganization,
  type EmulatedOrganization,
  inlineGrantOf,
  livePermissionActions,
  runCliAs,
} from "./fleet-helpers.js";

const emulator = useEmulator();
const BUILD = "222222222222";
const MANAGEMENT = "555555555555";
const ROLE = "OrgBuildRole";
let dir: string;
let spec: string;
let ci: UserWithKey;
let management: UserWithKey;
let ou: string;
let root: string;
/** Accounts created in the organization: the first five start in the OU, the last one in the root. */
let accounts: string[];
let move: EmulatedOrganization["move"];

function specText(action = "s3:GetObject"): string {
  return `# org spec: comments must survive rollout's edits
version: 1
region: us-east-1
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  org:
    # every account of the builds OU, now and later
    organizationalUnits: [${ou}]
    role: ${ROLE}
    admin: { roleArn: "arn:aws:iam::{account}:role/OrganizationAccountAccessRole" } # for diff and revoke
    permissions:
      statements:
        - { Effect: Allow, Action: ${action}, Resource: "arn:aws:s3:::org-bucket/*" }
`;
}

const cli = (args: string[]) => runCliAs(ci, dir, args, "credentials");

const rollout = (...extra: string[]) =>
  cli(["rollout", "--endpoint-url", emulator.endpoint, "--target-profile", "management", ...extra]);

async function recorded(): Promise<{ externalIdPrefix: string; deployedAccounts: string[] }> {
  const doc = parse(await readFile(spec, "utf8")) as {
    targets: { org: { externalIdPrefix: string; deployedAccounts: string[] } };
  };
  return doc.targets.org;
}

async function grantResources(): Promise<string[]> {
  return [(await inlineGrantOf(emulator, BUILD, "ci"))?.Statement[0]?.Resource ?? []].flat();
}

const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-rollout-ou-"));
  spec = join(dir, "crossrole.yaml");
  ci = await createUserWithKey(emulator, BUILD, "ci");
  management = await createUserWithKey(emulator, MANAGEMENT, "stacksets-admin");
  await writeFile(
    join(dir, "credentials"),
    `[management]\naws_access_key_id = ${management.accessKeyId}\naws_secret_access_key = ${management.secretAccessKey}\n`,
  );
  const org = await createOrganization(emulator, management, { accounts: 6, inOu: 5 });
  ({ rootId: root, ouId: ou, accounts, move } = org);
  await writeFile(spec, specText());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("crossrole rollout (organizationalUnits: service-managed StackSet, auto-deployment)", () => {
  it("deploys to every account of the OU, each role assumable only with <prefix>-<its account>", async () => {
    const dry = await rollout("--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("create the StackSet (SERVICE_MANAGED, auto-deployment on");
    expect(dry.stdout).toContain(`deploy to OU(s): ${ou}`);
    expect(await readFile(spec, "utf8")).toBe(specText()); // a dry run writes nothing

    const run = await rollout("--yes");
    expect(run.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("rollout: 6 changed, 0 unchanged, 0 failed"); // 5 accounts + BUILD

    const text = await readFile(spec, "utf8");
    expect(text).toContain("# org spec: comments must survive rollout's edits");
    expect(text).toContain("# every account of the builds OU, now and later");
    const { externalIdPrefix, deployedAccounts } = await recorded();
    expect(externalIdPrefix).toMatch(/^[A-Za-z0-9]{40}$/);
    const inOu = accounts.slice(0, 5).sort();
    expect(deployedAccounts).toEqual(inOu);

    const me = userCredentials(ci);
    for (const [i, account] of inOu.entries()) {
      const other = inOu[(i + 1) % inOu.length] ?? "";
      const assume = (ExternalId?: string) =>
        assumeRoleAs(emulator, me, {
          RoleArn: roleArn(account),
          RoleSessionName: "t",
          ...(ExternalId === undefined ? {} : { ExternalId }),
        });
      await expect(assume(`${externalIdPrefix}-${account}`)).resolves.toBeDefined();
      for (const wrong of [`${externalIdPrefix}-${other}`, externalIdPrefix, undefined])
        expect((await awsErrorOf(assume(wrong))).name).toBe("AccessDenied");
    }
    // The account outside the OU has no role; the BUILD grant names exactly the five roles.
    const outside = adminClients(emulator, accounts[5] ?? "");
    expect((await awsErrorOf(outside.iam.send(new GetRoleCommand({ RoleName: ROLE })))).name).toBe(
      "NoSuchEntityException",
    );
    outside.destroy();
    expect((await grantResources()).sort()).toEqual(inOu.map(roleArn));
  });

  it("a second run changes nothing", async () => {
    const before = await readFile(spec, "utf8");
    const run = await rollout("--yes");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("rollout: 0 changed, 6 unchanged, 0 failed");
    expect(await readFile(spec, "utf8")).toBe(before);
  });

  it("verify GROUP passes fleet-wide: BUILD credentials for the proof, the OU admin role for the live lint", async () => {
    const run = await cli([
      "verify",
      "org",
      "--json",
      "--endpoint-url",
      emulator.endpoint,
      "--target-profile",
      "management",
    ]);
    const report = JSON.parse(run.stdout) as { summary: { fail: number }; targets: { name: string }[] };
    expect(report.targets.map((t) => t.name).sort()).toEqual(
      accounts
        .slice(0, 5)
        .map((a) => `org-${a}`)
        .sort(),
    );
    expect(report.summary.fail, run.stdout).toBe(0);
    expect(run.code).toBe(0);
  });

  it("verify with only BUILD credentials: the live lint fails naming the admin role, not the BUILD grant", async () => {
    const run = await cli(["verify", "org", "--json", "--endpoint-url", emulator.endpoint]);
    expect(run.code).toBe(4);
    const report = JSON.parse(run.stdout) as {
      targets: { checks: { id: string; status: string; detail: string; fix?: string }[] }[];
    };
    const lint = report.targets[0]?.checks.find((c) => c.id === "live-lint");
    expect(lint?.status).toBe("fail");
    expect(lint?.detail).toMatch(
      /may not assume the admin role arn:aws:iam::\d{12}:role\/OrganizationAccountAccessRole/,
    );
    expect(lint?.fix).toMatch(/--target-profile/);
    // The proof itself (assume with/without/wrong ExternalId) passed with the BUILD credentials.
    const assumeChecks = report.targets[0]?.checks.filter((c) => c.id !== "live-lint") ?? [];
    expect(assumeChecks.filter((c) => c.status === "fail")).toEqual([]);
  });

  it("an account that joins the OU gets its role from AWS; the next rollout records it and grants it", async () => {
    const joiner = accounts[5] ?? "";
    await move(joiner, root, ou); // auto-deployment: no crossrole involved
    const { externalIdPrefix } = await recorded();
    const me = userCredentials(ci);
    await expect(
      assumeRoleAs(emulator, me, {
        RoleArn: roleArn(joiner),
        RoleSessionName: "t",
        ExternalId: `${externalIdPrefix}-${joiner}`,
      }),
    ).resolves.toBeDefined();

    const dry = await rollout("--dry-run");
    expect(dry.stdout).toContain(`1 account(s) joined the OUs since the last rollout`);
    const run = await rollout("--yes");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("rollout: 2 changed, 5 unchanged, 0 failed"); // the joiner + BUILD
    expect((await recorded()).deployedAccounts).toContain(joiner);
    expect(await grantResources()).toContain(roleArn(joiner));
  });

  it("an account that leaves the OU loses its role; the next rollout drops it from the spec and the grant", async () => {
    const leaver = accounts[0] ?? "";
    await move(leaver, ou, root);
    const gone = adminClients(emulator, leaver);
    expect((await awsErrorOf(gone.iam.send(new GetRoleCommand({ RoleName: ROLE })))).name).toBe(
      "NoSuchEntityException",
    );
    gone.destroy();
    const run = await rollout("--yes");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`org-${leaver}`);
    expect((await recorded()).deployedAccounts).not.toContain(leaver);
    expect(await grantResources()).not.toContain(roleArn(leaver));
  });

  it("a changed permission rolls out as one StackSet update to every account's live role", async () => {
    const prefix = (await recorded()).externalIdPrefix;
    await writeFile(
      spec,
      (await readFile(spec, "utf8")).replace("Action: s3:GetObject", "Action: s3:PutObject"),
    );
    const run = await rollout("--yes");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("update the role template, ExternalId prefix or auto-deployment");
    const { deployedAccounts, externalIdPrefix } = await recorded();
    expect(externalIdPrefix).toBe(prefix); // never regenerated
    for (const account of deployedAccounts)
      expect(await livePermissionActions(emulator, account, ROLE)).toEqual(["s3:PutObject"]);
  });

  it("diff GROUP: the StackSet's roles are in sync with the spec, and drift in one account is named", async () => {
    const diff = (...extra: string[]) =>
      cli(["diff", "org", "--endpoint-url", emulator.endpoint, "--target-profile", "management", ...extra]);
    const clean = await diff();
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    const { deployedAccounts } = await recorded();
    const drifted = deployedAccounts[0] ?? "";
    const admin = adminClients(emulator, drifted);
    await admin.iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: "crossrole-permissions",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
        }),
      }),
    );
    admin.destroy();
    const dirty = await diff();
    expect(dirty.code, dirty.stdout + dirty.stderr).toBe(4);
    expect(dirty.stdout).toContain(`org-${drifted}`);
  });
});
