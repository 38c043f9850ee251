// `crossrole audit` on the emulator (#17): every role of an account, whoever created it, linted on its live trust
// policy. Roles with each bad trust are created with the IAM API; crossrole's own roles (a keyless BUILD role and an
// ExternalId target role, applied by crossrole) must pass. The role list is checked against the aws CLI's, the JSON
// against its committed schema; through the fault proxy, throttled ListRoles is retried and a 5xx that never
// recovers fails the run instead of passing it.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PolicyPrincipal, PolicyStatement } from "../../src/core/plan/policy-document.js";
import { allow, BUILD, OTHER, policy, TARGET } from "../emulator/accounts.js";
import { type FaultProxy, startFaultProxy } from "../emulator/fault-proxy.js";
import {
  GITHUB_ISSUER,
  type OidcIssuer,
  routeIssuerToEmulator,
  startOidcIssuer,
} from "../emulator/oidc-issuer.js";
import { runAwsCli } from "../emulator/real-clients.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createOidcProvider, createRole, createUserWithKey } from "../emulator/world.js";
import { expectDocument } from "../support/output-schemas.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld } from "./access-fixture.js";

const emulator = useEmulator({ reset: "test" });
const GH = "token.actions.githubusercontent.com";
const AUD = { [`${GH}:aud`]: "sts.amazonaws.com" };

const SPEC = {
  version: 1,
  region: "eu-west-1",
  build: {
    account: BUILD,
    principal: "role/ci-deployer",
    oidc: { provider: "github", subjects: ["repo:acme/app:ref:refs/heads/main"] },
  },
  targets: {
    ourthing: {
      account: TARGET,
      role: "OurThingBuildRole",
      externalId: "crossrole-audit-7Qv2mK9pL4sT8wZ1nB6cD3fG5h",
    },
  },
};

function webIdentity(provider: string, condition: PolicyStatement["Condition"] & object): PolicyStatement {
  return {
    Effect: "Allow",
    Principal: { Federated: provider },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
  };
}

function assume(principal: PolicyPrincipal, condition?: PolicyStatement["Condition"]) {
  return {
    Effect: "Allow" as const,
    Principal: principal,
    Action: "sts:AssumeRole",
    ...(condition === undefined ? {} : { Condition: condition }),
  };
}

/** Roles with bad (and good) trusts in TARGET, created with the IAM API as any admin would; name -> expected status. */
async function createTargetRoles(): Promise<Record<string, string>> {
  const provider = await createOidcProvider(emulator, TARGET, GITHUB_ISSUER);
  const roles: Array<[string, PolicyStatement, string]> = [
    ["ci-aud-only", webIdentity(provider, { StringEquals: AUD }), "fail"],
    [
      "ci-owner-wildcard",
      webIdentity(provider, { StringEquals: AUD, StringLike: { [`${GH}:sub`]: "repo:acme/*" } }),
      "fail",
    ],
    [
      "ci-exact",
      webIdentity(provider, { StringEquals: { ...AUD, [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } }),
      "pass",
    ],
    ["public-role", assume("*"), "fail"],
    ["partner-no-external-id", assume({ AWS: `arn:aws:iam::${OTHER}:root` }), "fail"],
    [
      "partner-with-external-id",
      assume(
        { AWS: `arn:aws:iam::${OTHER}:root` },
        { StringEquals: { "sts:ExternalId": "Hn4Wc7Pq1Zr9Ty2Ux6Vb3Sm8Lk5Jg0Fd_Ea-Qo" } },
      ),
      "warn",
    ],
    ["same-account-role", assume({ AWS: `arn:aws:iam::${TARGET}:role/deployer` }), "pass"],
    ["ec2-service", assume({ Service: "ec2.amazonaws.com" }), "pass"],
  ];
  for (const [name, statement] of roles) {
    await createRole(emulator, TARGET, { name, trustPolicy: policy(statement) });
  }
  return Object.fromEntries(roles.map(([name, , status]) => [name, status]));
}

interface AuditDoc {
  ok: boolean;
  summary: Record<string, number>;
  accounts: Array<{
    account?: string;
    source: string;
    problem?: { code: string; message: string };
    roles: Array<{
      arn: string;
      roleName: string;
      status: string;
      findings: Array<{ id: string; severity: string }>;
    }>;
  }>;
}

let github: OidcIssuer;
let world: AccessWorld | undefined;
let faults: FaultProxy | undefined;
beforeAll(async () => {
  github = await startOidcIssuer(GITHUB_ISSUER);
});
afterAll(async () => {
  await github?.close();
});
afterEach(async () => {
  await faults?.close();
  faults = undefined;
  await world?.dispose();
  world = undefined;
});

describe("crossrole audit", () => {
  it("lints every role's live trust in two accounts: bad trusts fail (exit 4), crossrole's own roles pass", async () => {
    const expected = await createTargetRoles();
    await routeIssuerToEmulator(emulator, github);
    world = await createAccessWorld(emulator);
    await world.writeSpec(SPEC);
    expect((await world.run(["apply", "--yes", ...ADMIN_FLAGS])).code).toBe(0);
    expected.OurThingBuildRole = "pass";

    // JSON: validated against schema/output/audit.schema.json by an independent reader (ajv).
    const json = await world.run([
      "audit",
      "--profile",
      "target-admin",
      "--profile",
      "build-admin",
      "--json",
    ]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(4);
    expect(json.iamWrites).toEqual([]);
    const doc = expectDocument("audit", json.stdout) as unknown as AuditDoc;
    expect(doc.ok).toBe(false);
    const [target, build] = doc.accounts;
    expect(target?.account).toBe(TARGET);
    expect(target?.source).toBe("profile target-admin");
    expect(build?.account).toBe(BUILD);
    expect(Object.fromEntries((target?.roles ?? []).map((r) => [r.roleName, r.status]))).toEqual(expected);
    expect(build?.roles.map((r) => [r.roleName, r.status])).toEqual([["ci-deployer", "pass"]]);
    const findings = Object.fromEntries(
      (target?.roles ?? []).map((r) => [r.roleName, r.findings.map((f) => `${f.severity}:${f.id}`)]),
    );
    expect(findings["ci-aud-only"]).toEqual(["critical:oidc-trust-without-sub"]);
    expect(findings["ci-owner-wildcard"]).toEqual(["error:oidc-sub-wildcard-too-broad"]);
    expect(findings["public-role"]).toEqual(["critical:trust-principal-wildcard"]);
    expect(findings["partner-no-external-id"]).toEqual(["error:trust-cross-account-without-external-id"]);
    expect(findings["partner-with-external-id"]).toEqual(["warning:trust-principal-account"]);
    expect(doc.summary).toMatchObject({
      accounts: 2,
      roles: 10,
      failingRoles: 4,
      critical: 2,
      error: 2,
      warning: 1,
    });

    // Every role: the same ARNs as the aws CLI lists, in each account.
    for (const [profile, account] of [
      ["target-admin", target],
      ["build-admin", build],
    ] as const) {
      const listed = await runAwsCli(["iam", "list-roles", "--profile", profile, "--output", "json"], {
        env: world.sandbox.env,
      });
      expect(listed.stderr).toBe("");
      const arns = (JSON.parse(listed.stdout) as { Roles: Array<{ Arn: string }> }).Roles.map((r) => r.Arn);
      expect((account?.roles ?? []).map((r) => r.arn).sort()).toEqual(arns.sort());
    }

    // Text: per role, each finding with its fix; passing roles one line each; the verdict.
    const text = await world.run(["audit", "--profile", "target-admin", "--no-color"]);
    expect(text.code).toBe(4);
    expect(text.stdout).toContain(`account ${TARGET} (profile target-admin): 9 roles`);
    expect(text.stdout).toMatch(
      / {2}FAIL {2}role\/ci-aud-only\n {4}critical {2}oidc-trust-without-sub\n {6}CRITICAL: .*\n {6}fix: Add "StringEquals"/,
    );
    expect(text.stdout).toMatch(/ {2}FAIL {2}role\/public-role\n {4}critical {2}trust-principal-wildcard\n/);
    expect(text.stdout).toMatch(
      new RegExp(
        `FAIL  role/partner-no-external-id\\n.*\\n {6}.*the whole account ${OTHER}.*\\n {6}fix: Add "StringEquals": \\{ "sts:ExternalId"`,
      ),
    );
    expect(text.stdout).toContain("  pass  role/OurThingBuildRole\n");
    expect(text.stdout).toContain("  warn  role/partner-with-external-id\n");
    expect(text.stdout).toMatch(
      /9 roles in 1 account: 2 critical, 2 errors, 1 warning, 0 info; 4 roles fail\.\nFAIL\n$/,
    );
    expect(text.stdout).not.toContain("\u001b[");

    // -q: the failing roles and their failing findings only.
    const quiet = await world.run(["audit", "--profile", "target-admin", "-q"]);
    expect(quiet.code).toBe(4);
    expect(quiet.stdout).not.toContain("pass  role/");
    expect(quiet.stdout).not.toContain("warn  role/");
    expect(quiet.stdout.match(/ {2}FAIL {2}role\//g)?.length).toBe(4);

    // The BUILD account alone: crossrole's keyless BUILD role passes, exit 0.
    const clean = await world.run(["audit", "--profile", "build-admin"]);
    expect(clean.stderr).toBe("");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe(
      `account ${BUILD} (profile build-admin): 1 role\n  pass  role/ci-deployer\n\n1 role in 1 account: 0 critical, 0 errors, 0 warnings, 0 info.\nPASS\n`,
    );
    // The default chain (AWS_PROFILE, as the SDK reads it) is the one account without --profile.
    const chain = await world.run(["audit"], { env: { AWS_PROFILE: "build-admin" } });
    expect(chain.code).toBe(0);
    expect(chain.stdout).toContain(`account ${BUILD} (the default credential chain): 1 role`);
  });

  it("--ignore-file: accepted findings are listed with their reason and fail nothing; expired and unused entries are said", async () => {
    // The AWS Organizations access role: trusts the management account's root without an ExternalId. Every
    // member account has it, so an organisation acknowledges it once, with a pattern over accounts.
    await createRole(emulator, TARGET, {
      name: "OrganizationAccountAccessRole",
      trustPolicy: policy(assume({ AWS: `arn:aws:iam::${OTHER}:root` })),
    });
    await createRole(emulator, TARGET, {
      name: "legacy-partner",
      trustPolicy: policy(assume({ AWS: `arn:aws:iam::${OTHER}:root` })),
    });
    world = await createAccessWorld(emulator);
    const before = await world.run(["audit", "--profile", "target-admin", "--json"]);
    expect(before.code).toBe(4);

    const file = join(world.sandbox.dir, "audit-ignore.yaml");
    await writeFile(
      file,
      [
        "# accepted on 2026-12-05 by the platform team",
        "ignore:",
        "  - rule: trust-cross-account-without-external-id",
        "    role: arn:aws:iam::*:role/OrganizationAccountAccessRole",
        "    reason: AWS Organizations' access role; the trusted account is our management account",
        "  - rule: trust-cross-account-without-external-id",
        "    role: arn:aws:iam::*:role/legacy-partner",
        "    reason: migrated off by 2020",
        "    until: 2020-01-31",
        "  - rule: trust-principal-wildcard",
        "    role: arn:aws:iam::*:role/gone",
        "    reason: deleted last quarter",
        "",
      ].join("\n"),
    );
    const json = await world.run(["audit", "--profile", "target-admin", "--ignore-file", file, "--json"]);
    const doc = expectDocument("audit", json.stdout) as unknown as AuditDoc & {
      ignoreFile: {
        entries: number;
        unused: Array<{ role: string; where: string }>;
        expired: Array<{ until: string }>;
      };
    };
    // The expired entry no longer applies: legacy-partner fails again, so the run still fails.
    expect(json.code).toBe(4);
    const roles = Object.fromEntries((doc.accounts[0]?.roles ?? []).map((r) => [r.roleName, r]));
    expect(roles.OrganizationAccountAccessRole).toMatchObject({
      status: "pass",
      findings: [],
      acknowledged: [
        {
          id: "trust-cross-account-without-external-id",
          severity: "error",
          reason: "AWS Organizations' access role; the trusted account is our management account",
          where: `${file}:3`,
        },
      ],
    });
    expect(roles["legacy-partner"]?.status).toBe("fail");
    expect(doc.summary).toMatchObject({ error: 1, acknowledged: 1, failingRoles: 1 });
    expect(doc.ignoreFile.entries).toBe(3);
    expect(doc.ignoreFile.expired).toEqual([expect.objectContaining({ until: "2020-01-31" })]);
    expect(doc.ignoreFile.unused).toEqual([
      { rule: "trust-principal-wildcard", role: "arn:aws:iam::*:role/gone", where: `${file}:10` },
    ]);

    // Text: the acknowledgement with its reason; the expired and unused entries said, the verdict.
    const text = await world.run(["audit", "--profile", "target-admin", "--ignore-file", file, "--no-color"]);
    expect(text.code).toBe(4);
    expect(text.stdout).toMatch(
      /pass {2}role\/OrganizationAccountAccessRole\n {4}acknowledged error trust-cross-account-without-external-id \(.*audit-ignore\.yaml:3\)\n {6}reason: AWS Organizations' access role/,
    );
    expect(text.stdout).toMatch(/1 expired entry: their findings count again/);
    expect(text.stdout).toMatch(/1 entry matched no finding/);
    expect(text.stdout).toMatch(/1 error, 0 warnings, 0 info, 1 acknowledged; 1 role fails\.\nFAIL\n$/);

    // Renewed (until a future day), the entry applies again: every failing finding is acknowledged, exit 0.
    await writeFile(file, (await readFile(file, "utf8")).replace("until: 2020-01-31", "until: 2999-12-31"));
    const renewed = await world.run([
      "audit",
      "--profile",
      "target-admin",
      "--ignore-file",
      file,
      "--no-color",
    ]);
    expect(renewed.stdout).toMatch(/0 errors, 0 warnings, 0 info, 2 acknowledged\.\nPASS\n$/);
    expect(renewed.code).toBe(0);
  });

  it("--ignore-file: a bad file is exit 2 before any AWS call, each problem at its line with what is accepted", async () => {
    world = await createAccessWorld(emulator);
    const file = join(world.sandbox.dir, "bad-ignore.yaml");
    await writeFile(
      file,
      [
        "ignore:",
        "  - rule: trust-cross-acount-without-external-id",
        "    role: OrganizationAccountAccessRole",
        "    reasn: typo",
        "    until: 2027-02-30",
        "",
      ].join("\n"),
    );
    // An endpoint nothing listens on: had audit called AWS before reading the file, it would exit 5, not 2.
    const run = await world.run([
      "audit",
      "--profile",
      "target-admin",
      "--ignore-file",
      file,
      "--endpoint-url",
      "http://127.0.0.1:9",
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Invalid audit ignore file (5 problems)");
    expect(run.stderr).toContain(
      `${file}:2:11: ignore[0].rule: "trust-cross-acount-without-external-id" is not a lint rule id (did you mean trust-cross-account-without-external-id?)`,
    );
    expect(run.stderr).toContain(
      `${file}:3:11: ignore[0].role: "OrganizationAccountAccessRole" is not a role ARN pattern`,
    );
    expect(run.stderr).toContain("arn:aws:iam::*:role/OrganizationAccountAccessRole");
    expect(run.stderr).toMatch(/:4:5: ignore\[0\]\.reasn: is not an accepted key \(did you mean reason\?\)/);
    expect(run.stderr).toMatch(/ignore\[0\]: reason is required/);
    expect(run.stderr).toMatch(/:5:12: ignore\[0\]\.until: must be a date written YYYY-MM-DD/);
    expect(run.stderr).not.toContain("    at ");

    // Hostile files: a FIFO does not hang the CLI; a missing file says so.
    const fifo = join(world.sandbox.dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const fromFifo = await world.run(["audit", "--profile", "target-admin", "--ignore-file", fifo]);
    expect(fromFifo.code).toBe(2);
    expect(fromFifo.stderr).toMatch(/audit ignore file .*fifo.* not a regular file/i);
    const missing = await world.run([
      "audit",
      "--profile",
      "target-admin",
      "--ignore-file",
      join(world.sandbox.dir, "nope.yaml"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no audit ignore file at");
  });

  it("a profile that does not exist is invalid input (exit 2) before any call; credentials refused: exit 3", async () => {
    world = await createAccessWorld(emulator);
    const missing = await world.run(["audit", "--profile", "nope"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope");
    await world.addProfile("revoked", {
      ...world.buildAdmin,
      secretAccessKey: "wrong-secret-key-0000000000000000000000",
    });
    const refused = await world.run(["audit", "--profile", "build-admin", "--profile", "revoked", "--json"]);
    expect(refused.code).toBe(3);
    const doc = expectDocument("audit", refused.stdout) as unknown as AuditDoc;
    expect(doc.ok).toBe(false);
    expect(doc.accounts[0]?.account).toBe(BUILD);
    expect(doc.accounts[1]?.problem?.code).toMatch(/./);
    expect(doc.summary.failedAccounts).toBe(1);
  });

  it("lists every page of ListRoles; a throttled ListRoles is retried; a 5xx that never recovers fails (not a pass)", async () => {
    // 103 roles, all fine: moto answers 100 per page, like IAM.
    for (let i = 0; i < 103; i++) {
      await createRole(emulator, OTHER, {
        name: `svc-${String(i).padStart(3, "0")}`,
        trustPolicy: policy(assume({ Service: "lambda.amazonaws.com" })),
      });
    }
    const auditor = await createUserWithKey(emulator, OTHER, "auditor", policy(allow(["iam:ListRoles"])));
    world = await createAccessWorld(emulator);
    await world.addProfile("other-audit", auditor);
    faults = await startFaultProxy(emulator);
    const env = { AWS_ENDPOINT_URL: faults.endpoint };

    const paged = await world.run(["audit", "--profile", "other-audit", "--json"], { env });
    expect(paged.code).toBe(0);
    const doc = expectDocument("audit", paged.stdout) as unknown as AuditDoc;
    expect(doc.ok).toBe(true);
    expect(doc.summary.roles).toBe(103);
    expect(faults.count("iam:ListRoles")).toBe(2);

    faults.reset();
    faults.setRules([{ action: "iam:ListRoles", fault: "throttle", times: 2 }]);
    const throttled = await world.run(["audit", "--profile", "other-audit"], { env });
    expect(throttled.stderr).toBe("");
    expect(throttled.code).toBe(0);
    expect(throttled.stdout).toContain("103 roles in 1 account");
    expect(faults.count("iam:ListRoles")).toBe(4); // 2 throttled + 2 pages

    // A first page that says more follows (IsTruncated) but gives no Marker: 100 of 103 roles. Judging those would
    // pass on a partial list; the account is not audited instead.
    faults.reset();
    faults.setRules([{ action: "iam:ListRoles", fault: "dropMarker" }]);
    const cut = await world.run(["audit", "--profile", "other-audit"], { env });
    expect(faults.count("iam:ListRoles")).toBe(1);
    expect(cut.code).toBe(6);
    expect(cut.stdout).toContain(`account ${OTHER} (profile other-audit): could not be audited`);
    expect(cut.stdout).toContain("without a Marker");
    expect(cut.stdout).not.toContain("PASS");

    faults.reset();
    faults.setRules([{ action: "iam:ListRoles", fault: "status", status: 503 }]);
    const down = await world.run(["audit", "--profile", "other-audit"], { env });
    expect(down.code).not.toBe(0);
    expect(down.code).not.toBe(4);
    expect(down.stdout).toContain(`account ${OTHER} (profile other-audit): could not be audited`);
    expect(down.stdout).toContain("iam:ListRoles");
    expect(down.stdout).toMatch(/1 account not listed\.\nFAIL\n$/);
    expect(down.stdout).not.toContain("PASS");
    expect(down.stderr).not.toMatch(/\n\s+at /);
    const downJson = await world.run(["audit", "--profile", "other-audit", "--json"], { env });
    expect(downJson.code).toBe(down.code);
    const failed = expectDocument("audit", downJson.stdout) as unknown as AuditDoc;
    expect(failed.ok).toBe(false);
    expect(failed.accounts[0]?.roles).toEqual([]);
  });
});
