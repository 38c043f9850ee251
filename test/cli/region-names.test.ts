import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initSpec, makeTempDir, runCli } from "./run-cli.js";

/**
 * Regions are checked against AWS's list (issue 14, item 8). Before, `region: eu-wset-1` passed lint and plan
 * emitted arn:aws:ecr:eu-wset-1:..., and `assume --region xx-fake-1` exported it.
 */

let dir: string;
let cleanup: () => Promise<void>;
let spec: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  await initSpec(dir);
  spec = await readFile(join(dir, "crossrole.yaml"), "utf8");
});
afterAll(async () => cleanup());

const keys = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  // Nothing listens there: a run that got past the region check fails to connect (exit 5), never exit 0.
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
};

async function withSpec(text: string): Promise<void> {
  await writeFile(join(dir, "crossrole.yaml"), text);
}

/** Line and column (1-based) of the first `needle` in `text`, as the error must point at it. */
function where(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `crossrole.yaml:${line}:${column}`;
}

describe("a region in the spec that is not an AWS region: exit 2 at file:line:column, with a did-you-mean", () => {
  it.each([
    ["plan", ["plan"]],
    ["plan --format json", ["plan", "--format", "json"]],
    ["lint", ["lint"]],
  ])("%s", async (_name, args) => {
    const text = spec.replace(/^region: eu-west-1$/m, "region: eu-wset-1");
    expect(text).not.toBe(spec);
    await withSpec(text);
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${where(text, "eu-wset-1")}: region: "eu-wset-1" is not an AWS region`);
    expect(result.stderr.toLowerCase()).toContain("did you mean eu-west-1");
    // Text output: nothing on stdout. JSON output: the error document (and no half plan).
    if (args.includes("json"))
      expect(JSON.parse(result.stdout)).toMatchObject({ command: "plan", exitCode: 2 });
    else expect(result.stdout).not.toContain("eu-wset-1");
  });

  it("a target's own region too", async () => {
    const text = spec.replace(/^(\s+)role: OurThingBuildRole.*$/m, "$&\n$1region: us-esat-1");
    await withSpec(text);
    const result = await runCli(["lint"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${where(text, "us-esat-1")}: targets.ourthing.region:`);
    expect(result.stderr).toContain("Did you mean us-east-1?");
  });

  it("allowUnknownRegion: true lets a region newer than the list through", async () => {
    await withSpec(spec.replace(/^region: eu-west-1$/m, "region: ap-newland-1\nallowUnknownRegion: true"));
    const result = await runCli(["plan", "--format", "json"], { cwd: dir });
    expect(result.stderr).toBe("crossrole: using spec crossrole.yaml\n");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"region": "ap-newland-1"');
  });
});

describe("a region from a flag or the environment that is not an AWS region: exit 2 before anything is sent", () => {
  const adHoc = [
    "assume",
    "--role-arn",
    "arn:aws:iam::111111111111:role/x",
    "--external-id",
    "x-123456789012",
  ];
  it.each([
    ["assume TARGET --region", ["assume", "ourthing", "--region", "xx-fake-1"], {}, '--region="xx-fake-1"'],
    ["assume --role-arn --region", [...adHoc, "--region", "xx-fake-1"], {}, '--region="xx-fake-1"'],
    ["assume --role-arn, AWS_REGION typo", adHoc, { AWS_REGION: "eu-wset-1" }, "Did you mean eu-west-1?"],
    [
      "exec --region",
      ["exec", "ourthing", "--region", "xx-fake-1", "--", "true"],
      {},
      '--region="xx-fake-1"',
    ],
    [
      "ecr login --role-arn, AWS_REGION typo",
      ["ecr", "login", ...adHoc.slice(1)],
      { AWS_REGION: "us-wset-2" },
      "Did you mean us-west-2?",
    ],
    ["verify --region", ["verify", "--region", "us-wset-2"], {}, '--region="us-wset-2"'],
    [
      "profile --region (it would be written into ~/.aws/config)",
      ["profile", "ourthing", "--region", "eu-wset-1", "--credential-source", "Environment"],
      {},
      "Did you mean eu-west-1?",
    ],
    ["diff --region", ["diff", "--region", "xx-fake-1"], {}, '--region="xx-fake-1"'],
  ] as const)("%s", async (_name, args, env, expected) => {
    await withSpec(spec);
    const result = await runCli([...args], { cwd: dir, env: { ...keys, ...env } });
    expect(result.stderr).toContain(expected);
    expect(result.stderr).toContain("is not an AWS region crossrole knows");
    expect(result.stderr).toContain("CROSSROLE_ALLOW_UNKNOWN_REGION=1");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });

  it("verify: the spec's region comes before AWS_REGION (one region order), so a typo there is not used", async () => {
    await withSpec(spec);
    const result = await runCli(["verify"], { cwd: dir, env: { ...keys, AWS_REGION: "us-wset-2" } });
    expect(result.stderr).not.toContain("is not an AWS region");
    expect(result.stderr).toContain("cannot reach AWS for sts:GetCallerIdentity");
  });

  it("CROSSROLE_ALLOW_UNKNOWN_REGION=1 lets a region newer than the list through (then AWS is unreachable: 5)", async () => {
    await withSpec(spec);
    const result = await runCli([...adHoc, "--region", "xx-fake-1"], {
      cwd: dir,
      env: { ...keys, CROSSROLE_ALLOW_UNKNOWN_REGION: "1" },
    });
    expect(result.stderr).not.toContain("region");
    expect(result.code).toBe(5);
  });
});
