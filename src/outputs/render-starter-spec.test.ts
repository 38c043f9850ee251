import { describe, expect, it } from "vitest";
import { parseSpec } from "../core/spec/parse-spec.js";
import { renderStarterSpec, type StarterSpecOptions } from "./render-starter-spec.js";

const options: StarterSpecOptions = {
  name: "ourthing-build",
  region: "eu-west-1",
  buildAccount: "222222222222",
  buildPrincipal: "user/ci-builder",
  targets: [
    { name: "ourthing", account: "111111111111", role: "OurThingBuildRole", externalId: "a".repeat(40) },
    { name: "other", account: "012345678901", role: "/ci/OtherRole", externalId: "B1".repeat(20) },
  ],
};

describe("renderStarterSpec", () => {
  it("parses back into the spec it describes", () => {
    const spec = parseSpec(renderStarterSpec(options), "crossrole.yaml");
    expect(spec).toEqual({
      version: 1,
      name: "ourthing-build",
      region: "eu-west-1",
      build: { account: "222222222222", principal: "user/ci-builder" },
      targets: {
        ourthing: {
          account: "111111111111",
          role: "OurThingBuildRole",
          description: "Build access for ourthing, assumed from the BUILD account",
          externalId: "a".repeat(40),
          maxSessionDuration: 3600,
        },
        other: {
          account: "012345678901",
          role: "/ci/OtherRole",
          description: "Build access for other, assumed from the BUILD account",
          externalId: "B1".repeat(20),
          maxSessionDuration: 3600,
        },
      },
    });
  });

  it("points editors at the schema and people at plan and lint", () => {
    const text = renderStarterSpec(options);
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=https://cdn.jsdelivr.net/npm/crossrole/schema/crossrole.schema.json",
    );
    expect(text).toContain("crossrole plan");
    expect(text).toContain("crossrole lint");
    expect(text).toContain("# permissions:");
  });

  it.each([
    ["a full ARN principal", { buildPrincipal: "arn:aws:iam::222222222222:role/ci/builder" }],
    ["the root principal", { buildPrincipal: "root" }],
    [
      "values YAML would misread",
      { targets: [{ name: "yes", account: "111111111111", role: "null", externalId: "true:x=y,@a" }] },
    ],
  ] as Array<[string, Partial<StarterSpecOptions>]>)("keeps %s exact", (_name, change) => {
    const input = { ...options, ...change };
    const spec = parseSpec(renderStarterSpec(input), "crossrole.yaml");
    expect(spec.build.principal).toBe(input.buildPrincipal);
    for (const t of input.targets) {
      expect(spec.targets[t.name]).toMatchObject({
        account: t.account,
        role: t.role,
        externalId: t.externalId,
      });
    }
  });

  it("renders a whole starter file", () => {
    expect(renderStarterSpec({ ...options, targets: options.targets.slice(0, 1) })).toMatchInlineSnapshot(`
      "# yaml-language-server: $schema=https://cdn.jsdelivr.net/npm/crossrole/schema/crossrole.schema.json
      #
      # crossrole access spec: build servers in the BUILD account assume one role in each target account
      # (sts:AssumeRole with a per-target ExternalId) instead of holding long-lived keys for it.
      #
      #   crossrole plan    show the IAM documents each account needs (offline, changes nothing)
      #   crossrole lint    review them for security problems
      #
      # The ExternalIds were generated for you. They are not secrets, but keep one per target and don't reuse them.

      version: 1
      # This spec's own part of the BUILD principal's grant (crossrole-assume-targets-<name>): other specs on the
      # same principal keep theirs. Keep it when you copy the file; give a second spec its own.
      name: ourthing-build
      region: eu-west-1

      # The BUILD account and who builds run as: user/NAME, role/NAME, a full IAM ARN, or root (the whole account).
      build:
        account: "222222222222"
        principal: user/ci-builder

      # Each target: an account and the role builds assume in it. Names are yours; they label files and output.
      targets:
        ourthing:
          account: "111111111111"
          role: OurThingBuildRole  # a role name, optionally with a path: /ci/RoleName
          description: "Build access for ourthing, assumed from the BUILD account"
          externalId: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
          maxSessionDuration: 3600  # seconds, 3600..43200
          # What builds may do in this account. Uncomment and adapt:
          # permissions:
          #   ecr: { push: [my-app], pull: [base-images] }  # ECR repository names
          #   s3: { write: ["my-bucket/builds/"], read: ["my-bucket/config/"] }  # "bucket/prefix/"
          #   statements: []  # raw IAM statements, validated
          # tags: { team: platform }
      "
    `);
  });
});
