import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/** The published library entry (dist/index.js, built by npm test) loads and exposes the use cases. */
describe("library entry", () => {
  it("exports the workflows and the core", async () => {
    const lib = (await import(
      pathToFileURL(resolve(import.meta.dirname, "../../dist/index.js")).href
    )) as Record<string, unknown>;
    for (const name of [
      "planAccess",
      "parseSpec",
      "buildAccessPlan",
      "lintPlan",
      "applyAccess",
      "diffAccessLive",
      "verifyAccess",
      "revokeSessions",
      "assumeTarget",
      "formatEnv",
      "writeProfile",
      "ecrLogin",
      "serveCredentials",
      "rolloutStackSets",
    ]) {
      expect(typeof lib[name], name).toBe("function");
    }
  });

  it("plans the seed's setup in-process", async () => {
    const lib = (await import(pathToFileURL(resolve(import.meta.dirname, "../../dist/index.js")).href)) as {
      parseSpec: (text: string, file: string) => unknown;
      buildAccessPlan: (spec: unknown, source: string) => { targets: Array<{ roleArn: string }> };
    };
    const spec = lib.parseSpec(
      [
        "version: 1",
        "region: eu-west-1",
        "build: { account: '222222222222', principal: user/ci-builder }",
        "targets:",
        "  ourthing: { account: '111111111111', role: OurThingBuildRole, externalId: some_key_build }",
        "",
      ].join("\n"),
      "inline.yaml",
    );
    const plan = lib.buildAccessPlan(spec, "inline.yaml");
    expect(plan.targets[0]?.roleArn).toBe("arn:aws:iam::111111111111:role/OurThingBuildRole");
  });
});
