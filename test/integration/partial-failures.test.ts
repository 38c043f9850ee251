// Issue 13, item 4: a command that fails part way rolls back what it did, or checks first and never starts.
// Every case is proven on the built CLI against the emulator, reading AWS state back with the SDK.
import { chmod, mkdir, mkdtemp, readFile, rm, rmdir, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetRoleCommand, GetUserCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { adminClients } from "../emulator/admin-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  createAccessWorld,
  iamAs,
  specWithTargets,
  UMASK_000,
  WITHOUT_PERMISSION_OVERRIDE,
} from "./access-fixture.js";
import { cliPath, createEcrWorld, type EcrWorld, runNode } from "./ecr-world.js";
import { runCliAs } from "./fleet-helpers.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const CREATE_USER = ["apply", "--yes", "--create-build-user", "--key-out"];

/** The BUILD user `ci` as IAM sees it: undefined when it does not exist, else its access key IDs. */
async function ciKeys(w: AccessWorld): Promise<string[] | undefined> {
  const iam = iamAs(emulator, w.buildAdmin);
  const exists = await iam.send(new GetUserCommand({ UserName: "ci" })).then(
    () => true,
    (error: Error) => {
      expect(error.name).toMatch(/^NoSuchEntity/);
      return false;
    },
  );
  if (!exists) return undefined;
  const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: "ci" }));
  return (AccessKeyMetadata ?? []).map((k) => k.AccessKeyId ?? "");
}

describe("apply --create-build-user --key-out: the key file is checked first, the key rolled back on failure", () => {
  beforeEach(async () => {
    world = await createAccessWorld(emulator);
    await world.writeSpec(specWithTargets(1));
  });

  it("a directory this user cannot write: exit 5 before any IAM write; no user, no key", async () => {
    const w = world as AccessWorld;
    const locked = join(w.sandbox.dir, "locked");
    await mkdir(locked, { mode: 0o500 });
    await chmod(locked, 0o500);
    const run = await w.run([...CREATE_USER, join(locked, "ci-key.json"), ...ADMIN_FLAGS], {
      prefix: WITHOUT_PERMISSION_OVERRIDE,
    });
    expect(run.iamWrites).toEqual([]);
    expect(await ciKeys(w)).toBeUndefined();
    expect(run.code, run.stdout + run.stderr).toBe(5);
    expect(run.stderr).toContain(`cannot create a file in ${locked} (permission denied)`);
    expect(run.stderr).toContain("No access key was created");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("a missing directory, or a dangling symlink at the path: refused before any IAM write", async () => {
    const w = world as AccessWorld;
    const missing = await w.run([...CREATE_USER, join(w.sandbox.dir, "nope", "k.json"), ...ADMIN_FLAGS]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/the directory .*nope does not exist/);
    expect(missing.iamWrites).toEqual([]);

    const link = join(w.sandbox.dir, "k.json");
    await symlink(join(w.sandbox.dir, "elsewhere.json"), link);
    const dangling = await w.run([...CREATE_USER, link, ...ADMIN_FLAGS]);
    expect(dangling.code, dangling.stdout + dangling.stderr).toBe(2);
    expect(dangling.stderr).toContain("a symbolic link is already there");
    expect(dangling.iamWrites).toEqual([]);
    expect(await ciKeys(w)).toBeUndefined();
  });

  it("the key file cannot be written after CreateAccessKey (a directory appeared there): key and user deleted; a re-run writes the file", async () => {
    const w = world as AccessWorld;
    const keyFile = join(w.sandbox.dir, "ci-key.json");
    // Between crossrole's check and its write, something takes the path.
    w.proxy.afterNext("CreateAccessKey", () => mkdir(keyFile));
    const failed = await w.run([...CREATE_USER, keyFile, ...ADMIN_FLAGS]);
    expect(await ciKeys(w)).toBeUndefined();
    expect(failed.code, failed.stdout + failed.stderr).toBe(5);
    expect(failed.stdout).toMatch(/BUILD\s+FAILED/);
    expect(failed.stdout).toContain(`${keyFile} is a directory`);
    expect(failed.stdout).toMatch(/deleted the new access key AKIA\w+ again: it was never handed over/);
    expect(failed.stdout).toMatch(/deleted IAM user arn:aws:iam::222222222222:user\/ci again/);
    expect(failed.iamWrites).toEqual(["CreateUser", "CreateAccessKey", "DeleteAccessKey", "DeleteUser"]);

    await rmdir(keyFile);
    const again = await w.run([...CREATE_USER, keyFile, ...ADMIN_FLAGS]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const key = JSON.parse(await readFile(keyFile, "utf8")) as { AccessKeyId: string };
    expect(await ciKeys(w)).toEqual([key.AccessKeyId]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });
});

describe("rotate external-id: the spec is checked before the trust changes; its mode is kept", () => {
  const ROLE = "OurThingBuildRole";
  let specPath: string;
  let ci: UserWithKey;

  const trust = async (w: AccessWorld) =>
    (await iamAs(emulator, w.targetAdmin).send(new GetRoleCommand({ RoleName: ROLE }))).Role
      ?.AssumeRolePolicyDocument;
  const rotate = (w: AccessWorld) =>
    w.run(["rotate", "external-id", "ourthing", "--yes", "--target-profile", "target-admin"], {
      env: { AWS_ACCESS_KEY_ID: ci.accessKeyId, AWS_SECRET_ACCESS_KEY: ci.secretAccessKey },
    });

  beforeEach(async () => {
    ci = await createUserWithKey(emulator, BUILD, "ci");
    world = await createAccessWorld(emulator);
    specPath = await world.writeSpec(specWithTargets(1));
    const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  });

  it("a symlinked spec: exit 5, the trust policy unchanged, the message says what to do", async () => {
    const w = world as AccessWorld;
    const real = join(w.sandbox.dir, "real-spec.yaml");
    await writeFile(real, await readFile(specPath));
    await rm(specPath);
    await symlink(real, specPath);
    const before = await trust(w);
    const text = await readFile(real, "utf8");

    const run = await rotate(w);
    expect(await trust(w)).toBe(before);
    expect(run.iamWrites).toEqual([]);
    expect(await readFile(real, "utf8")).toBe(text);
    expect(run.code, run.stdout + run.stderr).toBe(5);
    expect(run.stderr).toContain(`crossrole must rewrite the spec ${specPath}, but it is a symbolic link`);
    expect(run.stderr).toContain("nothing was changed (neither the role's trust nor the spec)");
    expect(run.stderr).toMatch(/next: Run crossrole with -c pointing at the real file/);
  });

  it("a read-only spec (0444): exit 5, the trust policy unchanged, chmod u+w suggested", async () => {
    const w = world as AccessWorld;
    await chmod(specPath, 0o444);
    const before = await trust(w);
    const text = await readFile(specPath, "utf8");

    const run = await rotate(w);
    expect(await trust(w)).toBe(before);
    expect(run.iamWrites).toEqual([]);
    expect(await readFile(specPath, "utf8")).toBe(text);
    expect(run.code, run.stdout + run.stderr).toBe(5);
    expect(run.stderr).toContain("it is read-only (mode 0444)");
    expect(run.stderr).toContain(`chmod u+w ${specPath}`);
    expect((await stat(specPath)).mode & 0o777).toBe(0o444);
  });

  it("a 0640 spec stays 0640 after the rotation rewrites it", async () => {
    const w = world as AccessWorld;
    await chmod(specPath, 0o640);
    const run = await rotate(w);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await readFile(specPath, "utf8")).toMatch(/"externalId": \[/);
    expect((await stat(specPath)).mode & 0o777).toBe(0o640);
  });
});

describe("rollout: the spec is checked before any StackSet changes", () => {
  it("a read-only spec that must take generated ExternalIds: exit 5, no role in any account, spec unchanged", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci");
    const dir = await mkdtemp(join(tmpdir(), "crossrole-rollout-ro-"));
    try {
      const spec = join(dir, "crossrole.yaml");
      const text = `version: 1\nregion: us-east-1\nbuild:\n  account: "${BUILD}"\n  principal: user/ci\ntargets:\n  fleet:\n    accounts: ["300000000000", "300000000001"]\n    role: R\n`;
      await writeFile(spec, text);
      await chmod(spec, 0o444);
      const run = await runCliAs(ci, dir, ["rollout", "--yes", "--endpoint-url", emulator.endpoint]);
      expect(await readFile(spec, "utf8")).toBe(text);
      const role = await adminClients(emulator, "300000000000")
        .iam.send(new GetRoleCommand({ RoleName: "R" }))
        .then(
          () => "exists",
          (error: Error) => error.name,
        );
      expect(role).toMatch(/^NoSuchEntity/);
      expect(run.code, run.stdout + run.stderr).toBe(5);
      expect(run.stderr).toContain("it is read-only (mode 0444); nothing was rolled out.");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("ecr login with a sidecar crossrole cannot write", () => {
  let ecr: EcrWorld;
  beforeEach(async () => {
    ecr = await createEcrWorld(emulator);
  });
  afterEach(async () => {
    await ecr.sandbox.cleanup();
  });

  const CONFIG = `{\n  "auths": { "registry.example.com": { "auth": "bWU6dGhlaXJz" } },\n  "psFormat": "table"\n}\n`;

  it.each([
    ["a symlink", (path: string) => symlink("/nonexistent/entries.json", path)],
    ["a directory", (path: string) => mkdir(path)],
  ])("sidecar is %s: exit 5, config.json byte for byte as it was", async (_what, make) => {
    const dir = ecr.sandbox.env.DOCKER_CONFIG as string;
    await mkdir(dir, { recursive: true });
    await writeFile(ecr.dockerConfig, CONFIG, { mode: 0o600 });
    await make(join(dir, ".crossrole-docker-entries.json"));
    const run = await runNode(cliPath, ["ecr", "login", "deploy"], ecr.env);
    expect(await readFile(ecr.dockerConfig, "utf8")).toBe(CONFIG);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain("cannot write crossrole's record of its docker entries");
    expect(run.stderr).toContain(`${ecr.dockerConfig} was left as it was`);
  });
});

describe("ecr login when the sidecar write fails after the checks", () => {
  let ecr: EcrWorld;
  beforeEach(async () => {
    ecr = await createEcrWorld(emulator);
  });
  afterEach(async () => {
    await ecr.sandbox.cleanup();
  });

  it("an immutable sidecar (chattr +i): config.json is restored byte for byte, exit 5", async (context) => {
    const dir = ecr.sandbox.env.DOCKER_CONFIG as string;
    await mkdir(dir, { recursive: true });
    const config = `{"auths":{"registry.example.com":{"auth":"bWU6dGhlaXJz"}}}`;
    await writeFile(ecr.dockerConfig, config, { mode: 0o600 });
    const sidecar = join(dir, ".crossrole-docker-entries.json");
    await writeFile(sidecar, `{"version":1,"entries":{}}\n`, { mode: 0o600 });
    // A regular file passes every check, but the kernel refuses to replace it: the failure comes mid-write.
    const chattr = await runProcess("chattr", ["+i", sidecar], {
      env: { PATH: process.env.PATH ?? "" },
    }).catch(() => undefined);
    if (chattr?.code !== 0)
      context.skip("chattr +i needs root (CAP_LINUX_IMMUTABLE) and ext2/3/4, xfs or btrfs");
    try {
      const run = await runNode(cliPath, ["ecr", "login", "deploy"], ecr.env);
      expect(await readFile(ecr.dockerConfig, "utf8")).toBe(config);
      expect(run.code, run.stderr).toBe(5);
      expect(run.stderr).toContain(`cannot write crossrole's record of its docker entries, ${sidecar}`);
      expect(run.stderr).toContain(`${ecr.dockerConfig} was left as it was`);
    } finally {
      await runProcess("chattr", ["-i", sidecar], {
        env: { PATH: process.env.PATH ?? "" },
        ignoreStdin: true,
      });
    }
  });
});

describe("verify --out under umask 000", () => {
  it("the evidence file is 0600 and the directories it creates are 0700", async () => {
    const ci = await createUserWithKey(emulator, BUILD, "ci");
    world = await createAccessWorld(emulator);
    await world.writeSpec(specWithTargets(1));
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    const run = await world.run(["verify", "--out", "evidence/run-1/verify.json", ...ADMIN_FLAGS], {
      env: { AWS_ACCESS_KEY_ID: ci.accessKeyId, AWS_SECRET_ACCESS_KEY: ci.secretAccessKey },
      prefix: UMASK_000,
    });
    expect([0, 4], run.stdout + run.stderr).toContain(run.code);
    const root = world.sandbox.dir;
    const evidence = JSON.parse(await readFile(join(root, "evidence/run-1/verify.json"), "utf8")) as {
      targets: Array<{ roleArn?: string }>;
    };
    expect(JSON.stringify(evidence)).toContain(`arn:aws:iam::${TARGET}:role/OurThingBuildRole`);
    expect((await stat(join(root, "evidence/run-1/verify.json"))).mode & 0o777).toBe(0o600);
    for (const d of ["evidence", "evidence/run-1"])
      expect((await stat(join(root, d))).mode & 0o777).toBe(0o700);
  });
});
