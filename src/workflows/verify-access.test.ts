import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import type { ProbeOutcome } from "../core/verify/probe-outcome.js";
import { type VerifyPorts, verifyAccess } from "./verify-access.js";

const ID = "Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi";
const SPEC = `version: 1
region: eu-west-1
build: { account: "222222222222", principal: user/ci }
targets:
  web:
    account: "111111111111"
    role: Web
    externalId: ${ID}
    permissions: { ecr: { push: [web/app] }, s3: { write: [artifacts/web/] } }
  api:
    account: "111111111111"
    role: Api
    externalId: Yq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qj
`;

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-verify-"));
  file = join(dir, "crossrole.yaml");
  await writeFile(file, SPEC);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const credentials = { accessKeyId: "ASIA", secretAccessKey: "s", sessionToken: "t", expiration: new Date() };

/** A world where the trust requires exactly the spec's ExternalIds, unless `open` lets anything in. */
function fakePorts(options: { open?: boolean } = {}): VerifyPorts {
  const calls: string[] = [];
  const sts: StsProbe = {
    whoAmI: async () => ({
      identity: { account: "222222222222", arn: "arn:aws:iam::222222222222:user/ci", userId: "AIDA" },
      requestId: "who",
    }),
    probeIdentity: async () => ({ outcome: { result: "allowed" } }),
    tryAssumeRole: async (request) => {
      calls.push(request.roleArn);
      const ok =
        options.open === true ||
        (request.externalId !== undefined && !request.externalId.startsWith("crossrole-verify-wrong"));
      return ok
        ? { outcome: { result: "allowed", requestId: "ar" }, credentials, assumedRoleArn: "x" }
        : { outcome: { result: "denied", code: "AccessDenied" } };
    },
  };
  const session = (arn: string): StsProbe => ({
    ...sts,
    probeIdentity: async () => ({ outcome: { result: "allowed" }, arn }),
  });
  const outcome = (ok: boolean): ProbeOutcome =>
    ok ? { result: "allowed" } : { result: "denied", code: "AccessDenied" };
  let n = 0;
  return {
    buildSts: sts,
    // Sessions come back in target order (web, then api); the fake names them so.
    sessionSts: () =>
      session(`arn:aws:sts::111111111111:assumed-role/${n++ === 0 ? "Web" : "Api"}/crossrole-verify`),
    sessionEcr: () => ({
      readRepository: async (_registry, repository) => outcome(repository === "web/app"),
      getAuthorizationToken: async () => outcome(true),
      destroy: () => undefined,
    }),
    sessionS3: () => ({
      putCanary: async (_bucket, key) => outcome(key.startsWith("web/")),
      deleteObject: async () => outcome(false),
      destroy: () => undefined,
    }),
  };
}

describe("verifyAccess (fake AWS)", () => {
  it("passes a correct world; skips what cannot be checked, with notices", async () => {
    const report = await verifyAccess({
      file,
      ports: fakePorts(),
      version: "t",
      concurrency: 1,
      probeWrites: true,
      now: () => new Date("2026-11-27T10:00:00Z"),
      randomHex: () => "abc",
    });
    expect(report.summary).toMatchObject({ ok: true, fail: 0 });
    expect(report.generatedAt).toBe("2026-11-27T10:00:00.000Z");
    expect(report.caller.requestId).toBe("who");
    const web = report.targets.find((t) => t.name === "web");
    expect(web?.checks.map((c) => [c.id, c.status])).toEqual([
      ["assume-with-external-id", "pass"],
      ["assume-without-external-id", "pass"],
      ["assume-with-wrong-external-id", "pass"],
      ["ecr-allowed-repository-readable", "pass"],
      ["ecr-outside-repository-refused", "pass"],
      ["s3-canary-write", "info"],
      ["s3-write-outside-prefix-refused", "pass"],
      ["live-lint", "skip"],
    ]);
    expect(report.notices.join("\n")).toMatch(/target api: the spec grants no ECR repository/);
    expect(report.notices.join("\n")).toMatch(/--target-profile/);
  });

  it("a role that admits anyone: CRITICAL on both negative checks, summary not ok", async () => {
    const report = await verifyAccess({
      file,
      targets: ["api"],
      ports: fakePorts({ open: true }),
      version: "t",
    });
    const api = report.targets[0];
    expect(report.targets.map((t) => t.name)).toEqual(["api"]);
    expect(api?.checks.filter((c) => c.severity === "critical").map((c) => c.id)).toEqual([
      "assume-without-external-id",
      "assume-with-wrong-external-id",
    ]);
    expect(report.summary.ok).toBe(false);
  });
});
