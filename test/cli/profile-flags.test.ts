import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initSpec, makeTempDir, runCli } from "./run-cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
  // HOME is dir: one profile without any credential setting, none called "nosuch".
  await mkdir(join(dir, ".aws"));
  await writeFile(
    join(dir, ".aws", "config"),
    "[profile empty]\nregion = eu-west-1\n\n[profile noregion]\noutput = json\n",
  );
});
afterEach(() => cleanup());

const env = { AWS_EC2_METADATA_DISABLED: "true" };
const ROLE = "arn:aws:iam::111111111111:role/OurThingBuildRole";

describe("--profile means the one AWS side, or is refused where there are two", () => {
  it.each(["apply", "diff", "destroy", "rollout", "verify", "revoke", "rotate"])(
    "%s --profile P is an error naming --target-profile and --build-profile (exit 2)",
    async (command) => {
      const r = await runCli([command, "--profile", "admin"], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`crossrole ${command}: --profile is ambiguous here`);
      expect(r.stderr).toMatch(/--target-profile admin .*--build-profile admin/);
    },
  );

  it.each([
    [["apply", "--target-profile", "nosuch", "--dry-run"]],
    [["diff", "--build-profile", "nosuch"]],
    [["verify", "--source-profile", "nosuch"]],
    [["assume", "--role-arn", ROLE, "--region", "eu-west-1", "--profile", "nosuch"]],
    [["assume", "ourthing", "--source-profile", "nosuch"]],
    [["exec", "ourthing", "--profile", "nosuch", "--", "true"]],
    [["ecr", "login", "ourthing", "--profile", "nosuch"]],
  ])("%j: a profile that does not exist is reported as such (exit 2)", async (args) => {
    const r = await runCli(args, { cwd: dir, env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `profile nosuch not found in ${join(dir, ".aws", "config")} or ${join(dir, ".aws", "credentials")}.`,
    );
    expect(r.stderr).not.toMatch(/no AWS credentials found/);
  });

  it("a profile that exists but holds no credentials is an AWS auth problem naming it (exit 3)", async () => {
    const r = await runCli(["assume", "--role-arn", ROLE, "--region", "eu-west-1", "--profile", "empty"], {
      cwd: dir,
      env,
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("profile empty gave no AWS credentials for sts:AssumeRole.");
  });

  it("no credentials at all: the hint names no flag the command may not have", async () => {
    const r = await runCli(["apply", "--dry-run"], { cwd: dir, env });
    expect(r.stderr).toMatch(/no AWS credentials found/);
    expect(r.stderr).not.toMatch(/--source-profile/);
  });

  it("an ad hoc --role-arn without --region or AWS_REGION takes the source profile's region", async () => {
    const withRegion = await runCli(["assume", "--role-arn", ROLE, "--profile", "empty"], { cwd: dir, env });
    // Past the region (eu-west-1 from [profile empty]): it fails on the credentials, not on the region.
    expect(withRegion.stderr).toContain("profile empty gave no AWS credentials");
    const ecr = await runCli(["ecr", "login", "--role-arn", ROLE, "--profile", "empty"], { cwd: dir, env });
    expect(ecr.stderr).toContain("profile empty gave no AWS credentials");
    const without = await runCli(["assume", "--role-arn", ROLE, "--profile", "noregion"], { cwd: dir, env });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain("no AWS region is set");
    expect(without.stderr).toContain("give profile noregion a region");
  });
});

describe("configure --region", () => {
  it("is the REGION variable's flag: it wins over the environment in the profiles written", async () => {
    const r = await runCli(["configure", "--from-env", "--region", "us-west-2", "--profile", "b"], {
      cwd: dir,
      env: {
        REGION: "eu-west-1",
        ROLE_ARN: ROLE,
        EXTERNAL_ID: "some-external-id-0123456789",
        AWS_ACCESS_KEY_ID: "AKIAEXAMPLE000000000",
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00",
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const config = await readFile(join(dir, ".aws", "config"), "utf8");
    expect(config).toMatch(/\[profile b\][^[]*region = us-west-2/);
    expect(config).not.toMatch(/\[profile b\][^[]*region = eu-west-1/);
  });
});
