import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createCloudFormationAdapter } from "../../src/aws/cloudformation-adapter.js";
import { adminClients } from "../emulator/admin-clients.js";
import { assumeRoleAs, awsErrorOf, userCredentials } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { confirmationRefusal } from "../support/confirmation-refusal.js";
import { expectDocument } from "../support/output-schemas.js";
import { inlineGrantOf, livePermissionActions, runCliAs } from "./fleet-helpers.js";

const emulator = useEmulator();
const BUILD = "222222222222";
const ROLE = "R";
const ACCOUNTS = Array.from({ length: 50 }, (_, i) => String(300000000000 + i));
let dir: string;
let spec: string;
let ci: UserWithKey;

function specText(accounts: string[], action = "s3:GetObject"): string {
  return `# fleet spec: comments must survive the ExternalId edit
version: 1
region: us-east-1
build:
  account: "${BUILD}"
  principal: user/ci
targets:
  fleet: # 50 accounts, one ExternalId each
    accounts: [${accounts.map((a) => `"${a}"`).join(", ")}]
    role: ${ROLE}
    permissions:
      statements:
        - { Effect: Allow, Action: ${action}, Resource: "arn:aws:s3:::fleet-bucket/*" }
`;
}

const cli = (args: string[]) => runCliAs(ci, dir, args);

async function externalIds(): Promise<Record<string, string>> {
  const doc = parse(await readFile(spec, "utf8")) as {
    targets: { fleet: { externalIds: Record<string, string> } };
  };
  return doc.targets.fleet.externalIds;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-rollout-"));
  spec = join(dir, "crossrole.yaml");
  ci = await createUserWithKey(emulator, BUILD, "ci");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("crossrole rollout (StackSet, 50 accounts)", () => {
  it("without --yes on a non-terminal stdin: shows the preview, refuses (exit 2), changes nothing", async () => {
    await writeFile(spec, specText(ACCOUNTS));
    const run = await cli(["rollout", "--endpoint-url", emulator.endpoint]);
    expect(run.code, run.stdout).toBe(2);
    expect(run.stderr.endsWith(confirmationRefusal("rollout", { dryRun: true })), run.stderr).toBe(true);
    expect(await readFile(spec, "utf8")).toBe(specText(ACCOUNTS));
  });

  it("deploys one role per account, each assumable only with its own ExternalId", async () => {
    await writeFile(spec, specText(ACCOUNTS));
    const run = await cli([
      "rollout",
      "--yes",
      "--endpoint-url",
      emulator.endpoint,
      "--max-concurrent",
      "16",
    ]);
    expect(run.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("rollout: 51 changed, 0 unchanged, 0 failed");

    const text = await readFile(spec, "utf8");
    expect(text).toContain("# fleet spec: comments must survive");
    expect(text).toContain("# 50 accounts, one ExternalId each");
    const ids = await externalIds();
    expect(Object.keys(ids).sort()).toEqual(ACCOUNTS);
    expect(new Set(Object.values(ids)).size).toBe(50);

    const me = userCredentials(ci);
    for (const [i, account] of ACCOUNTS.entries()) {
      const roleArn = `arn:aws:iam::${account}:role/${ROLE}`;
      const own = ids[account] ?? "";
      const other = ids[ACCOUNTS[(i + 1) % ACCOUNTS.length] ?? ""] ?? "";
      await expect(
        assumeRoleAs(emulator, me, { RoleArn: roleArn, RoleSessionName: "t", ExternalId: own }),
      ).resolves.toBeDefined();
      const refused = await awsErrorOf(
        assumeRoleAs(emulator, me, { RoleArn: roleArn, RoleSessionName: "t", ExternalId: other }),
      );
      expect(refused.name).toBe("AccessDenied");
    }

    // The BUILD grant: exactly the 50 role ARNs, inline on the user.
    const grant = await inlineGrantOf(emulator, BUILD, "ci");
    expect(grant?.Statement[0]?.Resource).toHaveLength(50);
  });

  it("a second run changes nothing", async () => {
    const run = await cli(["rollout", "--yes", "--endpoint-url", emulator.endpoint]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("rollout: 0 changed, 51 unchanged, 0 failed");
    // The same with --json: one document valid under schema/output/rollout.schema.json.
    const json = await cli(["rollout", "--yes", "--json", "--endpoint-url", emulator.endpoint]);
    expect(json.code, json.stderr).toBe(0);
    expect(expectDocument("rollout", json.stdout)).toMatchObject({
      command: "rollout",
      stackSets: [{ target: "fleet", accounts: 50, create: false, add: [], remove: [] }],
      summary: { unchanged: 51, failed: 0 },
    });
  });

  it("verify GROUP passes fleet-wide (BUILD credentials only)", async () => {
    const run = await cli(["verify", "fleet", "--json", "--endpoint-url", emulator.endpoint]);
    expect(run.stdout, run.stderr).not.toBe("");
    const report = expectDocument("verify", run.stdout) as unknown as {
      summary: { ok: boolean; fail: number };
      targets: { name: string }[];
    };
    expect(report.targets).toHaveLength(50);
    expect(report.targets[0]?.name).toBe(`fleet-${ACCOUNTS[0]}`);
    expect(report.summary.fail, run.stdout).toBe(0);
    expect(run.code).toBe(0);
  });

  it("a changed permission rolls out as an UpdateStackSet to every account's live role", async () => {
    await writeFile(
      spec,
      (await readFile(spec, "utf8")).replace("Action: s3:GetObject", "Action: s3:PutObject"),
    );
    const run = await cli(["rollout", "--yes", "--endpoint-url", emulator.endpoint]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("update the role template in every account");
    const cfn = createCloudFormationAdapter({
      endpoint: emulator.endpoint,
      region: "us-east-1",
      credentials: userCredentials(ci),
    });
    const set = await cfn.describeStackSet("crossrole-fleet");
    expect(set?.templateBody).toContain("s3:PutObject");
    // The live roles (moto_stackset_patch.py makes UpdateStackSet reach the stacks, as AWS does).
    for (const account of [ACCOUNTS[0] ?? "", ACCOUNTS[49] ?? ""])
      expect(await livePermissionActions(emulator, account, ROLE)).toEqual(["s3:PutObject"]);
  });

  it("removes the instance (and role) of an account dropped from the spec", async () => {
    const dropped = ACCOUNTS[49] ?? "";
    const doc = parse(await readFile(spec, "utf8")) as {
      targets: { fleet: { accounts: string[]; externalIds: Record<string, string> } };
    };
    doc.targets.fleet.accounts = doc.targets.fleet.accounts.filter((a) => a !== dropped);
    delete doc.targets.fleet.externalIds[dropped];
    const text = stringify(doc);
    await writeFile(spec, text);
    const dryJson = await cli(["rollout", "--dry-run", "--json", "--endpoint-url", emulator.endpoint]);
    expect(expectDocument("rollout", dryJson.stdout)).toMatchObject({
      dryRun: true,
      executed: false,
      stackSets: [{ remove: [dropped] }],
    });
    const dry = await cli(["rollout", "--dry-run", "--endpoint-url", emulator.endpoint]);
    expect(dry.stdout).toContain(
      `REMOVE 1 account(s) no longer in the spec (their roles are deleted): ${dropped}`,
    );
    const run = await cli(["rollout", "--yes", "--endpoint-url", emulator.endpoint]);
    expect(run.code, run.stdout).toBe(0);
    const admin = adminClients(emulator, dropped);
    const gone = await awsErrorOf(admin.iam.send(new GetRoleCommand({ RoleName: ROLE })));
    expect(gone.name).toBe("NoSuchEntityException");
    admin.destroy();
  });
});
