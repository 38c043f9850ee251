import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../support/run-process.js";
import { initArgs } from "./run-cli.js";

/**
 * The published package as a user gets it: `npm pack`, then installed from the tarball with --omit=dev, --offline
 * and an empty npm cache, so an install that needs any other package fails. The bundles must carry everything
 * they import, and the declarations (dist/types) must compile without any other package.
 */
const repo = resolve(import.meta.dirname, "../..");
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
let root: string;
let tarball: string;

/** Runs npm with nothing of the caller's environment but PATH: its own empty cache and HOME, no registry. */
function npm(args: string[], cwd: string) {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: join(root, "home"),
    npm_config_cache: join(root, "cache"),
  };
  return runProcess("npm", [...args, "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    env,
  });
}

function run(command: string, args: string[], cwd: string) {
  return runProcess(command, args, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd } });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "crossrole-packed-"));
  mkdirSync(join(root, "home"));
  // `npm test` builds dist but not dist/types (prepack does both); packing here skips prepack's rebuild of dist,
  // which the other CLI test files are using.
  execFileSync(process.execPath, ["scripts/build-types.mjs"], { cwd: repo, stdio: "pipe" });
  const packed = await runProcess(
    "npm",
    ["pack", "--ignore-scripts", "--silent", "--pack-destination", root],
    {
      cwd: repo,
      env: { PATH: process.env.PATH ?? "", HOME: join(root, "home"), npm_config_cache: join(root, "cache") },
    },
  );
  expect(packed.code, packed.stderr).toBe(0);
  tarball = join(root, packed.stdout.trim());
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the packed package, installed with --omit=dev and no network", () => {
  it("installs globally as one package whose crossrole runs --version, init and plan", async () => {
    const prefix = join(root, "prefix");
    const install = await npm(["install", "--global", "--prefix", prefix, "--omit=dev", tarball], root);
    expect(install.code, install.stderr).toBe(0);
    expect(readdirSync(join(prefix, "lib/node_modules"))).toEqual(["crossrole"]);
    expect(existsSync(join(prefix, "lib/node_modules/crossrole/node_modules"))).toBe(false);

    const bin = join(prefix, "bin/crossrole");
    const work = join(root, "work");
    mkdirSync(work);
    const shown = await run(bin, ["--version"], work);
    expect(shown.stderr).toBe("");
    expect(shown.stdout.trim()).toBe(`crossrole ${version}`);
    const init = await run(bin, initArgs, work);
    expect(init.code, init.stderr).toBe(0);
    const plan = await run(bin, ["plan", "-c", "crossrole.yaml", "--format", "json"], work);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("arn:aws:iam::111111111111:role/OurThingBuildRole");
  }, 60_000);

  it("stays small: maps name crossrole's source lines without carrying the sources (NODE_OPTIONS=--enable-source-maps)", async () => {
    const prefix = join(root, "prefix");
    const pkg = join(prefix, "lib/node_modules/crossrole");
    expect(existsSync(pkg), "the global install of the first test").toBe(true);
    // 55 MB and 44 packages before the bundles carried the SDK; 14 MB with the sources inside every map.
    expect(sizeOf(pkg)).toBeLessThan(8 * 1024 * 1024);
    const chunks = join(pkg, "dist/chunks");
    const maps = readdirSync(chunks).filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(3);
    for (const name of maps) {
      expect(JSON.parse(readFileSync(join(chunks, name), "utf8")).sourcesContent, name).toBeUndefined();
    }
    // The bug report's own sentence, in whichever chunk holds it, maps back to the line that writes it.
    const sentence = "enable-source-maps for a readable";
    const file = readdirSync(chunks).find(
      (f) => f.endsWith(".js") && readFileSync(join(chunks, f), "utf8").includes(sentence),
    );
    expect(file).toBeDefined();
    const code = readFileSync(join(chunks, file as string), "utf8");
    const lines = code.slice(0, code.indexOf(sentence)).split("\n");
    const map = new SourceMap(JSON.parse(readFileSync(join(chunks, `${file}.map`), "utf8")));
    const entry = map.findEntry(lines.length - 1, (lines.at(-1) as string).length) as {
      originalSource?: string;
    };
    expect(entry.originalSource).toMatch(/src\/cli\/render-error\.ts$/);
  });

  it("is a library a strict TypeScript project compiles against (skipLibCheck off) and runs", async () => {
    const project = join(root, "consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ private: true, type: "module" }));
    const install = await npm(["install", "--omit=dev", tarball], project);
    expect(install.code, install.stderr).toBe(0);
    expect(readdirSync(join(project, "node_modules")).filter((n) => !n.startsWith("."))).toEqual([
      "crossrole",
    ]);

    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          outDir: "out",
          // The user's own @types/node (crossrole's declarations import no package).
          typeRoots: [join(repo, "node_modules/@types")],
          types: ["node"],
        },
        files: ["main.ts"],
      }),
    );
    writeFileSync(join(project, "main.ts"), consumerSource);
    const tsc = await run(
      process.execPath,
      [join(repo, "node_modules/typescript/bin/tsc"), "-p", "."],
      project,
    );
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);

    const ran = await run(process.execPath, ["out/main.js"], project);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({
      parsed: "arn:aws:iam::111111111111:role/OurThingBuildRole",
      rejected: [false, true],
      externalIdLength: 40,
      initialised: ["ourthing"],
      planned: ["arn:aws:iam::111111111111:role/OurThingBuildRole"],
    });
  }, 120_000);
});

/** Bytes of every file under dir (what a global install puts on disk, before block rounding). */
function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}

/** Uses the public API as a user would: pure functions, the schema, and two workflows on local files. */
const consumerSource = `import { randomBytes } from "node:crypto";
import {
  type AccessSpec,
  buildAccessPlan,
  CrossroleError,
  generateExternalId,
  initSpec,
  parseSpec,
  planAccess,
  specSchema,
} from "crossrole";

const text = [
  "version: 1",
  "region: eu-west-1",
  "build: { account: '222222222222', principal: user/ci-builder }",
  "targets:",
  "  ourthing: { account: '111111111111', role: OurThingBuildRole, externalId: some_key_build }",
  "",
].join("\\n");
const spec: AccessSpec = parseSpec(text, "inline.yaml");
const checked = specSchema.safeParse({ version: 2 });
const initialised = await initSpec(
  {
    file: "crossrole.yaml",
    force: false,
    region: "eu-west-1",
    buildAccount: "222222222222",
    buildPrincipal: "user/ci-builder",
    targets: [{ name: "ourthing", account: "111111111111" }],
    role: "OurThingBuildRole",
  },
  { randomBytes },
);
const { plan } = await planAccess({ file: "crossrole.yaml" });
let thrown: unknown;
try {
  parseSpec("version: 2\\n", "bad.yaml");
} catch (e) {
  thrown = e;
}
console.log(
  JSON.stringify({
    parsed: buildAccessPlan(spec, "inline.yaml").targets[0]?.roleArn,
    rejected: [checked.success, thrown instanceof CrossroleError],
    externalIdLength: generateExternalId(randomBytes).length,
    initialised: initialised.targets.map((t) => t.name),
    planned: plan.targets.map((t) => t.roleArn),
  }),
);
`;
