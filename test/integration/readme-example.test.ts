import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { resolveAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createBucket, createRepository, createUserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld, snapshotCli } from "./access-fixture.js";

/**
 * The README's own `crossrole assume` example, under the README's own spec (issue 14, item 8), run as written with
 * the aws CLI: `eval "$(crossrole assume ourthing)"` and then the commands the comment suggests. Before, the comment
 * said `aws ecr describe-repositories`, which the least-privilege role crossrole generates for that spec denies
 * (no ecr:DescribeRepositories). The README now suggests what the role does allow.
 */

const emulator = useEmulator({ reset: "file" });
let world: AccessWorld;

/** The README's spec, the `ourthing` target (its fleet and OU targets need StackSets, not this example). */
const spec = {
  version: 1,
  region: "eu-west-1",
  build: { account: BUILD, principal: "user/ci-builder" },
  targets: {
    ourthing: {
      account: TARGET,
      role: "OurThingBuildRole",
      description: "Role for build server to do stuff with our stuff",
      externalId: "7QmXg2HkH0yOLttat1C2Zo0z3Xw1YLyzHzWAA2hB",
      maxSessionDuration: 3600,
      permissions: {
        ecr: { push: ["app"], pull: ["base-images"] },
        s3: { write: ["artifacts/builds/"], read: ["config/ci/"] },
        managedPolicyArns: [],
        statements: [],
      },
      tags: { team: "platform" },
    },
  },
};

beforeAll(async () => {
  const builder = await createUserWithKey(emulator, BUILD, "ci-builder");
  await createRepository(emulator, TARGET, "eu-west-1", "app");
  await createRepository(emulator, TARGET, "eu-west-1", "base-images");
  await createBucket(emulator, TARGET, "eu-west-1", "artifacts");
  world = await createAccessWorld(emulator);
  await world.addProfile("ci-builder", builder);
  await world.writeSpec(spec);
  const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
});
afterAll(async () => world.dispose());

/** `eval "$(crossrole assume ourthing)"; aws ARGS...` in sh, as the BUILD user (its profile is the default chain). */
async function afterAssume(
  awsArgs: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = await snapshotCli();
  const aws = (await resolveAwsCli()).map((a) => `'${a}'`).join(" ");
  const script = `set -e; eval "$('${process.execPath}' '${cli}' assume ourthing)"; ${aws} ${awsArgs}`;
  return runProcess("sh", ["-c", script], {
    cwd: world.sandbox.dir,
    env: { ...world.sandbox.env, AWS_PROFILE: "ci-builder" },
    input: "",
  });
}

describe("the README's assume example works under the README's spec (aws CLI, emulator)", () => {
  it("the README suggests exactly the commands proven here", async () => {
    const readme = await readFile(resolve(import.meta.dirname, "../../README.md"), "utf8");
    const line = readme.split("\n").find((l) => l.startsWith('eval "$(crossrole assume ourthing)"'));
    expect(line).toContain("aws s3 cp app.tgz s3://artifacts/builds/");
    expect(line).toContain("aws ecr get-login-password");
    expect(line).not.toContain("describe-repositories");
  });

  it("the suggested commands are allowed: aws ecr get-login-password, aws s3 cp to artifacts/builds/", async () => {
    const token = await afterAssume("ecr get-login-password");
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim().length).toBeGreaterThan(10);
    const upload = await afterAssume("s3 cp crossrole.yaml s3://artifacts/builds/app.tgz");
    expect(upload.code, upload.stderr).toBe(0);
  });

  it("aws ecr describe-repositories, the old suggestion, is denied by the generated least-privilege role", async () => {
    const listed = await afterAssume("ecr describe-repositories");
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toMatch(/AccessDenied|not authorized/);
  });
});
