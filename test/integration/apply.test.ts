import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListRoleTagsCommand,
} from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/cli-context.js";
import { runApply } from "../../src/cli/commands/apply.js";
import { buildAccessPlan } from "../../src/core/plan/build-access-plan.js";
import { parseSpec } from "../../src/core/spec/parse-spec.js";
import { allow, BUILD, policy, TARGET } from "../emulator/accounts.js";
import { assumeRoleAs, awsErrorOf, userCredentials } from "../emulator/caller-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { confirmationRefusal } from "../support/confirmation-refusal.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  createAccessWorld,
  iamAs,
  parsePolicy,
  specWithTargets,
} from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let ci: UserWithKey;

async function setup(options: Parameters<typeof createAccessWorld>[1] = {}, withCi = true) {
  if (withCi) ci = await createUserWithKey(emulator, BUILD, "ci");
  world = await createAccessWorld(emulator, options);
}
afterEach(async () => {
  await world?.dispose();
});

const ROLE_ARN = `arn:aws:iam::${TARGET}:role/OurThingBuildRole`;
const EXTERNAL_ID = "crossrole-ext-01-4f1c9a7e2b";

describe("crossrole apply (built CLI, emulator with auth and trust enforced, two accounts)", () => {
  beforeEach(async () => {
    await setup();
  });

  it("from empty creates exactly the planned documents; the BUILD user can assume with the ExternalId only; a second apply makes 0 writes", async () => {
    const spec = specWithTargets(1, { maxSessionDuration: 7200, tags: { team: "web" } });
    const file = await world.writeSpec(spec);
    const first = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(first.stderr).toBe("crossrole: using spec crossrole.yaml\n"); // no warning, no error
    expect(first.code).toBe(0);
    expect(first.iamWrites.sort()).toEqual(["CreateRole", "PutRolePolicy", "PutUserPolicy"]);
    expect(first.stdout).toMatch(/summary: 2 done; 3 IAM write call\(s\)/);

    // Read back, compare with the plan.
    const plan = buildAccessPlan(parseSpec(await readFile(file, "utf8"), file), file);
    const target = plan.targets[0];
    const targetIam = iamAs(emulator, world.targetAdmin);
    const buildIam = iamAs(emulator, world.buildAdmin);
    const { Role } = await targetIam.send(new GetRoleCommand({ RoleName: "OurThingBuildRole" }));
    expect(parsePolicy(Role?.AssumeRolePolicyDocument)).toEqual(target?.trustPolicy);
    expect(Role?.MaxSessionDuration).toBe(7200);
    expect(Role?.Description).toBe(target?.description);
    const permissions = await targetIam.send(
      new GetRolePolicyCommand({ RoleName: "OurThingBuildRole", PolicyName: "crossrole-permissions" }),
    );
    expect(parsePolicy(permissions.PolicyDocument)).toEqual(target?.permissionPolicy);
    const { Tags } = await targetIam.send(new ListRoleTagsCommand({ RoleName: "OurThingBuildRole" }));
    expect(Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value]))).toEqual(target?.tags);
    const grant = await buildIam.send(
      new GetUserPolicyCommand({ UserName: "ci", PolicyName: "crossrole-assume-targets" }),
    );
    expect(parsePolicy(grant.PolicyDocument)).toEqual(plan.build.grantPolicy);
    targetIam.destroy();
    buildIam.destroy();

    // The BUILD user can assume the role with the ExternalId, and not without it.
    const session = { RoleArn: ROLE_ARN, RoleSessionName: "build-1" };
    await expect(
      assumeRoleAs(emulator, userCredentials(ci), { ...session, ExternalId: EXTERNAL_ID }),
    ).resolves.toBeDefined();
    expect(await awsErrorOf(assumeRoleAs(emulator, userCredentials(ci), session))).toMatchObject({
      name: "AccessDenied",
    });
    expect(
      await awsErrorOf(
        assumeRoleAs(emulator, userCredentials(ci), { ...session, ExternalId: "crossrole-ext-wrong" }),
      ),
    ).toMatchObject({ name: "AccessDenied" });

    const second = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/no changes/);
    expect(second.iamWrites).toEqual([]);
  });

  it("without --yes on a non-terminal stdin: shows the diff, refuses (exit 2), writes nothing", async () => {
    await world.writeSpec(specWithTargets(1));
    const run = await world.run(["apply", ...ADMIN_FLAGS]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/\+ role does not exist: will be created/);
    expect(run.stderr.endsWith(confirmationRefusal("apply", { dryRun: true })), run.stderr).toBe(true);
    expect(run.iamWrites).toEqual([]);
  });

  it("--dry-run shows the IAM calls and writes nothing", async () => {
    await world.writeSpec(specWithTargets(1));
    const run = await world.run(["apply", "--dry-run", ...ADMIN_FLAGS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/IAM calls: CreateRole \/OurThingBuildRole, PutRolePolicy/);
    expect(run.stdout).toMatch(/dry run: 3 IAM change\(s\) planned, nothing written/);
    expect(run.iamWrites).toEqual([]);
  });

  it("refuses an existing role without managed-by=crossrole (suggesting --adopt), then --adopt takes it over", async () => {
    await world.writeSpec(specWithTargets(1));
    const iam = iamAs(emulator, world.targetAdmin);
    await iam.send(
      new CreateRoleCommand({
        RoleName: "OurThingBuildRole",
        AssumeRolePolicyDocument: JSON.stringify(
          policy({ Effect: "Allow", Principal: { AWS: BUILD }, Action: "sts:AssumeRole" }),
        ),
      }),
    );
    const refused = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/exists, NOT managed by crossrole/);
    expect(refused.stdout).toMatch(
      /ourthing\s+REFUSED\s+role arn:aws:iam::111111111111:role\/OurThingBuildRole exists but is not managed by crossrole/,
    );
    expect(refused.stdout).toMatch(/next: To take it over, run crossrole apply --adopt/);
    expect(refused.iamWrites).toEqual(["PutUserPolicy"]);

    const adopted = await world.run(["apply", "--yes", "--adopt", ...ADMIN_FLAGS]);
    expect(adopted.code).toBe(0);
    expect(adopted.iamWrites).toEqual(["UpdateAssumeRolePolicy", "UpdateRole", "TagRole", "PutRolePolicy"]);
    const { Tags } = await iam.send(new ListRoleTagsCommand({ RoleName: "OurThingBuildRole" }));
    expect(Tags).toContainEqual({ Key: "managed-by", Value: "crossrole" });
    iam.destroy();
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).iamWrites).toEqual([]);
  });

  it("a wrong-account credential: exit 3, names both accounts, nothing written", async () => {
    await world.writeSpec(specWithTargets(1));
    const run = await world.run([
      "apply",
      "--yes",
      "--target-profile",
      "build-admin",
      "--build-profile",
      "build-admin",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /credentials for target ourthing \(profile build-admin\) are in account 222222222222/,
    );
    expect(run.stderr).toMatch(/spec says target ourthing is account 111111111111\. Nothing was changed\./);
    expect(run.iamWrites).toEqual([]);
  });

  it("editing a target's permissions and applying --side target changes only the role: zero BUILD writes", async () => {
    await world.writeSpec(specWithTargets(1));
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    await world.writeSpec(
      specWithTargets(1, { permissions: { ecr: { push: ["ourthing/app", "ourthing/worker"] } } }),
    );
    const run = await world.run(["apply", "--yes", "--side", "target", "--target-profile", "target-admin"]);
    expect(run.code).toBe(0);
    expect(run.iamWrites).toEqual(["PutRolePolicy"]);
    expect(run.stdout).not.toMatch(/BUILD/);
  });

  it("asks on a terminal: 'n' declines (nothing written), 'y' applies", async () => {
    await world.writeSpec(specWithTargets(1));
    const inProcess = async (answer: string) => {
      let stdout = "";
      let stderr = "";
      const files = {
        AWS_SHARED_CREDENTIALS_FILE: world.sandbox.credentialsFile,
        AWS_CONFIG_FILE: world.sandbox.configFile,
      };
      const ctx: CliContext = {
        // The profile check (--target-profile exists?) reads ctx.env, as the SDK reads process.env below.
        env: files,
        cwd: world.sandbox.dir,
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        stdinIsTTY: true,
        stdin: Readable.from([answer]),
      };
      const saved = { ...process.env };
      Object.assign(process.env, files);
      try {
        const code = await runApply(["--endpoint-url", world.proxy.endpoint, ...ADMIN_FLAGS], ctx);
        return { code, stdout, stderr };
      } finally {
        process.env = saved;
      }
    };
    world.proxy.reset();
    const declined = await inProcess("n\n");
    expect(declined.stderr).toMatch(/Apply 3 IAM change\(s\)\? \[y\/N\]/);
    expect(declined.stdout).toMatch(/declined: nothing was written/);
    expect(declined.code).toBe(2);
    expect(world.proxy.writes()).toEqual([]);
    const accepted = await inProcess("y\n");
    expect(accepted.code).toBe(0);
    expect(world.proxy.writes().sort()).toEqual(["CreateRole", "PutRolePolicy", "PutUserPolicy"]);
  });
});

describe("crossrole apply: failures say what was and was not applied", () => {
  it("IAM AccessDenied on one call: exit 3, the report lists what was applied, what failed and why", async () => {
    await setup({
      targetAdminPolicy: policy(allow("*", "*"), {
        Effect: "Deny",
        Action: "iam:PutRolePolicy",
        Resource: "*",
      }),
    });
    await world.writeSpec(specWithTargets(1));
    const run = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /ourthing\s+FAILED\s+access denied: iam:PutRolePolicy on OurThingBuildRole\/crossrole-permissions in account 111111111111/,
    );
    expect(run.stdout).toMatch(/applied: CreateRole \/OurThingBuildRole/);
    expect(run.stdout).toMatch(/not applied: PutRolePolicy OurThingBuildRole\/crossrole-permissions/);
    expect(run.stdout).toMatch(
      /next: The admin credentials used in account 111111111111 need iam:PutRolePolicy/,
    );
    expect(run.stdout).toMatch(/BUILD\s+done/);
    expect(run.stdout).toMatch(/summary: 1 done, 1 failed; 3 IAM write call\(s\)/);
  });

  it("a missing BUILD principal: exit 6 (AWS, not auth), a clear error, nothing applied; --create-build-user creates it with a 0600 key file", async () => {
    await setup({}, false);
    await world.writeSpec(specWithTargets(1));
    const run = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/BUILD principal arn:aws:iam::222222222222:user\/ci does not exist/);
    expect(run.stdout).toMatch(
      /ourthing\s+not attempted\s+not attempted: its trust policy names the BUILD principal, which does not exist/,
    );
    expect(run.stdout).toMatch(/--create-build-user/);
    expect(run.iamWrites).toEqual([]);

    const keyFile = join(world.sandbox.dir, "ci-key.json");
    const created = await world.run([
      "apply",
      "--yes",
      "--create-build-user",
      "--key-out",
      keyFile,
      ...ADMIN_FLAGS,
    ]);
    expect(created.code).toBe(0);
    expect(created.iamWrites.sort()).toEqual([
      "CreateAccessKey",
      "CreateRole",
      "CreateUser",
      "PutRolePolicy",
      "PutUserPolicy",
    ]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = JSON.parse(await readFile(keyFile, "utf8")) as {
      AccessKeyId: string;
      SecretAccessKey: string;
    };
    expect(Object.keys(key)).toEqual(["AccessKeyId", "SecretAccessKey"]);
    expect(created.stdout + created.stderr).not.toContain(key.SecretAccessKey);
    await expect(
      assumeRoleAs(
        emulator,
        { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey },
        {
          RoleArn: ROLE_ARN,
          RoleSessionName: "build-1",
          ExternalId: EXTERNAL_ID,
        },
      ),
    ).resolves.toBeDefined();
  });

  it("--key-out - prints only the key JSON on stdout (not a terminal); the report goes to stderr", async () => {
    await setup({}, false);
    await world.writeSpec(specWithTargets(1));
    const run = await world.run(["apply", "--yes", "--create-build-user", "--key-out", "-", ...ADMIN_FLAGS]);
    expect(run.code).toBe(0);
    const key = JSON.parse(run.stdout) as { AccessKeyId: string; SecretAccessKey: string };
    expect(key.AccessKeyId).toMatch(/^AKIA/);
    expect(run.stderr).toMatch(/summary: 2 done/);
    expect(run.stderr).not.toContain(key.SecretAccessKey);
  });
});

describe("crossrole apply: many targets", () => {
  it("20 targets in parallel (bounded) vs 20 sequential applies: prints the ratio", async () => {
    await setup();
    // Sequential: 20 separate applies, one target each.
    await world.writeSpec(specWithTargets(20, {}, "seq"));
    const seqStarted = performance.now();
    for (let i = 1; i <= 20; i++) {
      const run = await world.run([
        "apply",
        "--yes",
        "--target",
        `t${String(i).padStart(2, "0")}`,
        ...ADMIN_FLAGS,
      ]);
      expect(run.code, run.stderr).toBe(0);
    }
    const sequentialMs = performance.now() - seqStarted;
    // Parallel: one apply of 20 other targets, 8 at a time.
    await world.writeSpec(specWithTargets(20, {}, "par"));
    const parallel = await world.run(["apply", "--yes", "--concurrency", "8", ...ADMIN_FLAGS]);
    expect(parallel.code).toBe(0);
    expect(parallel.iamWrites.filter((w) => w === "CreateRole")).toHaveLength(20);
    // CI (not a terminal): one line per target as it finishes.
    expect(parallel.stdout.match(/^t\d\d\s+done/gm)?.length).toBeGreaterThanOrEqual(20);
    expect(parallel.stdout).toMatch(/summary: 21 done; 41 IAM write call\(s\)/);
    // The same in one process, one target at a time: isolates parallelism from process start-up.
    await world.writeSpec(specWithTargets(20, {}, "one"));
    const oneAtATime = await world.run(["apply", "--yes", "--concurrency", "1", ...ADMIN_FLAGS]);
    expect(oneAtATime.code).toBe(0);
    const ratio = sequentialMs / parallel.ms;
    console.log(
      `crossrole apply, 20 targets: 20 sequential applies ${Math.round(sequentialMs)} ms, one parallel apply (concurrency 8) ${Math.round(parallel.ms)} ms: ${ratio.toFixed(1)}x faster; ` +
        `one apply with --concurrency 1 ${Math.round(oneAtATime.ms)} ms (${(oneAtATime.ms / parallel.ms).toFixed(1)}x the parallel time)`,
    );
    expect(ratio).toBeGreaterThan(2);
  }, 180_000);
});
