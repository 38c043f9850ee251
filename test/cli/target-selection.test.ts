import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, runCli } from "./run-cli.js";

/**
 * One rule for selecting targets (issue 14, item 1), the offline half: a positional name and --target mean the
 * same on plan and lint; an unknown name is exit 2 with a did-you-mean on every command that takes targets; a
 * leftover argument on a command that takes none is exit 2. (The commands that need AWS are proven against the
 * emulator in test/integration/target-selection.test.ts.)
 */

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
  // "other" has a short ExternalId, so lint reports a finding for it and none for ourthing.
  const spec = {
    version: 1,
    region: "eu-west-1",
    build: { account: "222222222222", principal: "user/ci-builder" },
    targets: {
      ourthing: {
        account: "111111111111",
        role: "OurThingBuildRole",
        externalId: "Xg2HkH0yOLttat1C2Zo0z3Xw1YLyzHzWAA2hBIic",
      },
      other: { account: "333333333333", role: "OtherBuildRole", externalId: "short-id-123" },
      fleet: {
        accounts: ["444444444444", "555555555555"],
        role: "FleetBuildRole",
        externalIds: {
          "444444444444": "fleet-4-Xg2HkH0yOLttat1C2Zo0z3Xw1YLyzH",
          "555555555555": "fleet-5-Xg2HkH0yOLttat1C2Zo0z3Xw1YLyzH",
        },
      },
    },
  };
  await writeFile(join(dir, "crossrole.yaml"), JSON.stringify(spec, null, 2));
});
afterAll(async () => cleanup());

/** Keys that look real; AWS is unreachable (port 9), and nothing here may get as far as calling it. */
const env = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_REGION: "eu-west-1",
};
const run = (args: string[]) => runCli(args, { cwd: dir, env });

describe("plan and lint: TARGET and --target TARGET select the same, and only it", () => {
  it.each([
    ["plan", ["plan", "--format", "json"]],
    ["lint", ["lint", "--json"]],
  ])("%s", async (_name, args) => {
    const selected = new Map<string, unknown>();
    for (const form of [["other"], ["--target", "other"], ["-t", "other", "other"]]) {
      const result = await run([...args, ...form]);
      expect(result.stderr).toBe("crossrole: using spec crossrole.yaml\n");
      const json = JSON.parse(result.stdout) as {
        targets?: Array<{ name: string }>;
        findings: Array<{ target?: string }>;
      };
      selected.set(form.join(" "), {
        targets: json.targets?.map((t) => t.name),
        findingTargets: [...new Set(json.findings.map((f) => f.target).filter((t) => t !== undefined))],
      });
    }
    const [first, ...rest] = [...selected.values()];
    for (const other of rest) expect(other).toEqual(first);
    if (args[0] === "plan") expect(first).toMatchObject({ targets: ["other"] });
    expect(first).toMatchObject({ findingTargets: ["other"] });
    // And the same for the other target: none of other's findings.
    const ourthing = await run([...args, "ourthing"]);
    expect(ourthing.stdout).not.toContain('"other"');
  });

  it("plan with several names, positional and flag mixed: the union", async () => {
    const result = await run(["plan", "--format", "json", "other", "--target", "ourthing", "other"]);
    const json = JSON.parse(result.stdout) as { targets: Array<{ name: string }> };
    expect(json.targets.map((t) => t.name).sort()).toEqual(["other", "ourthing"]);
  });
});

describe("an unknown target name: exit 2 with a did-you-mean and the spec's targets, on every command", () => {
  it.each([
    ["plan", ["plan", "othre"]],
    ["plan --target", ["plan", "--target", "othre"]],
    ["lint", ["lint", "othre"]],
    ["diff", ["diff", "othre"]],
    ["apply", ["apply", "othre", "--dry-run"]],
    ["destroy", ["destroy", "othre", "--dry-run"]],
    ["destroy --target", ["destroy", "--target", "othre", "--dry-run"]],
    ["rollout", ["rollout", "othre", "--dry-run"]],
    ["verify", ["verify", "othre"]],
    ["verify --target", ["verify", "--target", "othre"]],
    ["revoke", ["revoke", "othre", "--no-proof"]],
    ["revoke --target", ["revoke", "--target", "othre", "--no-proof"]],
    ["rotate external-id", ["rotate", "external-id", "othre"]],
    ["assume", ["assume", "othre"]],
    ["assume --target", ["assume", "--target", "othre"]],
    ["exec", ["exec", "othre", "--", "true"]],
    ["serve", ["serve", "othre"]],
    ["profile", ["profile", "othre", "--credential-source", "Environment"]],
    ["ecr login", ["ecr", "login", "othre"]],
    ["ecr configure-helper", ["ecr", "configure-helper", "--target", "othre"]],
    ["ecr logout", ["ecr", "logout", "othre"]],
  ])("%s", async (_name, args) => {
    const result = await run(args);
    expect(result.stderr).toContain('no target named "othre"');
    expect(result.stderr).toContain('Did you mean "other"?');
    expect(result.stderr).toContain("Targets in the spec: ourthing, other, fleet");
    expect(result.code).toBe(2);
  });
});

describe("arguments that select nothing are errors, never ignored (exit 2)", () => {
  it.each([
    ["init: a leftover argument", ["init", "stray"], 'unexpected argument "stray"'],
    ["configure: a leftover argument", ["configure", "--from-env", "stray"], 'unexpected argument "stray"'],
    [
      "rotate build-key: a leftover argument",
      ["rotate", "build-key", "stray", "--key-out", "k.json"],
      'unexpected argument "stray"',
    ],
    [
      "rotate build-key: --target",
      ["rotate", "build-key", "--target", "other", "--key-out", "k.json"],
      "--target belongs to rotate external-id",
    ],
    ["assume: two targets", ["assume", "other", "--target", "ourthing"], "one TARGET expected"],
    ["profile: two targets", ["profile", "other", "ourthing"], "one TARGET expected"],
    [
      "rotate external-id: two targets",
      ["rotate", "external-id", "other", "-t", "ourthing"],
      "one TARGET expected",
    ],
    [
      "assume: a multi-account target names several roles",
      ["assume", "fleet"],
      '"fleet" is a multi-account target (2 accounts)',
    ],
    [
      "assume: a target and --role-arn",
      ["assume", "--target", "other", "--role-arn", "arn:aws:iam::111111111111:role/x"],
      "not both",
    ],
  ])("%s", async (_name, args, expected) => {
    const result = await run(args);
    expect(result.stderr).toContain(expected);
    expect(result.code).toBe(2);
  });
});
