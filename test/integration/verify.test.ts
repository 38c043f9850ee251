import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VerifyCheck } from "../../src/core/verify/verify-checks.js";
import type { VerifyReport } from "../../src/core/verify/verify-report.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createBucket, createRepository, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { expectDocument } from "../support/output-schemas.js";
import {
  type AccessWorld,
  ADMIN_FLAGS,
  createAccessWorld,
  iamAs,
  specWithTargets,
} from "./access-fixture.js";
import { expectNoSecrets } from "./assume-world.js";

const emulator = useEmulator({ reset: "test" });
let world: AccessWorld;
let ci: UserWithKey;

const ROLE = "OurThingBuildRole";
const ROLE_ARN = `arn:aws:iam::${TARGET}:role/${ROLE}`;
const EXTERNAL_ID = "Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi";
const SPEC = specWithTargets(1, {
  externalId: EXTERNAL_ID,
  permissions: { ecr: { push: ["ourthing/app"] }, s3: { write: ["ourthing-artifacts/builds/"] } },
});

/** The BUILD user's keys as the run's environment (verify uses the default chain). */
function asCi(): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: ci.accessKeyId, AWS_SECRET_ACCESS_KEY: ci.secretAccessKey };
}

async function verify(
  extra: string[] = [],
): Promise<{ code: number | null; report: VerifyReport; stderr: string }> {
  const run = await world.run(["verify", "--json", ...ADMIN_FLAGS, ...extra], { env: asCi() });
  expectNoSecrets(run, [
    ci.secretAccessKey,
    world.targetAdmin.secretAccessKey,
    world.buildAdmin.secretAccessKey,
  ]);
  expect(run.iamWrites).toEqual([]);
  let report: VerifyReport;
  try {
    report = expectDocument("verify", run.stdout) as unknown as VerifyReport;
  } catch (error) {
    throw new Error(`verify printed no valid document (exit ${run.code}): ${String(error)}\n${run.stderr}`);
  }
  return { code: run.code, report, stderr: run.stderr };
}

function check(
  report: VerifyReport,
  id: string,
  part: "BUILD" | string = "ourthing",
): VerifyCheck | undefined {
  const checks = part === "BUILD" ? report.build.checks : report.targets.find((t) => t.name === part)?.checks;
  return checks?.find((c) => c.id === id);
}

beforeEach(async () => {
  ci = await createUserWithKey(emulator, BUILD, "ci");
  await createRepository(emulator, TARGET, "us-east-1", "ourthing/app");
  await createBucket(emulator, TARGET, "us-east-1", "ourthing-artifacts");
  world = await createAccessWorld(emulator);
  await world.writeSpec(SPEC);
  const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
});
afterEach(async () => {
  await world?.dispose();
});

describe("crossrole verify (built CLI, emulator with trust and auth enforced)", () => {
  it("passes on a correct setup, with an evidence document (request IDs, ARNs, no secrets) written by --out", async () => {
    const { code, report } = await verify(["--probe-writes", "--out", "evidence.json"]);
    const failed = [...report.build.checks, ...report.targets.flatMap((t) => t.checks)].filter(
      (c) => c.status === "fail",
    );
    expect(failed).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      formatVersion: 1,
      kind: "crossrole-verify-evidence",
      caller: { arn: `arn:aws:iam::${BUILD}:user/ci`, account: BUILD },
      buildPrincipalArn: `arn:aws:iam::${BUILD}:user/ci`,
      summary: { ok: true, fail: 0 },
    });
    const target = report.targets[0];
    expect(target?.sessionArn).toBe(`arn:aws:sts::${TARGET}:assumed-role/${ROLE}/crossrole-verify`);
    for (const id of [
      "assume-with-external-id",
      "assume-without-external-id",
      "assume-with-wrong-external-id",
      "ecr-allowed-repository-readable",
      "ecr-outside-repository-refused",
      "s3-canary-write",
      "s3-write-outside-prefix-refused",
    ]) {
      expect(check(report, id)?.status, id).toBe("pass");
    }
    // The live lint ran on the target: at most notes (info), no warnings.
    const lint = target?.checks.filter((c) => c.id.startsWith("lint:") || c.id === "live-lint") ?? [];
    expect(lint.length).toBeGreaterThan(0);
    expect(lint.filter((c) => c.status !== "pass" && c.status !== "info")).toEqual([]);
    expect(check(report, "assume-with-external-id")?.requestIds?.length).toBeGreaterThan(0);
    expect(check(report, "caller-is-build-principal", "BUILD")?.status).toBe("pass");
    expect(check(report, "live-lint", "BUILD")?.status).toBe("pass");
    const saved = JSON.parse(
      await readFile(join(world.sandbox.dir, "evidence.json"), "utf8"),
    ) as VerifyReport;
    expect(saved.generatedAt).toBe(report.generatedAt);

    // What the emulator saw: the right ExternalId, none, and a wrong one.
    const sent = (await emulator.sessions()).filter((s) => s.roleArn === ROLE_ARN).map((s) => s.externalId);
    expect(sent).toContain(EXTERNAL_ID);
  });

  it("the table is short and says verified; without admin credentials the live lint is skipped with a note", async () => {
    const run = await world.run(["verify"], { env: asCi() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^verify: running as arn:aws:iam::222222222222:user\/ci/);
    expect(run.stdout).toMatch(/target ourthing/);
    expect(run.stdout).toMatch(/skip\s+live lint/);
    expect(run.stdout).toMatch(/note: live lint skipped/);
    expect(run.stdout).toMatch(/verified: \d+ passed/);
  });

  it("a trust without the ExternalId condition: CRITICAL confused deputy and a lint error, exit 4", async () => {
    await setTrust({ Effect: "Allow", Principal: { AWS: ci.arn }, Action: "sts:AssumeRole" });
    const { code, report } = await verify(["--html", "report/verify.html"]);
    expect(code).toBe(4);
    // The HTML page (issue 21): 0644, the CRITICAL cell where the evidence has it, the evidence embedded, no ExternalId.
    const page = join(world.sandbox.dir, "report", "verify.html");
    expect((await stat(page)).mode & 0o777).toBe(0o644);
    const html = await readFile(page, "utf8");
    expect(html).toMatch(
      /data-part="ourthing" data-check="assume-without-external-id" data-status="critical"><span class="label">CRITICAL/,
    );
    expect(html).not.toContain(EXTERNAL_ID);
    const embedded = JSON.parse(
      /<script type="application\/json" id="evidence">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "null",
    ) as VerifyReport;
    expect(embedded.generatedAt).toBe(report.generatedAt);
    expect(embedded.targets[0]?.checks.map((c) => c.status)).toEqual(
      report.targets[0]?.checks.map((c) => c.status),
    );
    expect(check(report, "assume-without-external-id")).toMatchObject({
      status: "fail",
      severity: "critical",
    });
    expect(check(report, "assume-without-external-id")?.detail).toMatch(
      /confused deputy: the role admits callers without the ExternalId/,
    );
    expect(check(report, "assume-without-external-id")?.fix).toMatch(/StringEquals/);
    expect(check(report, "lint:external-id-missing")).toMatchObject({ status: "fail", severity: "error" });
  });

  it('a trust with StringLike "*": a wrong ExternalId is admitted (CRITICAL), lint flags the weak operator', async () => {
    await setTrust({
      Effect: "Allow",
      Principal: { AWS: ci.arn },
      Action: "sts:AssumeRole",
      Condition: { StringLike: { "sts:ExternalId": "*" } },
    });
    const { code, report } = await verify();
    expect(code).toBe(4);
    expect(check(report, "assume-with-wrong-external-id")).toMatchObject({
      status: "fail",
      severity: "critical",
    });
    expect(check(report, "assume-without-external-id")?.status).toBe("pass");
    expect(check(report, "lint:external-id-weak-operator")).toMatchObject({
      status: "fail",
      severity: "error",
    });
  });

  it("a trust naming the BUILD account root: a warning with a fix, still exit 0", async () => {
    await setTrust({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${BUILD}:root` },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } },
    });
    const { code, report } = await verify();
    const warnings = report.targets[0]?.checks.filter((c) => c.status === "warn") ?? [];
    expect(warnings.some((c) => c.id.startsWith("lint:") && /root|whole account/i.test(c.detail))).toBe(true);
    expect(warnings.every((c) => c.severity === "warning" && c.fix !== undefined)).toBe(true);
    expect(code).toBe(0);
  });

  it("a BUILD grant on * is an error of the BUILD part", async () => {
    const iam = iamAs(emulator, world.buildAdmin);
    await iam.send(
      new PutUserPolicyCommand({
        UserName: "ci",
        PolicyName: "crossrole-assume-targets",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
        }),
      }),
    );
    iam.destroy();
    const { code, report } = await verify();
    expect(code).toBe(4);
    expect(check(report, "lint:grant-resource-wildcard", "BUILD")).toMatchObject({
      status: "fail",
      severity: "error",
    });
    expect(check(report, "assume-with-external-id")?.status).toBe("pass");
  });

  it("a missing permission: the allowed repository is not readable (error, with the fix)", async () => {
    const iam = iamAs(emulator, world.targetAdmin);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: ROLE, PolicyName: "crossrole-permissions" }));
    iam.destroy();
    const { code, report } = await verify();
    expect(code).toBe(4);
    expect(check(report, "ecr-allowed-repository-readable")).toMatchObject({
      status: "fail",
      severity: "error",
    });
    expect(check(report, "ecr-allowed-repository-readable")?.fix).toMatch(/crossrole apply/);
    // The session reads no repository at all, so its refusal outside the spec proves nothing about the scope.
    expect(check(report, "ecr-outside-repository-refused")).toMatchObject({
      status: "fail",
      severity: "error",
    });
    expect(check(report, "ecr-outside-repository-refused")?.detail).toMatch(
      /^could not be judged: no probe inside/,
    );
  });

  it("no BUILD grant: AssumeRole with the ExternalId is refused, so the refusals without or with a wrong one prove nothing (not judged, not pass)", async () => {
    const iam = iamAs(emulator, world.buildAdmin);
    const { PolicyNames = [] } = await iam.send(new ListUserPoliciesCommand({ UserName: "ci" }));
    expect(PolicyNames.length).toBeGreaterThan(0);
    for (const name of PolicyNames) {
      await iam.send(new DeleteUserPolicyCommand({ UserName: "ci", PolicyName: name }));
    }
    iam.destroy();
    const { code, report } = await verify();
    expect(code).toBe(4);
    expect(check(report, "assume-with-external-id")).toMatchObject({ status: "fail", severity: "error" });
    for (const id of ["assume-without-external-id", "assume-with-wrong-external-id"]) {
      expect(check(report, id)).toMatchObject({ status: "fail", severity: "error" });
      expect(check(report, id)?.detail).toMatch(
        /^could not be judged: AssumeRole with the ExternalId was not allowed/,
      );
    }
  });

  it("BUILD admin credentials of another account: the BUILD part says so (ACCOUNT_MISMATCH), not 'principal missing'", async () => {
    // --build-profile names the TARGET account's admin: reading the grant there would find no BUILD principal and
    // blame the spec. verify checks the account first, as apply, diff and destroy do.
    const { code, report } = await verify(["--build-profile", "target-admin"]);
    expect(code).toBe(4);
    const failed = report.build.checks.find((c) => c.status === "fail");
    expect(failed?.detail).toMatch(new RegExp(`in account ${TARGET}.*BUILD side is account ${BUILD}`));
    expect(failed?.detail).not.toMatch(/does not exist/);
    expect(check(report, "assume-with-external-id")?.status).toBe("pass");
  });

  it("exit 3 when the BUILD credentials themselves are refused", async () => {
    const run = await world.run(["verify"], {
      env: { AWS_ACCESS_KEY_ID: "AKIAUNKNOWN000000000", AWS_SECRET_ACCESS_KEY: "nope" },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/GetCallerIdentity/);
  });
});

async function setTrust(statement: Record<string, unknown>): Promise<void> {
  const iam = iamAs(emulator, world.targetAdmin);
  await iam.send(
    new UpdateAssumeRolePolicyCommand({
      RoleName: ROLE,
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
    }),
  );
  iam.destroy();
}
