import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnmanagedProfileError } from "../outputs/ini/managed-profile.js";
import type { AwsProfileFiles } from "../outputs/write-aws-profile.js";
import { BuilderEnvironmentError, configureFromEnv, readBuilderEnv } from "./configure-from-env.js";
import { removeProfile } from "./write-profile.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLEKEY";
const ENV = {
  REGION: "eu-west-1",
  ROLE_ARN: "arn:aws:iam::111111111111:role/OurThingBuildRole",
  EXTERNAL_ID: "some_key_build",
  AWS_ACCESS_KEY_ID: "AKIAEXAMPLE000000001",
  AWS_SECRET_ACCESS_KEY: SECRET,
};

let dir: string;
let files: AwsProfileFiles;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-configure-"));
  files = { configFile: join(dir, ".aws", "config"), credentialsFile: join(dir, ".aws", "credentials") };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (path: string) => readFile(path, "utf8");
const MARK = "# managed by crossrole (configure --from-env); edits inside this section may be overwritten";

describe("configureFromEnv", () => {
  it("writes [builder] keys and [default] + [profile builder], external_id in both", async () => {
    const result = await configureFromEnv({ env: ENV, files });
    expect(result).toMatchObject({
      profile: "builder",
      region: "eu-west-1",
      externalId: "some_key_build",
      warnings: [],
    });
    expect(await read(files.credentialsFile)).toBe(
      `${MARK}\n[builder]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = ${SECRET}\n`,
    );
    const role = [
      "role_arn = arn:aws:iam::111111111111:role/OurThingBuildRole",
      "external_id = some_key_build",
      "source_profile = builder",
      "region = eu-west-1",
    ].join("\n");
    expect(await read(files.configFile)).toBe(
      `${MARK}\n[default]\n${role}\n\n${MARK}\n[profile builder]\n${role}\n`,
    );
    for (const f of [files.configFile, files.credentialsFile])
      expect((await stat(f)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, ".aws"))).mode & 0o777).toBe(0o700);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it("keeps everything else (unlike configure-aws.sh, which deleted ~/.aws) and is idempotent", async () => {
    await mkdir(join(dir, ".aws"));
    const config = "# image defaults\n[profile other]\nregion = us-east-1\n";
    const creds = "[other]\naws_access_key_id = X\n";
    await writeFile(files.configFile, config);
    await writeFile(files.credentialsFile, creds);
    await configureFromEnv({ env: ENV, files });
    const after = await read(files.configFile);
    expect(after.startsWith(`${config}\n${MARK}\n[default]\n`)).toBe(true);
    expect((await read(files.credentialsFile)).startsWith(`${creds}\n${MARK}\n[builder]\n`)).toBe(true);
    expect((await configureFromEnv({ env: ENV, files })).changed).toBe(false);
    // New values: rewritten in place.
    await configureFromEnv({ env: { ...ENV, EXTERNAL_ID: "rotated_id" }, files });
    expect(await read(files.configFile)).toBe(after.replaceAll("some_key_build", "rotated_id"));
    // And crossrole's sections can be removed again, leaving the originals.
    await removeProfile({ files, name: "builder" });
    await removeProfile({ files, name: "default" });
    expect(await read(files.configFile)).toBe(config);
    expect(await read(files.credentialsFile)).toBe(creds);
  });

  it("--profile renames the builder profile", async () => {
    await configureFromEnv({ env: ENV, files, profile: "ourthing" });
    expect(await read(files.configFile)).toContain("[profile ourthing]\n");
    expect(await read(files.configFile)).toContain("source_profile = ourthing\n");
    expect(await read(files.credentialsFile)).toContain("[ourthing]\n");
    await expect(configureFromEnv({ env: ENV, files, profile: "default" })).rejects.toThrow(
      /cannot be named "default"/,
    );
  });

  it("refuses an existing [default] it did not write (all conflicts at once), unless --force", async () => {
    await mkdir(join(dir, ".aws"));
    await writeFile(files.configFile, "[default]\nregion = us-east-1\n");
    await writeFile(files.credentialsFile, "[builder]\naws_access_key_id = OLD\n");
    const error = await configureFromEnv({ env: ENV, files }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmanagedProfileError);
    expect((error as UnmanagedProfileError).sections).toEqual([
      `[builder] in ${files.credentialsFile}`,
      `[default] in ${files.configFile}`,
    ]);
    expect(await read(files.credentialsFile)).toBe("[builder]\naws_access_key_id = OLD\n");
    await configureFromEnv({ env: ENV, files, force: true });
    expect(await read(files.configFile)).toMatch(
      /^# managed by crossrole .*\n\[default\]\nregion = eu-west-1\nrole_arn = /,
    );
  });

  it("without EXTERNAL_ID: writes no external_id and warns loudly", async () => {
    const { EXTERNAL_ID: _, ...env } = ENV;
    const result = await configureFromEnv({ env, files });
    expect(result.warnings.join()).toMatch(/EXTERNAL_ID is not set.*sts:ExternalId/);
    expect(await read(files.configFile)).not.toContain("external_id");
  });
});

describe("readBuilderEnv", () => {
  it("lists every missing variable in one error", () => {
    const error = catchError(() => readBuilderEnv({ EXTERNAL_ID: "x_y", AWS_ACCESS_KEY_ID: "" }));
    expect(error).toBeInstanceOf(BuilderEnvironmentError);
    expect((error as BuilderEnvironmentError).missing).toEqual([
      "REGION (or AWS_REGION)",
      "ROLE_ARN",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
    ]);
  });

  it("lists every invalid value in one error, never showing the secret", () => {
    const bad = {
      REGION: "Europe",
      ROLE_ARN: "arn:aws:iam::1:role/x",
      EXTERNAL_ID: "has space",
      AWS_ACCESS_KEY_ID: "short",
      AWS_SECRET_ACCESS_KEY: "se cret\n",
    };
    const error = catchError(() => readBuilderEnv(bad)) as BuilderEnvironmentError;
    expect(error.invalid).toHaveLength(4);
    expect(error.message).toContain('REGION="Europe"');
    expect(error.message).toContain("ROLE_ARN=");
    expect(error.message).toContain("EXTERNAL_ID");
    expect(error.message).toContain("AWS_ACCESS_KEY_ID");
    expect(error.message).toContain("AWS_SECRET_ACCESS_KEY");
    expect(error.message).not.toContain("se cret");
  });

  it("takes AWS_REGION when REGION is absent; REGION wins (with a warning) when both differ", () => {
    const { REGION: _, ...env } = ENV;
    expect(readBuilderEnv({ ...env, AWS_REGION: "us-east-2" }).region).toBe("us-east-2");
    const both = readBuilderEnv({ ...ENV, AWS_REGION: "us-east-2" });
    expect(both.region).toBe("eu-west-1");
    expect(both.regionConflict).toMatch(/differ/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
