import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { VerifyCheck } from "../../src/core/verify/verify-checks.js";
import type { VerifyReport } from "../../src/core/verify/verify-report.js";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { type FaultProxy, type FaultRule, startFaultProxy } from "../emulator/fault-proxy.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createBucket, createRepository, createUserWithKey, type UserWithKey } from "../emulator/world.js";
import { type AccessWorld, ADMIN_FLAGS, createAccessWorld, specWithTargets } from "./access-fixture.js";

// verify through the fault-injecting proxy: a security check that AWS did not answer (throttling, 5xx, a proxy's
// HTML page, an unparseable body) is "could not be judged" and fails the run; only a real AWS AccessDenied counts
// as "refused". One world for the file (verify changes nothing); each test sets its own faults.
const emulator = useEmulator();
let world: AccessWorld;
let ci: UserWithKey;
let faults: FaultProxy;

const SPEC = specWithTargets(1, {
  externalId: "Xq7Lm2Rz9Kp4Vt8Wn3Bc6Df1Gh5Jk0YaTe2Su7Qi",
  permissions: { ecr: { push: ["ourthing/app"] }, s3: { write: ["ourthing-artifacts/builds/"] } },
});

/** The AssumeRole verify sends without an ExternalId (the confused-deputy probe). */
const WITHOUT_EXTERNAL_ID = (r: { body: string }) => !r.body.includes("ExternalId=");
/** The AssumeRole verify sends with a made-up ExternalId. */
const WRONG_EXTERNAL_ID = (r: { body: string }) => r.body.includes("ExternalId=crossrole-verify-wrong-");

beforeAll(async () => {
  ci = await createUserWithKey(emulator, BUILD, "ci");
  await createRepository(emulator, TARGET, "us-east-1", "ourthing/app");
  await createBucket(emulator, TARGET, "us-east-1", "ourthing-artifacts");
  world = await createAccessWorld(emulator);
  await world.writeSpec(SPEC);
  const applied = await world.run(["apply", "--yes", ...ADMIN_FLAGS]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  faults = await startFaultProxy(world.proxy);
});
afterEach(() => faults.reset());
afterAll(async () => {
  await faults?.close();
  await world?.dispose();
});

async function verifyWith(
  rules: FaultRule[],
): Promise<{ code: number | null; report: VerifyReport; text: string }> {
  faults.setRules(rules);
  const run = await world.run(["verify", "--json", "--probe-writes"], {
    env: {
      AWS_ACCESS_KEY_ID: ci.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
      AWS_ENDPOINT_URL: faults.endpoint,
    },
  });
  let report: VerifyReport;
  try {
    report = JSON.parse(run.stdout) as VerifyReport;
  } catch {
    throw new Error(`verify printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { code: run.code, report, text: run.stdout + run.stderr };
}

function check(report: VerifyReport, id: string): VerifyCheck | undefined {
  return report.targets[0]?.checks.find((c) => c.id === id);
}

describe("crossrole verify under network faults (fault proxy in front of the emulator)", () => {
  it("control: without faults every probe is judged and the run passes", async () => {
    const { code, report } = await verifyWith([]);
    expect(report.summary.fail, JSON.stringify(report.targets[0]?.checks, null, 2)).toBe(0);
    expect(code).toBe(0);
    expect(check(report, "assume-without-external-id")?.status).toBe("pass");
    expect(faults.count("sts:AssumeRole")).toBe(3);
  });

  it("persistent throttling on the no-ExternalId probe: could not be judged, the run fails (exit 4)", async () => {
    const { code, report } = await verifyWith([
      { action: "sts:AssumeRole", fault: "throttle", when: WITHOUT_EXTERNAL_ID },
    ]);
    expect(check(report, "assume-without-external-id")).toMatchObject({ status: "fail", severity: "error" });
    expect(check(report, "assume-without-external-id")?.detail).toMatch(/^could not be judged: Throttling/);
    expect(report.summary.ok).toBe(false);
    expect(code).toBe(4);
  });

  it("an HTML 403 from a proxy on the no-ExternalId probe is not a refusal: could not be judged, exit 4", async () => {
    const { code, report } = await verifyWith([
      { action: "sts:AssumeRole", fault: "html403", when: WITHOUT_EXTERNAL_ID },
    ]);
    const probe = check(report, "assume-without-external-id");
    expect(probe?.status).toBe("fail");
    expect(probe?.detail).toMatch(/^could not be judged: HTTP 403: an HTML page, not an AWS answer/);
    expect(probe?.detail).not.toMatch(/Deserialization|\$response/);
    expect(code).toBe(4);
  });

  it.each([
    ["a 404 HTML page", "html404"],
    ["a 200 with an unparseable body", "garbage200"],
    ["a reset connection", "reset"],
  ] as const)("%s on the wrong-ExternalId probe: could not be judged, exit 4", async (_name, fault) => {
    const { code, report } = await verifyWith([{ action: "sts:AssumeRole", fault, when: WRONG_EXTERNAL_ID }]);
    expect(check(report, "assume-with-wrong-external-id")).toMatchObject({ status: "fail" });
    expect(check(report, "assume-with-wrong-external-id")?.detail).toMatch(/^could not be judged/);
    expect(code).toBe(4);
  });

  it("a 503 on a permission probe is 'could not be judged', never 'missing permission'", async () => {
    const { code, report } = await verifyWith([
      { action: "ecr:BatchGetImage", fault: "status", status: 503 },
    ]);
    const readable = check(report, "ecr-allowed-repository-readable");
    expect(readable?.status).toBe("fail");
    expect(readable?.detail).toMatch(/^could not be judged: HTTP 503/);
    expect(readable?.detail).not.toMatch(/missing permission/);
    expect(check(report, "ecr-outside-repository-refused")?.detail).toMatch(/^could not be judged/);
    expect(code).toBe(4);
  });

  it("an HTML 403 on the S3 put outside the prefix is not a refusal", async () => {
    const { code, report } = await verifyWith([
      { action: "s3:PutObject", fault: "html403", when: (r) => r.path.includes("crossrole-verify-outside-") },
    ]);
    expect(check(report, "s3-canary-write")?.status).not.toBe("fail");
    expect(check(report, "s3-write-outside-prefix-refused")).toMatchObject({ status: "fail" });
    expect(check(report, "s3-write-outside-prefix-refused")?.detail).toMatch(
      /^could not be judged: HTTP 403/,
    );
    expect(code).toBe(4);
  });

  it("the table says which checks could not be judged", async () => {
    faults.setRules([{ action: "sts:AssumeRole", fault: "throttle", when: WITHOUT_EXTERNAL_ID }]);
    const run = await world.run(["verify"], {
      env: {
        AWS_ACCESS_KEY_ID: ci.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ci.secretAccessKey,
        AWS_ENDPOINT_URL: faults.endpoint,
      },
    });
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/FAIL\s+AssumeRole without an ExternalId is refused\s+could not be judged/);
    expect(run.stdout).toMatch(/NOT verified/);
  });
});
