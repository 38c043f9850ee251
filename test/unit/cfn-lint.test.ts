import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AccessPlan } from "../../src/core/plan/access-plan.js";
import { buildAccessPlan } from "../../src/core/plan/build-access-plan.js";
import { type AccessSpec, specSchema } from "../../src/core/spec/spec-schema.js";
import { renderCloudFormation } from "../../src/outputs/render-cloudformation.js";
import {
  renderOuStackSetTemplate,
  renderStackSetTemplate,
} from "../../src/outputs/render-stackset-template.js";
import { optionalTool } from "../support/optional-tool.js";
import { cleanSpec, keylessSpec, seedSpec, twoAccountSpec } from "./support/access-specs.js";

/**
 * Issue 14 acceptance: every kind of CloudFormation template crossrole generates passes cfn-lint (the Python
 * linter AWS maintains; it ships with moto on the project's machines and in CI): `plan --format cloudformation`
 * per target account and for the BUILD account (user, role and root principals, inline and managed grants), the
 * StackSet template of an `accounts:` fleet (also during a rotation) and of an `organizationalUnits:` target.
 * One cfn-lint run over all files. A deliberate finding is suppressed in the template itself (Metadata cfn-lint
 * ignore_checks, with the reason), never here.
 */
const available = optionalTool("cfn-lint", "the cfn-lint test", {
  install: "pip install cfn-lint (the project's machines and CI have it beside moto)",
});

const base = { version: 1, region: "eu-west-1", build: { account: "222222222222", principal: "user/ci" } };
const EXTERNAL_ID = (n: number) => `Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo${String(n).padStart(4, "0")}`;
const permissions = {
  ecr: { push: ["team/app"], pull: ["base/node"] },
  s3: {
    write: ["artefacts/builds/"],
    read: ["shared/config/"],
    kmsKeyArns: ["arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
  },
  managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
  statements: [
    {
      Sid: "ReadToken",
      Effect: "Allow",
      Action: "ssm:GetParameter",
      Resource: "arn:aws:ssm:eu-west-1:111111111111:parameter/build/token",
    },
  ],
};
const fleetAccounts = ["111111111111", "333333333333", "444444444444"];
const parse = (spec: unknown): AccessSpec => specSchema.parse(spec);

/** Specs covering every template shape: principal kinds, grant layouts, rotation, session actions, fleets. */
const specs: Record<string, AccessSpec> = {
  seed: seedSpec,
  "two-accounts": twoAccountSpec,
  clean: cleanSpec,
  keyless: keylessSpec,
  "role-principal": parse({
    ...base,
    build: { account: "222222222222", principal: "role/ci/BuildRunner" },
    targets: {
      app: {
        account: "111111111111",
        role: "AppBuildRole",
        externalId: [EXTERNAL_ID(1), EXTERNAL_ID(2)],
        allowSessionTags: true,
        allowSourceIdentity: true,
        permissions,
      },
    },
  }),
  "managed-grant": parse({
    ...base,
    targets: Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `target-${i}`,
        { account: "111111111111", role: `crossrole-long-build-role-name-${i}`, externalId: EXTERNAL_ID(i) },
      ]),
    ),
  }),
  fleet: parse({
    ...base,
    targets: {
      fleet: {
        accounts: fleetAccounts,
        role: "/ci/FleetBuildRole",
        externalIds: Object.fromEntries(fleetAccounts.map((a, i) => [a, EXTERNAL_ID(10 + i)])),
        allowSessionTags: true,
        permissions,
      },
      rotating: {
        accounts: fleetAccounts,
        role: "RotatingRole",
        externalIds: Object.fromEntries(
          fleetAccounts.map((a, i) => [a, [EXTERNAL_ID(20 + i), EXTERNAL_ID(30 + i)]]),
        ),
        allowSourceIdentity: true,
      },
      org: {
        organizationalUnits: ["ou-ab12-34cd56ef"],
        role: "OrgBuildRole",
        externalIdPrefix: "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
        deployedAccounts: ["555555555555"],
        permissions,
      },
    },
  }),
};

/** Every template of a plan: per account and BUILD, plus a StackSet template per fleet group and OU target. */
function templates(name: string, plan: AccessPlan): [string, string][] {
  const files: [string, string][] = renderCloudFormation(plan).map((f) => [`${name}-${f.path}`, f.content]);
  const groups = new Set(plan.targets.flatMap((t) => (t.group === undefined ? [] : [t.group])));
  const ou = new Set((plan.organizationalUnitTargets ?? []).map((t) => t.name));
  for (const group of groups) {
    if (ou.has(group)) continue;
    const members = plan.targets.filter((t) => t.group === group);
    files.push([
      `${name}-stackset-${group}.template.json`,
      renderStackSetTemplate(plan, group, members).templateBody,
    ]);
  }
  for (const target of plan.organizationalUnitTargets ?? [])
    files.push([
      `${name}-ou-stackset-${target.name}.template.json`,
      renderOuStackSetTemplate(plan, target).templateBody,
    ]);
  return files;
}

let dir: string | undefined;
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe("cfn-lint", () => {
  it.skipIf(!available)(
    "passes every CloudFormation template crossrole generates",
    async () => {
      const plans = Object.entries(specs).map(
        ([name, spec]) => [name, buildAccessPlan(spec, "crossrole.yaml")] as const,
      );
      // The shapes this test means to cover are really there.
      const byName = Object.fromEntries(plans);
      expect(byName["managed-grant"]?.build.grantLayout.kind).toBe("managed");
      expect(byName.seed?.build.principalKind).toBe("root");
      expect(byName["role-principal"]?.build.principalKind).toBe("role");

      dir = await mkdtemp(join(tmpdir(), "crossrole-cfn-lint-"));
      const files = plans.flatMap(([name, plan]) => templates(name, plan));
      expect(files.filter(([f]) => f.includes("-stackset-")).length).toBe(3);
      for (const [file, content] of files) await writeFile(join(dir, file), content);

      const run = spawnSync(
        "cfn-lint",
        ["--format", "parseable", "--", ...files.map(([f]) => join(dir ?? "", f))],
        {
          encoding: "utf8",
        },
      );
      expect(run.stdout + run.stderr).toBe("");
      expect(run.status).toBe(0);
    },
    120_000,
  );
});
