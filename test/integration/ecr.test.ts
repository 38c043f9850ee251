import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGET } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { expectDocument } from "../support/output-schemas.js";
import {
  cliPath,
  createEcrWorld,
  type EcrWorld,
  HOST,
  passwordFor,
  REGION,
  runNode,
  runProcess,
  skopeoRuns,
} from "./ecr-world.js";

const emulator = useEmulator();
let world: EcrWorld;
const PASSWORD = passwordFor(TARGET);
const allStderr: string[] = [];
const skopeo = skopeoRuns("the 2 skopeo tests of ecr.test.ts");

async function cli(args: string[], env: Record<string, string> = world.env, input = "") {
  const result = await runNode(cliPath, args, env, input);
  allStderr.push(result.stderr);
  return result;
}

async function readConfig(): Promise<Record<string, Record<string, unknown>>> {
  return JSON.parse(await readFile(world.dockerConfig, "utf8"));
}

const FOREIGN = {
  auths: { "registry.example.com": { auth: Buffer.from("me:theirs").toString("base64") } },
  psFormat: "table {{.ID}}",
  currentContext: "default",
};

beforeAll(async () => {
  world = await createEcrWorld(emulator);
});

afterAll(async () => {
  // No secret in any stderr of any run of this file.
  for (const text of allStderr) expect(text).not.toContain(PASSWORD);
  await world?.sandbox.cleanup();
});

describe("crossrole ecr login / configure-helper / logout --json", () => {
  it("each prints one document matching its schema (schema/output/ecr-*.schema.json), never the token", async () => {
    const login = await cli(["ecr", "login", "deploy", "--json"]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).not.toContain(PASSWORD);
    expect(expectDocument("ecr-login", login.stdout)).toMatchObject({
      command: "ecr login",
      via: "config",
      dockerConfig: world.dockerConfig,
      logins: [{ host: HOST, target: "deploy", username: "AWS" }],
    });
    const helper = await cli(["ecr", "configure-helper", "deploy", "--json"]);
    expect(helper.code, helper.stderr).toBe(0);
    expect(expectDocument("ecr-configure-helper", helper.stdout)).toMatchObject({ hosts: [HOST] });
    const logout = await cli(["ecr", "logout", "--json"]);
    expect(logout.code, logout.stderr).toBe(0);
    const removed = expectDocument("ecr-logout", logout.stdout).removed as string[];
    expect(removed.length).toBeGreaterThan(0);
    const refused = await cli(["ecr", "login", "deploy", "--json", "--print-password"]);
    expect(refused.code).toBe(2);
    expect(expectDocument("error", refused.stdout)).toMatchObject({ command: "ecr login", exitCode: 2 });
    expect(refused.stdout + refused.stderr).not.toContain(PASSWORD);
  });
});

describe("crossrole ecr login / logout", () => {
  it("merges a decodable AWS:<token> entry, keeps foreign entries, mode 0600", async () => {
    await writeFile(world.dockerConfig, JSON.stringify(FOREIGN, null, 2));
    const result = await cli(["ecr", "login", "deploy"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Logged in to ${HOST}`);
    expect(result.stdout).not.toContain(PASSWORD);
    const config = await readConfig();
    const auth = (config.auths?.[HOST] as { auth?: string } | undefined)?.auth ?? "";
    expect(Buffer.from(auth, "base64").toString()).toBe(`AWS:${PASSWORD}`);
    expect(config.auths?.["registry.example.com"]).toEqual(FOREIGN.auths["registry.example.com"]);
    expect(config.psFormat).toBe(FOREIGN.psFormat);
    expect(config.currentContext).toBe("default");
    expect((await stat(world.dockerConfig)).mode & 0o777).toBe(0o600);
  });

  it.runIf(skopeo)("a real OCI client (skopeo) reads the auths entry", async () => {
    const result = await runProcess(
      "skopeo",
      ["login", "--get-login", "--authfile", world.dockerConfig, HOST],
      world.env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("AWS");
  });

  it("a second login is served from the token cache", async () => {
    const before = (await emulator.sessions()).length;
    const result = await cli(["ecr", "login", "deploy"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("from the cache");
    expect((await emulator.sessions()).length).toBe(before);
  });

  it("--print-password prints the token and nothing else", async () => {
    const result = await cli(["ecr", "login", "deploy", "--print-password"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${PASSWORD}\n`);
  });

  it("--print-password refuses several registries", async () => {
    const result = await cli([
      "ecr",
      "login",
      "deploy",
      "--registry-id",
      "333333333333",
      "--registry-id",
      "444444444444",
      "--print-password",
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });

  it("logout removes only crossrole's entry", async () => {
    const result = await cli(["ecr", "logout"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Removed auths:${HOST}`);
    const config = await readConfig();
    expect(config.auths).toEqual(FOREIGN.auths);
    expect(config.psFormat).toBe(FOREIGN.psFormat);
  });

  it("logout keeps an entry someone changed after crossrole wrote it", async () => {
    expect((await cli(["ecr", "login", "deploy"])).code).toBe(0);
    const config = await readConfig();
    const theirs = { auth: Buffer.from("AWS:someone-else").toString("base64") };
    (config.auths as Record<string, unknown>)[HOST] = theirs;
    await writeFile(world.dockerConfig, JSON.stringify(config));
    const result = await cli(["ecr", "logout", "deploy"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("changed since crossrole wrote it");
    expect((await readConfig()).auths?.[HOST]).toEqual(theirs);
  });

  it("explains credsStore", async () => {
    await writeFile(world.dockerConfig, JSON.stringify({ credsStore: "desktop" }));
    const result = await cli(["ecr", "login", "deploy"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"credsStore": "desktop"');
    expect(result.stderr).toContain("crossrole ecr configure-helper");
    expect((await readConfig()).credsStore).toBe("desktop");
  });

  it("reports malformed JSON with its position and never overwrites it", async () => {
    const broken = '{\n  "auths": {\n    "x": { "auth": "abc" },\n  }\n}\n';
    await writeFile(world.dockerConfig, broken);
    const result = await cli(["ecr", "login", "deploy"]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/config\.json:4:\d+: not valid JSON/);
    expect(await readFile(world.dockerConfig, "utf8")).toBe(broken);
  });

  it("20 concurrent logins into one config.json lose no entry", async () => {
    await writeFile(world.dockerConfig, JSON.stringify(FOREIGN));
    const ids = Array.from({ length: 20 }, (_, i) => String(500000000000 + i));
    const results = await Promise.all(ids.map((id) => cli(["ecr", "login", "deploy", "--registry-id", id])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const config = await readConfig();
    for (const id of ids) {
      const entry = config.auths?.[`${id}.dkr.ecr.${REGION}.amazonaws.com`] as { auth: string } | undefined;
      expect(entry, id).toBeDefined();
      expect(Buffer.from(entry?.auth ?? "", "base64").toString()).toBe(`AWS:${passwordFor(id)}`);
    }
    expect(config.auths?.["registry.example.com"]).toEqual(FOREIGN.auths["registry.example.com"]);
    const logout = await cli(["ecr", "logout"]);
    expect(logout.code).toBe(0);
    expect((await readConfig()).auths).toEqual(FOREIGN.auths);
  });

  it("access denied on GetAuthorizationToken says what permission is missing", async () => {
    const result = await cli(["ecr", "login", "noecr"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("ecr:GetAuthorizationToken");
    expect(result.stderr).toContain('Resource "*"');
  });

  it("refuses a symlinked config.json", async () => {
    const dir = join(world.sandbox.dir, "linked-docker");
    await mkdir(dir, { recursive: true });
    const { symlink } = await import("node:fs/promises");
    await writeFile(join(dir, "real.json"), "{}");
    await symlink(join(dir, "real.json"), join(dir, "config.json"));
    const result = await cli(["ecr", "login", "deploy"], { ...world.env, DOCKER_CONFIG: dir });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("symbolic link");
    expect(await readFile(join(dir, "real.json"), "utf8")).toBe("{}");
  });
});

describe("crossrole ecr login --docker", () => {
  let bin: string;
  let record: string;

  beforeAll(async () => {
    bin = join(world.sandbox.dir, "fake-bin");
    record = join(world.sandbox.dir, "docker-record");
    await mkdir(bin, { recursive: true });
    await mkdir(record, { recursive: true });
    const script = `#!/bin/sh
printf '%s\\n' "$0" "$@" > "${record}/argv"
cat > "${record}/stdin"
if [ -n "$FAKE_DOCKER_FAIL" ]; then echo "Error response from daemon: login denied" >&2; exit 1; fi
echo "Login Succeeded"
`;
    await writeFile(join(bin, "docker"), script);
    await chmod(join(bin, "docker"), 0o755);
  });

  it("passes the password on stdin, never in argv", async () => {
    const env = { ...world.env, PATH: `${bin}:${world.env.PATH}` };
    const result = await cli(["ecr", "login", "deploy", "--docker"], env);
    expect(result.code, result.stderr).toBe(0);
    const argv = await readFile(join(record, "argv"), "utf8");
    expect(argv.split("\n").slice(1, -1)).toEqual(["login", "--username", "AWS", "--password-stdin", HOST]);
    expect(argv).not.toContain(PASSWORD);
    expect(await readFile(join(record, "stdin"), "utf8")).toBe(`${PASSWORD}\n`);
  });

  it("reports docker's failure without the password", async () => {
    const env = { ...world.env, PATH: `${bin}:${world.env.PATH}`, FAKE_DOCKER_FAIL: "1" };
    const result = await cli(["ecr", "login", "deploy", "--docker"], env);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("login denied");
  });

  it("says clearly when docker is missing", async () => {
    const env = { ...world.env, PATH: join(world.sandbox.dir, "empty-bin") };
    const result = await cli(["ecr", "login", "deploy", "--docker"], env);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('the "docker" command was not found');
  });
});

describe("docker config.json is restored as it was (issue 14, item 7)", () => {
  const mine = { auth: Buffer.from("me:mine").toString("base64") };
  const fresh = async (text: string) => {
    await rm(join(dirname(world.dockerConfig), ".crossrole-docker-entries.json"), { force: true });
    await writeFile(world.dockerConfig, text);
  };

  /** Replaces a user's own entry by login, then logs out; returns the config file's text afterwards. */
  const loginThenLogout = async () => {
    await fresh(
      `{"auths": {"${HOST}": ${JSON.stringify(mine)}}, "x-big": 12345678901234567890, "10": "ten", "2": "two"}`,
    );
    expect((await cli(["ecr", "login", "deploy"])).code).toBe(0);
    const during = await readFile(world.dockerConfig, "utf8");
    expect(during).toContain('"x-big": 12345678901234567890');
    expect(during.indexOf('"10"')).toBeLessThan(during.indexOf('"2"'));
    const logout = await cli(["ecr", "logout"]);
    expect(logout.code, logout.stderr).toBe(0);
    return readFile(world.dockerConfig, "utf8");
  };

  it("login then logout puts back the replaced auths entry; unknown values and key order kept exactly", async () => {
    expect(await loginThenLogout()).toBe(
      `{\n\t"auths": {\n\t\t"${HOST}": {\n\t\t\t"auth": "${mine.auth}"\n\t\t}\n\t},\n\t"x-big": 12345678901234567890,\n\t"10": "ten",\n\t"2": "two"\n}\n`,
    );
  });

  it.runIf(skopeo)("skopeo reads the entry logout put back", async () => {
    await loginThenLogout();
    const result = await runProcess(
      "skopeo",
      ["login", "--get-login", "--authfile", world.dockerConfig, HOST],
      world.env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("me");
  });

  it("configure-helper then logout puts back the user's credHelpers route (ecr-login)", async () => {
    await fresh(JSON.stringify({ credHelpers: { [HOST]: "ecr-login" } }));
    const configured = await cli(["ecr", "configure-helper", "deploy"]);
    expect(configured.code, configured.stderr).toBe(0);
    expect((await readConfig()).credHelpers).toEqual({ [HOST]: "crossrole" });
    const logout = await cli(["ecr", "logout"]);
    expect(logout.code, logout.stderr).toBe(0);
    expect(await readConfig()).toEqual({ credHelpers: { [HOST]: "ecr-login" } });
  });

  it("leaves no empty auths / credHelpers where there was none", async () => {
    await fresh(JSON.stringify({ psFormat: "table" }));
    expect((await cli(["ecr", "login", "deploy"])).code).toBe(0);
    expect((await cli(["ecr", "configure-helper", "deploy"])).code).toBe(0);
    expect((await cli(["ecr", "logout"])).code).toBe(0);
    expect(await readConfig()).toEqual({ psFormat: "table" });
  });
});
