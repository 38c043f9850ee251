import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGET } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import {
  cliPath,
  createEcrWorld,
  type EcrWorld,
  HOST,
  helperPath,
  passwordFor,
  runNode,
  runProcess,
  skopeoRuns,
} from "./ecr-world.js";

const emulator = useEmulator();
let world: EcrWorld;
const PASSWORD = passwordFor(TARGET);
const NOT_FOUND = "credentials not found in native keychain\n";
const allStderr: string[] = [];

async function helper(args: string[], input = "", env: Record<string, string> = world.env) {
  const result = await runNode(helperPath, args, env, input);
  allStderr.push(result.stderr);
  return result;
}

beforeAll(async () => {
  world = await createEcrWorld(emulator);
});

afterAll(async () => {
  for (const text of allStderr) expect(text).not.toContain(PASSWORD);
  await world?.sandbox.cleanup();
});

describe("docker-credential-crossrole protocol", () => {
  it("get: a target's registry → exact JSON, exit 0", async () => {
    const result = await helper(["get"], `${HOST}\n`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify({ ServerURL: HOST, Username: "AWS", Secret: PASSWORD })}\n`);
  });

  it("get: https:// URL with a path is echoed as given", async () => {
    const url = `https://${HOST}/v2/`;
    const result = await helper(["get"], url);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ServerURL: url, Username: "AWS", Secret: PASSWORD });
  });

  it("get: the second call is served from the cache (no AssumeRole)", async () => {
    const before = (await emulator.sessions()).length;
    const result = await helper(["get"], HOST);
    expect(result.code).toBe(0);
    expect((await emulator.sessions()).length).toBe(before);
  });

  it("get: a cached token loads no ES module, node:crypto, fs/promises or stdin stream (CommonJS fast path)", async () => {
    // NODE_DEBUG=esm makes Node's ES-module loader log each module it translates, on Node 20, 22 and 24 alike; the
    // loader's own internal module is no signal (Node 24 loads it at start-up for every CommonJS program too).
    // A preload records the internal modules loaded after it, for the network, stream, promise-fs and crypto modules.
    const probe = join(world.sandbox.dir, "helper-probe.cjs");
    const out = join(world.sandbox.dir, "helper-modules.txt");
    await writeFile(
      probe,
      `const base = new Set(process.moduleLoadList);
process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.filter((m) => !base.has(m)).join("\\n")));`,
    );
    const env = { ...world.env, NODE_OPTIONS: `--require ${probe}`, NODE_DEBUG: "esm" };
    const esModules = (stderr: string) => stderr.match(/^ESM \d+: Translating \w+ \S+/gm) ?? [];
    expect((await helper(["get"], HOST)).code).toBe(0); // the token is cached (whatever ran before)
    const before = (await emulator.sessions()).length;
    const miss = await helper(["get"], "999999999999.dkr.ecr.eu-west-1.amazonaws.com", env);
    expect(miss.stdout).toBe(NOT_FOUND);
    expect(esModules(miss.stderr).join("\n")).toMatch(/Translating StandardModule file:\S+\/dist\//); // the probe can see it
    const hit = await helper(["get"], `${HOST}\n`, env);
    expect(hit.code, hit.stdout + hit.stderr).toBe(0);
    expect(hit.stdout).toBe(`${JSON.stringify({ ServerURL: HOST, Username: "AWS", Secret: PASSWORD })}\n`);
    expect(esModules(hit.stderr)).toEqual([]);
    const loaded = await readFile(out, "utf8");
    expect(loaded).not.toMatch(/NativeModule (net|stream|internal\/fs\/promises|crypto)$/m);
    expect((await emulator.sessions()).length).toBe(before);
  });

  it("get: the right access key ID with a wrong secret is never served the cached token", async () => {
    const before = (await emulator.sessions()).length;
    const secret = world.env.AWS_SECRET_ACCESS_KEY as string;
    const wrong = `${secret.slice(0, -4)}${secret.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const result = await helper(["get"], HOST, { ...world.env, AWS_SECRET_ACCESS_KEY: wrong });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain(PASSWORD);
    expect(result.stdout).toMatch(/^crossrole: .*signature/i);
    expect((await emulator.sessions()).length).toBe(before);
    expect((await helper(["get"], HOST)).stdout).toContain(PASSWORD); // the right secret still hits
    expect((await emulator.sessions()).length).toBe(before);
  });

  it.each([
    ["Docker Hub", "https://index.docker.io/v1/"],
    ["another account", "999999999999.dkr.ecr.eu-west-1.amazonaws.com"],
    ["ECR Public", "public.ecr.aws"],
  ])("get: %s → not found, exit 1", async (_what, url) => {
    const result = await helper(["get"], url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(NOT_FOUND);
  });

  it("get: empty input → exit 1", async () => {
    const result = await helper(["get"], "");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("no credentials server URL\n");
  });

  it("get: a denied role → one error line on stdout, exit 1, no secret", async () => {
    const host = `${TARGET}.dkr.ecr.us-west-2.amazonaws.com`;
    // noecr is in us-west-2: route that region's registry to it explicitly.
    const configured = await runNode(cliPath, ["ecr", "configure-helper", "noecr"], world.env);
    expect(configured.code, configured.stderr).toBe(0);
    const result = await helper(["get"], host);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^crossrole: access denied: ecr:GetAuthorizationToken.*\n$/);
    await runNode(cliPath, ["ecr", "logout", "noecr"], world.env);
  });

  it("store: succeeds without persisting", async () => {
    const input = JSON.stringify({ ServerURL: HOST, Username: "AWS", Secret: "x" });
    const result = await helper(["store"], input);
    expect(result).toMatchObject({ code: 0, stdout: "" });
  });

  it("erase: succeeds", async () => {
    const result = await helper(["erase"], HOST);
    expect(result).toMatchObject({ code: 0, stdout: "" });
  });

  it("list: {} when nothing is routed", async () => {
    const result = await helper(["list"]);
    expect(result).toMatchObject({ code: 0, stdout: "{}\n" });
  });

  it("version", async () => {
    const result = await helper(["version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^docker-credential-crossrole \(crossrole\) \S+\n$/);
  });

  it("unknown verb → usage, exit 1", async () => {
    const result = await helper(["frobnicate"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Usage: docker-credential-crossrole");
  });
});

describe.runIf(skopeoRuns("the skopeo test of docker-credential-helper.test.ts"))(
  "crossrole ecr configure-helper + a real OCI client",
  () => {
    it("routes the registry with credHelpers and skopeo logs in through the helper", async () => {
      await writeFile(world.dockerConfig, JSON.stringify({ auths: { "other.example": { auth: "eDp5" } } }));
      const configured = await runNode(cliPath, ["ecr", "configure-helper", "deploy"], world.env);
      allStderr.push(configured.stderr);
      expect(configured.code, configured.stderr).toBe(0);
      const config = JSON.parse(await readFile(world.dockerConfig, "utf8"));
      expect(config.credHelpers).toEqual({ [HOST]: "crossrole" });
      expect(config.auths).toEqual({ "other.example": { auth: "eDp5" } });

      const list = await helper(["list"]);
      expect(list.stdout).toBe(`${JSON.stringify({ [HOST]: "AWS" })}\n`);

      // skopeo runs docker-credential-crossrole from PATH: a wrapper that execs the built helper.
      const bin = join(world.sandbox.dir, "helper-bin");
      await mkdir(bin, { recursive: true });
      const wrapper = join(bin, "docker-credential-crossrole");
      await writeFile(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${helperPath}" "$@"\n`);
      await chmod(wrapper, 0o755);
      const env = { ...world.env, PATH: `${bin}:${world.env.PATH}` };
      const result = await runProcess(
        "skopeo",
        ["login", "--get-login", "--authfile", world.dockerConfig, HOST],
        env,
      );
      allStderr.push(result.stderr);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe("AWS");

      const logout = await runNode(cliPath, ["ecr", "logout"], world.env);
      expect(logout.code, logout.stderr).toBe(0);
      // As it was: crossrole created credHelpers, so no empty "credHelpers": {} is left behind.
      const after = JSON.parse(await readFile(world.dockerConfig, "utf8"));
      expect(after).toEqual({ auths: { "other.example": { auth: "eDp5" } } });
    });
  },
);
