import { resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../emulator/fault-proxy.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { runProcess } from "../support/run-process.js";
import {
  type AssumeWorld,
  cliPath,
  createAssumeWorld,
  EXTERNAL_ID,
  expectNoSecrets,
  REGION,
  ROLE_ARN,
  runCrossrole,
} from "./assume-world.js";

// `assume` through the fault-injecting proxy: one AWS call per intent (a failed AssumeRole of the fast path is
// reported, not repeated by the full CLI), and plain exit-5 messages for answers that are not AWS errors.
const emulator = useEmulator({ reset: "test" });
let world: AssumeWorld;
let faults: FaultProxy;

beforeAll(async () => {
  faults = await startFaultProxy(emulator);
});
beforeEach(async () => {
  world = await createAssumeWorld(emulator);
});
afterEach(async () => {
  faults.reset();
  await world.sandbox.cleanup();
});
afterAll(async () => {
  await faults.close();
});

/** A role ARN: the fast path assumes it without parsing a spec. */
function args(externalId = EXTERNAL_ID): string[] {
  return [
    "assume",
    "--role-arn",
    ROLE_ARN,
    "--external-id",
    externalId,
    "--region",
    REGION,
    "--format",
    "json",
  ];
}
const env = () => ({ ...world.env, AWS_ENDPOINT_URL: faults.endpoint });

/** The executable (bin.ts: the CommonJS fast path first). */
const viaExecutable = (argv: string[]) => runCrossrole(argv, { env: env(), cwd: world.sandbox.dir });
/** The ES-module CLI alone (dist/cli.js reads argv itself): how the full command reports the same failure. */
const viaFullCli = (argv: string[]) =>
  runProcess(process.execPath, [resolve(cliPath, "../cli.js"), ...argv], {
    env: env(),
    cwd: world.sandbox.dir,
  });

describe("assume: one AWS call per intent", () => {
  it("control: a cold run through the proxy makes one AssumeRole and succeeds", async () => {
    const run = await viaExecutable(args());
    expect(run.code, run.stderr).toBe(0);
    expect(faults.count("sts:AssumeRole")).toBe(1);
  });

  it("AccessDenied on the fast path: 1 AssumeRole call, reported as the full CLI reports it (exit 3)", async () => {
    const full = await viaFullCli(args("wrong-external-id"));
    expect(full.code).toBe(3);
    expect(faults.count("sts:AssumeRole")).toBe(1);
    faults.reset();

    const run = await viaExecutable(args("wrong-external-id"));
    expect(faults.count("sts:AssumeRole")).toBe(1);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(full.stderr);
    expect(run.stderr).toContain(`access denied: ${world.user.arn} may not assume ${ROLE_ARN}`);
    expect(run.stdout).toBe("");
    expectNoSecrets(run, [world.user.secretAccessKey]);
  });

  it("persistent throttling: the SDK's 4 attempts once (not 8), same stderr and exit code as the full CLI", async () => {
    faults.setRules([{ action: "sts:AssumeRole", fault: "throttle" }]);
    const full = await viaFullCli(args());
    expect(faults.count("sts:AssumeRole")).toBe(4);
    faults.reset();
    faults.setRules([{ action: "sts:AssumeRole", fault: "throttle" }]);

    const run = await viaExecutable(args());
    expect(faults.count("sts:AssumeRole")).toBe(4);
    expect(run.code).toBe(full.code);
    expect(run.stderr).toBe(full.stderr);
    expect(run.stderr).toMatch(/Throttling/);
  });

  it("throttled twice, then answered: the retries succeed (3 calls, exit 0)", async () => {
    faults.setRules([{ action: "sts:AssumeRole", fault: "throttle", times: 2 }]);
    const run = await viaExecutable(args());
    expect(run.code, run.stderr).toBe(0);
    expect(faults.count("sts:AssumeRole")).toBe(3);
  });
});

describe("assume: an endpoint that does not answer like AWS is exit 5 with a plain message", () => {
  it.each([
    [
      "persistent 503",
      { fault: "status", status: 503 },
      /^crossrole: sts:AssumeRole on arn:aws:iam::111111111111:role\/deploy at http:\/\/127\.0\.0\.1:\d+: AWS answered 503 Service Unavailable 4 times, not an AWS error body\./,
    ],
    ["persistent 500", { fault: "status", status: 500 }, /: AWS answered 500 Internal Server Error 4 times/],
    [
      "a reset connection",
      { fault: "reset" },
      /^crossrole: sts:AssumeRole on arn:aws:iam::111111111111:role\/deploy at http:\/\/127\.0\.0\.1:\d+: the connection was reset \(ECONNRESET\), 4 attempts\./,
    ],
    [
      "a truncated body",
      { fault: "truncate" },
      /^crossrole: sts:AssumeRole on arn:aws:iam::111111111111:role\/deploy at http:\/\/127\.0\.0\.1:\d+: the answer was cut off before its end \(HTTP 200\), 4 attempts\./,
    ],
    [
      "a proxy's HTML 403",
      { fault: "html403" },
      /^crossrole: sts:AssumeRole on arn:aws:iam::111111111111:role\/deploy at http:\/\/127\.0\.0\.1:\d+: HTTP 403 with an HTML page, not an AWS answer \(a proxy in between\?\)\./,
    ],
  ] as const)("%s", async (_name, rule, message) => {
    faults.setRules([{ action: "sts:AssumeRole", ...rule }]);
    const run = await viaExecutable(args());
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/Deserialization|\$response|\n\s+at /);
    expect(run.stderr).toMatch(/\n {2}next: /);
    expect(faults.count("sts:AssumeRole")).toBeLessThanOrEqual(4);
    expect(run.stdout).toBe("");
  });
});
