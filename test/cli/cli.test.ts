import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliResult, initArgs, makeTempDir, runCli } from "./run-cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

/** No user mistake may ever show a stack trace. */
function expectNoStack(result: CliResult): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain("unexpected error");
}

describe("help and version", () => {
  it.each([
    ["--help"],
    ["-h"],
    ["help"],
    ["init", "--help"],
    ["plan", "--help"],
    ["lint", "--help"],
    ["help", "plan"],
  ])("crossrole %s prints usage and exits 0", async (...args) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: crossrole/);
    expect(r.stderr).toBe("");
  });

  it("lists every command in the top-level help", async () => {
    const r = await runCli(["--help"], { cwd: dir });
    for (const name of ["init", "plan", "lint"]) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(r.stdout).toMatch(/Exit codes: 0 ok/);
  });

  it("prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-v", "-V", "version"]) {
      const r = await runCli([flag], { cwd: dir });
      expect(r.stdout, flag).toBe(`crossrole ${pkg.version}\n`);
      expect(r.code, flag).toBe(0);
    }
  });

  it("names the homepage and the bug tracker only when package.json has them", async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
      homepage?: string;
      bugs?: string | { url?: string };
    };
    const help = (await runCli(["--help"], { cwd: dir })).stdout;
    const bugs = typeof pkg.bugs === "string" ? pkg.bugs : pkg.bugs?.url;
    if (pkg.homepage === undefined) expect(help).toContain("Docs: README.md.");
    else expect(help).toContain(`Docs: ${pkg.homepage}.`);
    if (bugs === undefined) expect(help).not.toContain("Issues:");
    else expect(help).toContain(`Issues: ${bugs}`);
  });

  it("with no command, prints usage and exits 0 (as --help)", async () => {
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await runCli(["--help"], { cwd: dir })).stdout);
    expect(r.stderr).toBe("");
  });

  it("rejects an unknown command with a suggestion, exit 2", async () => {
    const r = await runCli(["plna"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "plna"');
    expect(r.stderr).toContain('Did you mean "plan"');
  });

  it("rejects an unknown flag naming the command, exit 2", async () => {
    const r = await runCli(["plan", "--frmat", "json"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("crossrole plan:");
    expect(r.stderr).toContain("--frmat");
    expect(r.stderr).toContain('Did you mean "--format"?');
    expectNoStack(r);
  });

  it.each([
    [["apply", "--dry-rnu"], "--dry-run"],
    [["assume", "deploy", "--no-cach"], "--no-cache"],
    [["ecr", "login", "--registy-id", "1"], "--registry-id"],
    [["ecr", "logni"], "login"],
    [["--verison"], "--version"],
  ])("an unknown flag %j gets a did-you-mean %s, exit 2", async (args, near) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Did you mean "${near}"?`);
    expectNoStack(r);
  });
});

describe("init", () => {
  it("writes a spec with a generated ExternalId that plan and lint accept", async () => {
    const r = await runCli(initArgs, { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, "crossrole.yaml"), "utf8");
    const id = /externalId: "?([\w+=,.@:/-]+)"?/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(id?.length).toBeGreaterThanOrEqual(32);
    expect(id).not.toContain("some_key");

    const lint = await runCli(["lint"], { cwd: dir });
    expect(lint.code).toBe(0);
    expect(lint.stdout).not.toMatch(/\berror\b.*external/i);
  });

  it("generates a different ExternalId per target and per run", async () => {
    const args = [...initArgs, "--target", "other=333333333333"];
    await runCli(args, { cwd: dir });
    const first = readFileSync(join(dir, "crossrole.yaml"), "utf8");
    await runCli([...args, "--force"], { cwd: dir });
    const second = readFileSync(join(dir, "crossrole.yaml"), "utf8");
    const ids = [...`${first}\n${second}`.matchAll(/externalId: "?([\w+=,.@:/-]+)"?/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it("refuses to overwrite without --force (exit 2) and leaves the file as it was", async () => {
    writeFileSync(join(dir, "crossrole.yaml"), "# mine\n");
    const r = await runCli(initArgs, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--force");
    expect(readFileSync(join(dir, "crossrole.yaml"), "utf8")).toBe("# mine\n");
  });

  it("names every missing flag at once", async () => {
    const r = await runCli(["init"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--build-account");
    expect(r.stderr).toContain("--build-principal");
    expect(r.stderr).toContain("--target");
    expect(r.stderr).toContain("--region");
  });

  it("rejects a bad account ID and writes nothing", async () => {
    const args = initArgs.map((a) => (a === "ourthing=111111111111" ? "ourthing=1111" : a));
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("12 digits");
    expectNoStack(r);
    expect(existsSync(join(dir, "crossrole.yaml"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("plan", () => {
  beforeEach(async () => {
    await runCli(initArgs, { cwd: dir });
  });

  it("text: shows the trust policy with the BUILD principal and ExternalId, and the BUILD grant", async () => {
    const r = await runCli(["plan"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("arn:aws:iam::111111111111:role/OurThingBuildRole");
    expect(r.stdout).toContain("arn:aws:iam::222222222222:user/ci-builder");
    expect(r.stdout).toContain("sts:ExternalId");
    expect(r.stdout).toContain("sts:AssumeRole");
  });

  it("--region plans as if the spec named that region (json region, Terraform provider, ARN partition)", async () => {
    const plain = JSON.parse((await runCli(["plan", "--format", "json"], { cwd: dir })).stdout);
    expect(plain.targets[0].region).toBe("eu-west-1");
    const r = await runCli(["plan", "--format", "json", "--region", "cn-north-1"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.targets[0].region).toBe("cn-north-1");
    expect(plan.build.principalArn).toBe("arn:aws-cn:iam::222222222222:user/ci-builder");
    const tf = await runCli(["plan", "--format", "terraform", "--region", "us-west-2", "--out", "tf"], {
      cwd: dir,
    });
    expect(tf.code, tf.stderr).toBe(0);
    expect(tf.stdout).toMatch(/wrote /);
    const bad = await runCli(["plan", "--region", "eu-wset-1"], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it("json: is machine-readable and stable across runs", async () => {
    const a = await runCli(["plan", "--format", "json"], { cwd: dir });
    const b = await runCli(["plan", "-f", "json"], { cwd: dir });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const plan = JSON.parse(a.stdout) as { targets: Array<{ roleArn: string }> };
    expect(plan.targets[0]?.roleArn).toBe("arn:aws:iam::111111111111:role/OurThingBuildRole");
  });

  it.each([
    ["cloudformation", /\.template\.json$/],
    ["terraform", /\.tf\.json$/],
  ])("%s: writes one file per account into --out", async (format, pattern) => {
    const r = await runCli(["plan", "--format", format, "--out", "out"], { cwd: dir });
    expect(r.code).toBe(0);
    const files = (readdirSync(join(dir, "out"), { recursive: true }) as string[]).filter((f) =>
      statSync(join(dir, "out", f)).isFile(),
    );
    expect(files.length).toBe(2);
    for (const f of files) {
      expect(f).toMatch(pattern);
      JSON.parse(readFileSync(join(dir, "out", f), "utf8"));
      expect(statSync(join(dir, "out", f)).isFile()).toBe(true);
    }
    expect(r.stdout).toMatch(/^wrote /m);
  });

  it("rejects an unknown format (exit 2)", async () => {
    const r = await runCli(["plan", "--format", "yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("text, json, markdown, dot, cloudformation, terraform");
  });

  it("rejects an unknown target with a suggestion (exit 2)", async () => {
    const r = await runCli(["plan", "--target", "ourthin"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean "ourthing"');
  });

  it("finds the spec through CROSSROLE_CONFIG and -c", async () => {
    const env = { CROSSROLE_CONFIG: join(dir, "crossrole.yaml") };
    const other = (await makeTempDir()).dir;
    expect((await runCli(["plan"], { cwd: other, env })).code).toBe(0);
    expect((await runCli(["plan", "-c", join(dir, "crossrole.yaml")], { cwd: other })).code).toBe(0);
  });
});

describe("invalid specs", () => {
  it("a missing spec says which path was tried and how to create one (exit 2)", async () => {
    const r = await runCli(["plan"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("crossrole.yaml");
    expect(r.stderr).toContain("crossrole init");
    expectNoStack(r);
  });

  it("a malformed spec gives file:line:column, the field and what is accepted; exit 2; nothing written", async () => {
    writeFileSync(
      join(dir, "crossrole.yaml"),
      [
        "version: 1",
        "region: eu-west-1",
        "build:",
        '  account: "222222222222"',
        "  principal: user/ci-builder",
        "targets:",
        "  ourthing:",
        '    account: "111111111111"',
        "    role: OurThingBuildRole",
        "    externalId: has spaces",
        "",
      ].join("\n"),
    );
    const r = await runCli(["plan", "--format", "cloudformation", "--out", "out"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/crossrole\.yaml:10:\d+/);
    expect(r.stderr).toContain("targets.ourthing.externalId");
    expectNoStack(r);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("lint", () => {
  const spec = (principal: string, idA: string, idB: string) =>
    [
      "version: 1",
      "region: eu-west-1",
      "build:",
      '  account: "222222222222"',
      `  principal: ${principal}`,
      "targets:",
      "  a:",
      '    account: "111111111111"',
      "    role: BuildRole",
      `    externalId: ${idA}`,
      "  b:",
      '    account: "333333333333"',
      "    role: BuildRole",
      `    externalId: ${idB}`,
      "",
    ].join("\n");
  const strongA = "Xq7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0kYaEuIoP";
  const strongB = "Wm3nQ8rT1vX6zB4cF9hK2pL7sD0gJ5yAeUiOtR";

  it("exits 0 on a clean spec", async () => {
    writeFileSync(join(dir, "crossrole.yaml"), spec("user/ci-builder", strongA, strongB));
    const r = await runCli(["lint"], { cwd: dir });
    expect(r.code).toBe(0);
  });

  it("exits 4 when an ExternalId is reused across targets, and says how to fix it", async () => {
    writeFileSync(join(dir, "crossrole.yaml"), spec("user/ci-builder", strongA, strongA));
    const r = await runCli(["lint", "--json"], { cwd: dir });
    expect(r.code).toBe(4);
    const out = JSON.parse(r.stdout) as { findings: Array<{ severity: string; fix: string }> };
    expect(out.findings.some((f) => f.severity === "error" && f.fix.length > 0)).toBe(true);
  });

  it("warns on the seed's root principal and weak ExternalId; --strict makes warnings fail", async () => {
    writeFileSync(join(dir, "crossrole.yaml"), spec("root", "some_key_build", strongB));
    const r = await runCli(["lint"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning/i);
    expect(r.stdout).toContain("root");
    const strict = await runCli(["lint", "--strict"], { cwd: dir });
    expect(strict.code).toBe(4);
  });
});

describe("init names the spec", () => {
  it("gives each spec its own name (its part of a shared BUILD grant), or the one --name says", async () => {
    const a = join(dir, "infra");
    const b = join(dir, "other", "infra");
    mkdirSync(b, { recursive: true });
    mkdirSync(a, { recursive: true });
    expect((await runCli(initArgs, { cwd: a })).code).toBe(0);
    expect((await runCli(initArgs, { cwd: b })).code).toBe(0);
    const nameOf = (d: string) => /^name: (\S+)$/m.exec(readFileSync(join(d, "crossrole.yaml"), "utf8"))?.[1];
    expect(nameOf(a)).toMatch(/^infra-[a-z2-9]{4}$/);
    expect(nameOf(b)).toMatch(/^infra-[a-z2-9]{4}$/);
    expect(nameOf(a)).not.toBe(nameOf(b));
    const named = await runCli([...initArgs, "--name", "team-web", "--force"], { cwd: a });
    expect(named.stdout).toContain("spec team-web");
    expect(nameOf(a)).toBe("team-web");
    const bad = await runCli([...initArgs, "--name", "Team Web", "--force"], { cwd: a });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--name");
  });
});
