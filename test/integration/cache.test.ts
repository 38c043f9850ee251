import { chmod, chown, readdir, readFile, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { type AssumeWorld, createAssumeWorld, expectNoSecrets, runCrossrole } from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });

let world: AssumeWorld;
beforeEach(async () => {
  world = await createAssumeWorld(emulator);
});
afterEach(async () => {
  await world.sandbox.cleanup();
});

function assume(args: string[], env: Record<string, string> = world.env) {
  return runCrossrole(["assume", "deploy", "--format", "json", ...args], { env, cwd: world.sandbox.dir });
}

const cacheDir = () => world.env.CROSSROLE_CACHE_DIR as string;

async function entryFiles(): Promise<string[]> {
  return (await readdir(cacheDir())).filter((f) => f.endsWith(".json") && !f.startsWith("target-"));
}

describe("credential cache (emulator)", () => {
  it("50 concurrent cold processes make exactly ONE AssumeRole and print the same credentials", async () => {
    const runs = await Promise.all(Array.from({ length: 50 }, () => assume([])));
    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    expect(await emulator.sessions()).toHaveLength(1);
    const keys = new Set(runs.map((r) => (JSON.parse(r.stdout) as { AccessKeyId: string }).AccessKeyId));
    expect(keys.size).toBe(1);
  }, 180_000);

  it("a hit makes no AssumeRole; entries are 0600 in a 0700 dir", async () => {
    const first = await assume([]);
    expect(first.code).toBe(0);
    const second = await assume([]);
    expect(second.stdout).toBe(first.stdout);
    expect(await emulator.sessions()).toHaveLength(1);
    expect((await stat(cacheDir())).mode & 0o777).toBe(0o700);
    for (const f of await readdir(cacheDir()))
      expect((await stat(join(cacheDir(), f))).mode & 0o777).toBe(0o600);
  });

  it("a hit, and a cold run of a known target, never load an ES module (CommonJS fast path)", async () => {
    // NODE_DEBUG=esm makes Node's ES-module loader log each module it translates, on Node 20, 22 and 24 alike
    // ("ESM <pid>: Translating StandardModule file:///…"). The loader's own internal module is no signal: Node 24
    // loads it at start-up for every CommonJS program too.
    // A preload records the internal modules loaded after it, for the network, promise-fs and crypto modules.
    const probe = join(world.sandbox.dir, "probe.cjs");
    const out = join(world.sandbox.dir, "modules.txt");
    await writeFile(
      probe,
      `const base = new Set(process.moduleLoadList);
process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.filter((m) => !base.has(m)).join("\\n")));`,
    );
    const env = { ...world.env, NODE_OPTIONS: `--require ${probe}`, NODE_DEBUG: "esm" };
    const esModules = (stderr: string) => stderr.match(/^ESM \d+: Translating \w+ \S+/gm) ?? [];
    const help = await runCrossrole(["assume", "--help"], { env, cwd: world.sandbox.dir });
    expect(help.code, help.stderr).toBe(0);
    expect(esModules(help.stderr).join("\n")).toMatch(/Translating StandardModule file:\S+\/dist\/cli\.js$/m); // the probe can see it
    const miss = await assume([], env);
    expect(miss.code, miss.stderr).toBe(0);
    expect(esModules(miss.stderr)).toEqual([]);
    const hit = await assume([], env);
    expect(hit.code, hit.stderr).toBe(0);
    expect(hit.stdout).toBe(miss.stdout);
    expect(esModules(hit.stderr)).toEqual([]);
    expect(await readFile(out, "utf8")).not.toMatch(/NativeModule (net|internal\/fs\/promises|crypto)$/m); // crypto: the secret digest is plain JS
    expect(await emulator.sessions()).toHaveLength(1);
    // A cold AssumeRole of a target known without parsing the spec takes the CommonJS path too.
    const cold = await assume(["--no-cache"], env);
    expect(cold.code, cold.stderr).toBe(0);
    expect(await emulator.sessions()).toHaveLength(2);
    expect(esModules(cold.stderr)).toEqual([]);
  });

  it("a cold assume with an EMPTY cache directory (a fresh CI runner) loads neither the ES-module CLI nor yaml or zod", async () => {
    // The probe records every CommonJS module compiled (require) and, through a module.register() resolve hook,
    // every ES module imported: the ES-module CLI and its chunks (where yaml and zod live) would be listed. The
    // build refuses yaml and zod in the fast path's own bundle; the STS script runs through vm.Script.
    const cjs = join(world.sandbox.dir, "compiled.txt");
    const esm = join(world.sandbox.dir, "imported.txt");
    const hooks = join(world.sandbox.dir, "hooks.mjs");
    const probe = join(world.sandbox.dir, "probe.mjs");
    await writeFile(
      hooks,
      `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(esm)}, resolved.url + "\\n");
  return resolved;
}`,
    );
    await writeFile(
      probe,
      `import Module, { register } from "node:module";
import { appendFileSync } from "node:fs";
register(${JSON.stringify(pathToFileURL(hooks).href)});
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  appendFileSync(${JSON.stringify(cjs)}, filename + "\\n");
  return compile.call(this, content, filename);
};`,
    );
    const fresh = async (name: string, spec: string) => {
      await writeFile(cjs, "");
      await writeFile(esm, "");
      await writeFile(join(world.sandbox.dir, `${name}.yaml`), spec);
      const run = await runCrossrole(["assume", "deploy", "--format", "json", "-c", `${name}.yaml`], {
        env: {
          ...world.env,
          CROSSROLE_CACHE_DIR: join(world.sandbox.dir, name),
          NODE_OPTIONS: `--import ${pathToFileURL(probe).href}`,
        },
        cwd: world.sandbox.dir,
      });
      const list = async (file: string) =>
        (await readFile(file, "utf8"))
          .split("\n")
          .filter((l) => l !== "")
          .map((f) => f.replace(/^.*\/dist\//, "dist/"));
      return { run, compiled: await list(cjs), imported: await list(esm) };
    };
    // The probe can fail: a spec with an anchor is beyond the light reader, so the full CLI parses it.
    const spec = await readFile(world.specPath, "utf8");
    expect(spec).toMatch(/^region: /m);
    const flow = await fresh("anchor", spec.replace(/^region: (.*)$/m, "region: &r $1"));
    expect(flow.run.code, flow.run.stderr).toBe(0);
    expect(flow.imported).toContain("dist/cli.js");
    expect(flow.imported.length).toBeGreaterThan(3); // the command's chunks, the spec parser's among them
    expect(await emulator.sessions()).toHaveLength(1);

    const plain = await fresh("empty", spec);
    expect(plain.run.code, plain.run.stderr).toBe(0);
    expect(plain.run.stderr).toBe("");
    expect(JSON.parse(plain.run.stdout)).toMatchObject({ AccessKeyId: expect.any(String) });
    expect(plain.imported).toEqual(["dist/crossrole.cjs"]); // the main script: the --import probe resolves it
    // The fast path chunk runs through vm.Script with its code cache (the launcher's loadCachedScript), not require.
    expect(plain.compiled).toEqual(["dist/crossrole.cjs"]);
    expect(await emulator.sessions()).toHaveLength(2); // a real AssumeRole, not an answer from some cache
    // Without the --import probe, Node's ES-module machinery is never set up either (the bundles' dynamic imports
    // of builtins are requires: one `import("node:fs/promises")` on the first cache write used to load it).
    const internal = join(world.sandbox.dir, "internal.txt");
    const requireProbe = join(world.sandbox.dir, "probe.cjs");
    await writeFile(
      requireProbe,
      `const base = new Set(process.moduleLoadList);
process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(internal)}, process.moduleLoadList.filter((m) => !base.has(m)).join("\\n")));`,
    );
    const bare = await runCrossrole(["assume", "deploy", "--format", "json"], {
      env: {
        ...world.env,
        CROSSROLE_CACHE_DIR: join(world.sandbox.dir, "bare"),
        NODE_OPTIONS: `--require ${requireProbe}`,
      },
      cwd: world.sandbox.dir,
    });
    expect(bare.code, bare.stderr).toBe(0);
    expect(await emulator.sessions()).toHaveLength(3);
    expect(await readFile(internal, "utf8")).not.toMatch(
      /internal\/modules\/esm\/(loader|module_job|translators)$/m,
    );
  });

  it("a cache directory others can write, or another user owns, is never read; the next write tightens it", async () => {
    const first = await assume([]);
    expect(first.code, first.stderr).toBe(0);
    await chmod(cacheDir(), 0o777);
    const loose = await assume([]);
    expect(loose.code, loose.stderr).toBe(0);
    expect(loose.stdout).not.toBe(first.stdout); // a new session: the entry was not served
    expect(await emulator.sessions()).toHaveLength(2);
    expect((await stat(cacheDir())).mode & 0o777).toBe(0o700);
    expect((await assume([])).stdout).toBe(loose.stdout); // private again: hits
    expect(await emulator.sessions()).toHaveLength(2);
    if (process.getuid?.() !== 0) return; // chown needs root
    await chown(cacheDir(), 65534, 65534);
    const foreign = await assume([]);
    expect(foreign.code).toBe(0);
    expect(foreign.stderr).toMatch(/belongs to another user/);
    expect(foreign.stdout).not.toBe(loose.stdout);
    expect(await emulator.sessions()).toHaveLength(3);
  });

  it("a truncated or corrupt entry is a miss that recovers", async () => {
    await assume([]);
    const [entry] = await entryFiles();
    if (entry === undefined) throw new Error("no cache entry");
    await truncate(join(cacheDir(), entry), 17);
    const afterTruncate = await assume([]);
    expect(afterTruncate.code).toBe(0);
    expect(afterTruncate.stderr).toBe("");
    expect(await emulator.sessions()).toHaveLength(2);
    await writeFile(join(cacheDir(), entry), "\u0000garbage", { mode: 0o600 });
    expect((await assume([])).code).toBe(0);
    expect(await emulator.sessions()).toHaveLength(3);
    // recovered: the next run hits again
    await assume([]);
    expect(await emulator.sessions()).toHaveLength(3);
  });

  it("--no-cache always assumes and writes nothing", async () => {
    await assume(["--no-cache"]);
    await assume(["--no-cache"]);
    expect(await emulator.sessions()).toHaveLength(2);
    expect(await readdir(cacheDir())).toEqual([]);
  });

  it("--min-ttl: an entry that expires too soon is refreshed", async () => {
    await assume(["--duration", "900"]);
    await assume(["--duration", "900", "--min-ttl", "600"]);
    expect(await emulator.sessions()).toHaveLength(1);
    await new Promise((done) => setTimeout(done, 1500)); // now less than 899 s remain
    await assume(["--duration", "900", "--min-ttl", "899"]);
    expect(await emulator.sessions()).toHaveLength(2);
  });

  it("another caller, another session name or a changed spec never hits someone else's entry", async () => {
    await assume([]);
    await emulator.setAuthEnforcement(false);
    const colleague = await createUserWithKey(emulator, BUILD, "ci2", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
    });
    await emulator.setAuthEnforcement(true);
    const env = {
      ...world.env,
      AWS_ACCESS_KEY_ID: colleague.accessKeyId,
      AWS_SECRET_ACCESS_KEY: colleague.secretAccessKey,
    };
    const other = await assume([], env);
    expect(other.code).toBe(3); // not trusted: proves the cache did not answer for it
    expect(await emulator.sessions()).toHaveLength(1);

    await assume(["--session-name", "another"]);
    expect(await emulator.sessions()).toHaveLength(2);

    const spec = await readFile(world.specPath, "utf8");
    await writeFile(world.specPath, spec.replace("maxSessionDuration: 7200", "maxSessionDuration: 3600"));
    const afterEdit = await assume(["--duration", "7200"]);
    expect(afterEdit.code).toBe(2); // the edited spec was re-read, not the cached resolution
    expect(afterEdit.stderr).toMatch(/MaxSessionDuration \(3600/);
  });

  it("a hit needs the caller's secret too: the right access key ID with a wrong secret goes to STS and fails", async () => {
    const first = await assume([]);
    expect(first.code, first.stderr).toBe(0);
    const secret = world.env.AWS_SECRET_ACCESS_KEY as string;
    const wrong = `${secret.slice(0, -4)}${secret.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const impostor = await assume([], { ...world.env, AWS_SECRET_ACCESS_KEY: wrong });
    expect(impostor.code).toBe(3);
    expect(impostor.stderr).toMatch(/signature/i);
    expect(impostor.stdout).toBe("");
    expectNoSecrets(impostor, [secret, wrong]);
    const again = await assume([]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout); // the right secret still hits
    expect(await emulator.sessions()).toHaveLength(1);
  });

  it("cache entries never leak into output of an error path", async () => {
    const ok = await assume([]);
    const { SecretAccessKey, SessionToken } = JSON.parse(ok.stdout) as Record<string, string>;
    const bad = await runCrossrole(["assume", "deploy", "--duration", "60"], {
      env: world.env,
      cwd: world.sandbox.dir,
    });
    expect(bad.code).toBe(2);
    expectNoSecrets(bad, [SecretAccessKey ?? "", SessionToken ?? "", world.user.secretAccessKey]);
  });
});
