import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CrossroleError, UsageError } from "../core/errors.js";
import { UnmanagedProfileError } from "../outputs/ini/managed-profile.js";
import type { AwsProfileFiles } from "../outputs/write-aws-profile.js";
import { removeProfile, type WriteProfileOptions, writeProfile } from "./write-profile.js";

const SPEC = `version: 1
region: eu-west-1
build:
  account: "222222222222"
  principal: user/ci-builder
targets:
  ourthing:
    account: "111111111111"
    role: /ci/OurThingBuildRole
    externalId: some_key_build-0123456789abcdef
  noext:
    account: "333333333333"
    role: NoExt
    region: us-east-2
`;

const USER_CONFIG =
  "# my config\r\n[default]\r\nregion = eu-central-1\r\n\r\n; other\r\n[profile dev]\r\nrole_arn=arn:aws:iam::1:role/x";
const KEYS = {
  accessKeyId: "AKIAEXAMPLE000000001",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLEKEY",
};

let dir: string;
let files: AwsProfileFiles;
let spec: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-profile-"));
  files = { configFile: join(dir, ".aws", "config"), credentialsFile: join(dir, ".aws", "credentials") };
  spec = join(dir, "crossrole.yaml");
  await writeFile(spec, SPEC);
  await mkdir(join(dir, ".aws"), { mode: 0o700 });
  // The source profile base() names must exist.
  await writeFile(files.credentialsFile, "[build]\naws_access_key_id = A\n");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (path: string) => readFile(path, "utf8");
const base = (): WriteProfileOptions => ({
  files,
  role: { kind: "spec", file: spec, target: "ourthing" },
  source: { kind: "source-profile", profile: "build" },
});

describe("writeProfile", () => {
  it("writes the target's role, ExternalId and region under the target's name", async () => {
    const result = await writeProfile(base());
    expect(result).toMatchObject({
      profile: "ourthing",
      roleArn: "arn:aws:iam::111111111111:role/ci/OurThingBuildRole",
      externalId: "some_key_build-0123456789abcdef",
      region: "eu-west-1",
      changed: true,
      warnings: [],
    });
    expect(await read(files.configFile)).toBe(
      [
        "# managed by crossrole (target ourthing); edits inside this section may be overwritten",
        "[profile ourthing]",
        "role_arn = arn:aws:iam::111111111111:role/ci/OurThingBuildRole",
        "external_id = some_key_build-0123456789abcdef",
        "source_profile = build",
        "region = eu-west-1",
        "",
      ].join("\n"),
    );
    expect((await stat(files.configFile)).mode & 0o777).toBe(0o600);
  });

  it.each([
    [{ kind: "source-profile", profile: "build" }, "source_profile = build"],
    [{ kind: "credential-source", source: "Ec2InstanceMetadata" }, "credential_source = Ec2InstanceMetadata"],
    [{ kind: "credential-source", source: "EcsContainer" }, "credential_source = EcsContainer"],
    [{ kind: "credential-source", source: "Environment" }, "credential_source = Environment"],
  ] as const)("source %j → %s", async (source, line) => {
    await writeProfile({ ...base(), source });
    expect(await read(files.configFile)).toContain(`\n${line}\n`);
  });

  it("--name default writes [default]; session name and duration when given", async () => {
    await writeProfile({
      ...base(),
      name: "default",
      sessionName: "build-42",
      durationSeconds: 900,
      region: "us-west-2",
    });
    const text = await read(files.configFile);
    expect(text).toContain("\n[default]\n");
    expect(text).toContain("\nregion = us-west-2\nrole_session_name = build-42\nduration_seconds = 900\n");
  });

  it("keys from the environment go to the credentials file as [NAME-source], 0600", async () => {
    await rm(files.credentialsFile);
    const result = await writeProfile({ ...base(), source: { kind: "keys", keys: KEYS } });
    expect(result.sourceSection).toBe("ourthing-source");
    expect(await read(files.credentialsFile)).toBe(
      [
        "# managed by crossrole (source credentials of profile ourthing); edits inside this section may be overwritten",
        "[ourthing-source]",
        `aws_access_key_id = ${KEYS.accessKeyId}`,
        `aws_secret_access_key = ${KEYS.secretAccessKey}`,
        "",
      ].join("\n"),
    );
    expect(await read(files.configFile)).toContain("\nsource_profile = ourthing-source\n");
    expect((await stat(files.credentialsFile)).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(result)).not.toContain(KEYS.secretAccessKey);
  });

  it("never deletes a [NAME-source] a profile references: --source-from-env, then --source-profile NAME-source", async () => {
    await writeProfile({ ...base(), source: { kind: "keys", keys: KEYS } });
    const credentials = await read(files.credentialsFile);
    await writeProfile({ ...base(), source: { kind: "source-profile", profile: "ourthing-source" } });
    expect(await read(files.credentialsFile)).toBe(credentials);
    expect(await read(files.configFile)).toContain("\nsource_profile = ourthing-source\n");
    // Another profile still using it keeps it too, when ourthing switches away.
    await writeProfile({
      ...base(),
      name: "other",
      source: { kind: "source-profile", profile: "ourthing-source" },
    });
    await writeProfile({ ...base(), source: { kind: "credential-source", source: "Environment" } });
    expect(await read(files.credentialsFile)).toBe(credentials);
  });

  it("a --source-profile that exists in neither file is an input error naming both; --force writes with a warning", async () => {
    const error = await writeProfile({
      ...base(),
      source: { kind: "source-profile", profile: "nosuch" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(files.configFile);
    expect((error as Error).message).toContain(files.credentialsFile);
    await expect(stat(files.configFile)).rejects.toMatchObject({ code: "ENOENT" });
    const forced = await writeProfile({
      ...base(),
      source: { kind: "source-profile", profile: "nosuch" },
      force: true,
    });
    expect(forced.warnings.join()).toMatch(/"nosuch" does not exist/);
    // A profile defined in the config file only (any header form botocore accepts) is found too.
    await writeFile(files.configFile, '[profile "cfgonly"]\nregion = eu-west-1\n');
    await writeProfile({ ...base(), source: { kind: "source-profile", profile: "cfgonly" } });
  });

  it("switching away from copied keys deletes the [NAME-source] crossrole wrote", async () => {
    await writeFile(files.credentialsFile, "[mine]\naws_access_key_id = X\n");
    await writeProfile({ ...base(), source: { kind: "keys", keys: KEYS } });
    await writeProfile({ ...base(), source: { kind: "credential-source", source: "Environment" } });
    expect(await read(files.credentialsFile)).toBe("[mine]\naws_access_key_id = X\n");
    const config = await read(files.configFile);
    expect(config).toContain("credential_source = Environment");
    expect(config).not.toContain("source_profile");
  });

  it("updates in place: every line outside its section is kept byte for byte, and a second run changes nothing", async () => {
    await writeFile(files.configFile, USER_CONFIG);
    await writeProfile(base());
    const once = await read(files.configFile);
    expect(once.startsWith(`${USER_CONFIG}\r\n\r\n# managed by crossrole (target ourthing)`)).toBe(true);
    expect((await writeProfile(base())).changed).toBe(false);
    expect(await read(files.configFile)).toBe(once);
    await removeProfile({ files, name: "ourthing" });
    expect(await read(files.configFile)).toBe(USER_CONFIG);
  });

  it("refuses a section it did not write, without --force, changing nothing", async () => {
    await writeFile(files.configFile, USER_CONFIG);
    const error = await writeProfile({ ...base(), name: "dev" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnmanagedProfileError);
    expect((error as Error).message).toContain(`[profile dev] in ${files.configFile}`);
    expect(await read(files.configFile)).toBe(USER_CONFIG);
    await writeProfile({ ...base(), name: "dev", force: true });
    expect(await read(files.configFile)).toContain(
      "; other\r\n# managed by crossrole (target ourthing); edits inside this section may be overwritten\r\n[profile dev]\r\nrole_arn = arn:aws:iam::111111111111:role/ci/OurThingBuildRole\r\n",
    );
  });

  it("refuses an unmarked [NAME-source] in the credentials file before writing either file", async () => {
    await writeFile(files.credentialsFile, "[ourthing-source]\naws_access_key_id = MINE\n");
    await expect(writeProfile({ ...base(), source: { kind: "keys", keys: KEYS } })).rejects.toBeInstanceOf(
      UnmanagedProfileError,
    );
    await expect(stat(files.configFile)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("ad hoc role: name defaults to the role's name; no ExternalId gives a warning", async () => {
    const result = await writeProfile({
      files,
      role: { kind: "role", roleArn: "arn:aws:iam::111111111111:role/path/Deployer" },
      source: { kind: "source-profile", profile: "build" },
    });
    expect(result.profile).toBe("Deployer");
    expect(result.warnings.join()).toMatch(/no ExternalId/);
    expect(await read(files.configFile)).not.toContain("external_id");
  });

  it("a spec target without an ExternalId also warns", async () => {
    const result = await writeProfile({ ...base(), role: { kind: "spec", file: spec, target: "noext" } });
    expect(result.region).toBe("us-east-2");
    expect(result.warnings).toHaveLength(1);
  });

  it("unknown target: a usage error naming the near one", async () => {
    await expect(
      writeProfile({ ...base(), role: { kind: "spec", file: spec, target: "ourthin" } }),
    ).rejects.toThrow(/Did you mean "ourthing"/);
  });

  it.each([
    ["name", { name: "bad name" }],
    ["name", { name: "__proto__" }],
    ["region", { region: "eu west 1" }],
    ["session name", { sessionName: "a b" }],
    ["duration", { durationSeconds: 899 }],
    ["duration", { durationSeconds: 43_201 }],
    ["role arn", { role: { kind: "role", roleArn: "arn:aws:iam::111111111111:user/x" } }],
    [
      "external id",
      { role: { kind: "role", roleArn: "arn:aws:iam::111111111111:role/x", externalId: "a\nrole_arn=evil" } },
    ],
    ["source profile", { source: { kind: "source-profile", profile: "a]b" } }],
  ] as const)("refuses an invalid %s before touching any file", async (_what, patch) => {
    await expect(
      writeProfile({ ...base(), ...(patch as Partial<WriteProfileOptions>) }),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(stat(files.configFile)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses keys that would break the file, without showing them", async () => {
    const secret = "abc\n[default]\nrole_arn=evil";
    const error = await writeProfile({
      ...base(),
      source: { kind: "keys", keys: { ...KEYS, secretAccessKey: secret } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrossroleError);
    expect((error as Error).message).toContain("AWS_SECRET_ACCESS_KEY");
    expect((error as Error).message).not.toContain("evil");
  });
});

describe("removeProfile", () => {
  it("removes the profile and its source keys, and nothing else", async () => {
    await writeFile(files.configFile, USER_CONFIG);
    await writeFile(files.credentialsFile, "[build]\naws_access_key_id = A\n");
    await writeProfile({ ...base(), source: { kind: "keys", keys: KEYS } });
    const { removed } = await removeProfile({ files, name: "ourthing" });
    expect(removed).toEqual([
      `[profile ourthing] in ${files.configFile}`,
      `[ourthing-source] in ${files.credentialsFile}`,
    ]);
    expect(await read(files.configFile)).toBe(USER_CONFIG);
    expect(await read(files.credentialsFile)).toBe("[build]\naws_access_key_id = A\n");
  });

  it("keeps the source keys while another profile still names them as its source_profile", async () => {
    await writeProfile({ ...base(), source: { kind: "keys", keys: KEYS } });
    await writeFile(
      files.configFile,
      `${await read(files.configFile)}\n[profile reuse]\nsource_profile = ourthing-source\nrole_arn = arn:aws:iam::111111111111:role/Other\n`,
    );
    const { removed } = await removeProfile({ files, name: "ourthing" });
    expect(removed).toEqual([`[profile ourthing] in ${files.configFile}`]);
    expect(await read(files.credentialsFile)).toContain("[ourthing-source]");
  });

  it("refuses to remove a section it did not write", async () => {
    await writeFile(files.configFile, USER_CONFIG);
    await expect(removeProfile({ files, name: "dev" })).rejects.toBeInstanceOf(UnmanagedProfileError);
    expect(await read(files.configFile)).toBe(USER_CONFIG);
  });

  it("is a no-op when there is nothing to remove (no files at all)", async () => {
    expect(await removeProfile({ files, name: "ourthing" })).toEqual({ removed: [] });
  });
});
