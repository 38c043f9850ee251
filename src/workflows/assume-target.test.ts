import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CallerIdentity } from "../core/diff/live-state.js";
import { UsageError } from "../core/errors.js";
import type { AssumedRole, StsPort } from "../core/ports/sts-port.js";
import type { AssumeRoleParameters } from "../core/session/validate-assume-request.js";
import { type AssumeTargetOptions, assumeTarget } from "./assume-target.js";

const ROLE = "arn:aws:iam::111111111111:role/deploy";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "crossrole-assume-test-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function fakeSts(callerArn = "arn:aws:iam::222222222222:user/ci") {
  const calls: AssumeRoleParameters[] = [];
  let loads = 0;
  let n = 0;
  const adapter: StsPort = {
    async assumeRole(request): Promise<AssumedRole> {
      calls.push(request);
      n++;
      return {
        credentials: {
          accessKeyId: `ASIA${n}`,
          secretAccessKey: "secret",
          sessionToken: "token",
          expiration: new Date(Date.now() + request.durationSeconds * 1000),
        },
        assumedRoleArn: `arn:aws:sts::111111111111:assumed-role/deploy/${request.sessionName}`,
      };
    },
    async getCallerIdentity(): Promise<CallerIdentity> {
      return { account: "222222222222", arn: callerArn, userId: "AIDA" };
    },
  };
  return {
    calls,
    loads: () => loads,
    loader: async () => {
      loads++;
      return { createStsAdapter: () => adapter };
    },
  };
}

function options(
  sts: ReturnType<typeof fakeSts>,
  extra: Partial<AssumeTargetOptions> = {},
): AssumeTargetOptions {
  return {
    target: { kind: "role", roleArn: ROLE, externalId: "ext-1234" },
    env: { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIABUILD" },
    home: root,
    user: "alice",
    host: "box",
    cacheDir: join(root, "cache"),
    loadSts: sts.loader,
    ...extra,
  };
}

describe("assumeTarget", () => {
  it("assumes on a miss, serves the cache on a hit without loading STS", async () => {
    const sts = fakeSts();
    const first = await assumeTarget(options(sts));
    expect(first.fromCache).toBe(false);
    expect(first).toMatchObject({
      roleArn: ROLE,
      region: "eu-west-1",
      sessionName: "alice@box",
      warnings: [],
    });
    expect(sts.calls[0]).toMatchObject({ roleArn: ROLE, externalId: "ext-1234", durationSeconds: 3600 });
    const second = await assumeTarget(options(sts));
    expect(second.fromCache).toBe(true);
    expect(second.credentials.accessKeyId).toBe(first.credentials.accessKeyId);
    expect(sts.loads()).toBe(1);
  });

  it("--no-cache neither reads nor writes", async () => {
    const sts = fakeSts();
    await assumeTarget(options(sts, { cache: false }));
    await assumeTarget(options(sts, { cache: false }));
    expect(sts.calls).toHaveLength(2);
    const third = await assumeTarget(options(sts));
    expect(third.fromCache).toBe(false);
  });

  it("does not serve another caller's session", async () => {
    const sts = fakeSts();
    await assumeTarget(options(sts));
    const other = await assumeTarget(
      options(sts, { env: { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIAOTHER" } }),
    );
    expect(other.fromCache).toBe(false);
    expect(sts.calls).toHaveLength(2);
  });

  it("clamps the duration to 3600 with a warning when the source is an assumed-role session", async () => {
    const sts = fakeSts("arn:aws:sts::222222222222:assumed-role/runner/job-9");
    const result = await assumeTarget(options(sts, { durationSeconds: 7200 }));
    expect(sts.calls[0]?.durationSeconds).toBe(3600);
    expect(result.warnings.join()).toMatch(/role chaining caps sessions at 1 h/);
    const again = await assumeTarget(options(sts, { durationSeconds: 7200 }));
    expect(again.fromCache).toBe(true);
    expect(again.warnings.join()).toMatch(/role chaining/);
  });

  it("does not clamp an EC2 instance-role session, but says so", async () => {
    const sts = fakeSts("arn:aws:sts::222222222222:assumed-role/ec2-builder/i-0123456789abcdef0");
    const result = await assumeTarget(options(sts, { durationSeconds: 7200 }));
    expect(sts.calls[0]?.durationSeconds).toBe(7200);
    expect(result.warnings.join()).toMatch(/EC2 instance role/);
  });

  it("does not clamp for a user caller", async () => {
    const sts = fakeSts();
    await assumeTarget(options(sts, { durationSeconds: 7200 }));
    expect(sts.calls[0]?.durationSeconds).toBe(7200);
  });

  it.each<[string, Partial<AssumeTargetOptions>, RegExp]>([
    ["a bad role ARN", { target: { kind: "role", roleArn: "arn:aws:iam::1:role/x" } }, /not an IAM role ARN/],
    ["a bad duration", { durationSeconds: 60 }, /900\.\.43200/],
    ["a bad session name", { sessionName: "a b" }, /invalid session name/],
    ["no region", { env: {} }, /no AWS region/],
    ["min-ttl >= duration", { minTtlSeconds: 3600 }, /--min-ttl/],
    [
      "a missing spec",
      { target: { kind: "spec", file: "/nonexistent/crossrole.yaml", target: "x" } },
      /no access spec at \/nonexistent\/crossrole.yaml/,
    ],
  ])("rejects %s before any STS call", async (_, change, message) => {
    const sts = fakeSts();
    const error = await assumeTarget(options(sts, change)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect(sts.loads()).toBe(0);
  });

  it("derives the session name from CI metadata", async () => {
    const sts = fakeSts();
    const env = { AWS_REGION: "eu-west-1", CI_PROJECT_PATH: "g/app", CI_JOB_ID: "77" };
    const result = await assumeTarget(options(sts, { env }));
    expect(result.sessionName).toBe("g-app-77");
  });

  // The spec-resolution record is written while the AssumeRole is under way (it overlaps the call), and is on
  // disk when assumeTarget settles, whether the call succeeded or failed; --no-cache records nothing.
  it.each([
    ["an AssumeRole that succeeds", false, true],
    ["an AssumeRole that fails", true, true],
    ["--no-cache", false, false],
  ])("records the light reader's targets by the time it settles: %s", async (_, fail, cache) => {
    const spec = join(root, "crossrole.yaml");
    await writeFile(
      spec,
      `version: 1
region: eu-west-1
build:
  account: "222222222222"
  principal: user/ci
targets:
  deploy:
    account: "111111111111"
    role: deploy
    externalId: ext-1234-Q7vR2mK9pL4sT8wZ1nB6cD3fG5hJ0k
`,
    );
    const sts = fakeSts();
    const loader: typeof sts.loader = fail
      ? async () => ({
          createStsAdapter: () => ({
            assumeRole: async () => {
              throw new Error("refused");
            },
            getCallerIdentity: async () => ({
              account: "222222222222",
              arn: "arn:aws:iam::222222222222:user/ci",
              userId: "AIDA",
            }),
          }),
        })
      : sts.loader;
    const run = assumeTarget(
      options(sts, { target: { kind: "spec", file: spec, target: "deploy" }, loadSts: loader, cache }),
    );
    if (fail) await expect(run).rejects.toThrow("refused");
    else expect((await run).roleArn).toBe(ROLE);
    const records = (await readdir(join(root, "cache")).catch(() => [])).filter((f) =>
      f.startsWith("target-"),
    );
    expect(records).toHaveLength(cache ? 1 : 0);
    // Nothing half-written is left beside it.
    expect((await readdir(join(root, "cache")).catch(() => [])).filter((f) => !f.endsWith(".json"))).toEqual(
      [],
    );
  });
});
