import { readFile, stat } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BUILD, TARGET } from "../emulator/accounts.js";
import { type FaultProxy, startFaultProxy } from "../emulator/fault-proxy.js";
import { useEmulator } from "../emulator/use-emulator.js";
import { createUserWithKey } from "../emulator/world.js";
import { runProcess } from "../support/run-process.js";
import { ADMIN_FLAGS, createAccessWorld, specWithTargets } from "./access-fixture.js";
import { createAssumeWorld, expectNoSecrets, runCrossrole } from "./assume-world.js";
import { createEcrWorld, cliPath as ecrCli, runNode } from "./ecr-world.js";

// apply, ecr login and serve through the fault-injecting proxy: an endpoint that does not answer like AWS (a
// persistent 5xx, a reset, a proxy's HTML page) is exit 5 with a message naming the call and the endpoint, and no
// SDK text or stack; a transient fault is retried and the command succeeds.
const emulator = useEmulator({ reset: "test" });
let faults: FaultProxy;

beforeAll(async () => {
  faults = await startFaultProxy(emulator);
});
afterEach(() => faults.reset());
afterAll(async () => {
  await faults.close();
});

/** The proxy's endpoint, as the tests' own prefix of the message. */
const at = () => faults.endpoint.replace(/[.]/g, "\\.");
const NO_SDK_TEXT = /Deserialization|\$response|\n\s+at \S+ \(/;

describe("ecr login through faults", () => {
  it("persistent 503 on GetAuthorizationToken: exit 5, plain message, config.json untouched", async () => {
    const world = await createEcrWorld(emulator);
    try {
      faults.setRules([{ action: "ecr:GetAuthorizationToken", fault: "status", status: 503 }]);
      const run = await runNode(ecrCli, ["ecr", "login", "deploy"], {
        ...world.env,
        AWS_ENDPOINT_URL: faults.endpoint,
      });
      expect(run.code, run.stderr).toBe(5);
      expect(run.stderr).toMatch(
        new RegExp(
          `^crossrole: ecr:GetAuthorizationToken .*at ${at()}: AWS answered 503 Service Unavailable 4 times`,
          "m", // after the line naming the spec (from CROSSROLE_CONFIG)
        ),
      );
      expect(run.stderr).not.toMatch(NO_SDK_TEXT);
      expect(faults.count("ecr:GetAuthorizationToken")).toBe(4);
      await expect(stat(world.dockerConfig)).rejects.toThrow();
    } finally {
      await world.sandbox.cleanup();
    }
  });

  it("a proxy's HTML 403 is not an AccessDenied: exit 5, says a proxy answered", async () => {
    const world = await createEcrWorld(emulator);
    try {
      faults.setRules([{ action: "ecr:GetAuthorizationToken", fault: "html403" }]);
      const run = await runNode(ecrCli, ["ecr", "login", "deploy"], {
        ...world.env,
        AWS_ENDPOINT_URL: faults.endpoint,
      });
      expect(run.code, run.stderr).toBe(5);
      expect(run.stderr).toMatch(/HTTP 403 with an HTML page, not an AWS answer \(a proxy in between\?\)/);
      expect(run.stderr).not.toMatch(/access denied/);
      expect(run.stderr).not.toMatch(NO_SDK_TEXT);
    } finally {
      await world.sandbox.cleanup();
    }
  });

  it("throttled twice, then answered: logged in", async () => {
    const world = await createEcrWorld(emulator);
    try {
      faults.setRules([{ action: "ecr:GetAuthorizationToken", fault: "throttle", times: 2 }]);
      const run = await runNode(ecrCli, ["ecr", "login", "deploy"], {
        ...world.env,
        AWS_ENDPOINT_URL: faults.endpoint,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(faults.count("ecr:GetAuthorizationToken")).toBe(3);
      expect(await readFile(world.dockerConfig, "utf8")).toContain("auths");
    } finally {
      await world.sandbox.cleanup();
    }
  });
});

describe("serve through faults", () => {
  it.each([
    ["a persistent 503", { fault: "status", status: 503 }, /AWS answered 503 Service Unavailable 4 times/],
    ["a reset connection", { fault: "reset" }, /the connection was reset \(ECONNRESET\), 4 attempts/],
  ] as const)(
    "%s on the first AssumeRole: exit 5, nothing exported, plain message",
    async (_name, rule, message) => {
      const world = await createAssumeWorld(emulator);
      try {
        faults.setRules([{ action: "sts:AssumeRole", ...rule }]);
        const run = await runCrossrole(["serve", "deploy", "-c", world.specPath], {
          env: { ...world.env, AWS_ENDPOINT_URL: faults.endpoint },
          cwd: world.sandbox.dir,
        });
        expect(run.code, run.stderr).toBe(5);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(new RegExp(`^crossrole: sts:AssumeRole on \\S+ at ${at()}: `));
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toMatch(NO_SDK_TEXT);
        expect(faults.count("sts:AssumeRole")).toBe(4);
        expectNoSecrets(run, [world.user.secretAccessKey]);
      } finally {
        await world.sandbox.cleanup();
      }
    },
  );

  it("exec --serve with a persistent 503: exit 5 and CMD does not run", async () => {
    const world = await createAssumeWorld(emulator);
    try {
      faults.setRules([{ action: "sts:AssumeRole", fault: "status", status: 503 }]);
      const run = await runProcess(
        process.execPath,
        [
          ...[ecrCli, "exec", "--serve", "deploy", "-c", world.specPath],
          ...["--", process.execPath, "-e", "console.log('RAN')"],
        ],
        {
          env: { ...world.env, AWS_ENDPOINT_URL: faults.endpoint },
          cwd: world.sandbox.dir,
          timeoutMs: 45_000,
        },
      );
      expect(run.code, run.stderr).toBe(5);
      expect(run.stdout).not.toContain("RAN");
      expect(run.stderr).not.toMatch(NO_SDK_TEXT);
    } finally {
      await world.sandbox.cleanup();
    }
  });
});

describe("apply through faults", () => {
  it("a persistent 503 on iam:CreateRole: exit 5 naming the call and endpoint; the next apply (no faults) completes", async () => {
    await createUserWithKey(emulator, BUILD, "ci");
    const world = await createAccessWorld(emulator);
    try {
      await world.writeSpec(specWithTargets(1, { externalId: "crossrole-ext-01-4f1c9a7e2b" }));
      faults.setRules([{ action: "iam:CreateRole", fault: "status", status: 503 }]);
      const env = { AWS_ENDPOINT_URL: faults.endpoint };
      const run = await world.run(["apply", "--yes", ...ADMIN_FLAGS], { env });
      expect(run.code, run.stdout + run.stderr).toBe(5);
      const text = run.stdout + run.stderr;
      expect(text).toMatch(
        new RegExp(
          `iam:CreateRole on \\S+ in account ${TARGET} at ${at()}: AWS answered 503 Service Unavailable 4 times`,
        ),
      );
      expect(text).not.toMatch(NO_SDK_TEXT);
      expect(faults.count("iam:CreateRole")).toBe(4);

      faults.reset();
      const again = await world.run(["apply", "--yes", ...ADMIN_FLAGS], { env });
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(faults.count("iam:CreateRole")).toBe(1);
    } finally {
      await world.dispose();
    }
  });

  it("AWS keeps throttling iam:CreateRole: an AWS failure, not an auth one (exit 6), named with AWS's error", async () => {
    await createUserWithKey(emulator, BUILD, "ci");
    const world = await createAccessWorld(emulator);
    try {
      await world.writeSpec(specWithTargets(1, { externalId: "crossrole-ext-01-4f1c9a7e2b" }));
      faults.setRules([{ action: "iam:CreateRole", fault: "throttle" }]);
      const run = await world.run(["apply", "--yes", ...ADMIN_FLAGS], {
        env: { AWS_ENDPOINT_URL: faults.endpoint },
      });
      expect(run.code, run.stdout + run.stderr).toBe(6);
      expect(run.stdout + run.stderr).toMatch(
        new RegExp(`iam:CreateRole on \\S+ in account ${TARGET} failed: Throttling`),
      );
      expect(run.stdout + run.stderr).not.toMatch(NO_SDK_TEXT);
    } finally {
      await world.dispose();
    }
  });

  it("a reset on iam:GetRole while reading the live state: exit 5, nothing written", async () => {
    await createUserWithKey(emulator, BUILD, "ci");
    const world = await createAccessWorld(emulator);
    try {
      await world.writeSpec(specWithTargets(1, { externalId: "crossrole-ext-01-4f1c9a7e2b" }));
      faults.setRules([{ action: "iam:GetRole", fault: "reset" }]);
      const run = await world.run(["apply", "--yes", ...ADMIN_FLAGS], {
        env: { AWS_ENDPOINT_URL: faults.endpoint },
      });
      expect(run.code, run.stdout + run.stderr).toBe(5);
      expect(run.stdout + run.stderr).toMatch(
        /iam:GetRole .*: the connection was reset \(ECONNRESET\), 4 attempts/,
      );
      expect(run.iamWrites).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});
