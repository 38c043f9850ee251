import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_REFRESH_POLICY } from "../core/session/refresh-schedule.js";
import type { AssumeTargetOptions, AssumeTargetResult } from "./assume-target.js";
import { type CredentialEndpoint, serveCredentials } from "./serve-credentials.js";

let dir: string;
let endpoint: CredentialEndpoint | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crossrole-serve-"));
});
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
  await rm(dir, { recursive: true, force: true });
});

function options(env: Record<string, string> = {}): AssumeTargetOptions {
  return {
    target: { kind: "role", roleArn: "arn:aws:iam::111111111111:role/deploy", externalId: "x-external-id" },
    env: {
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
      AWS_CONFIG_FILE: join(dir, "config"),
      ...env,
    },
    home: dir,
    user: "u",
    host: "h",
    sessionName: "serve-unit",
  };
}

/** A fake assume workflow: key n on the n-th call, `lifetimeMs` long. Records the options it got. */
function fakeAssume(lifetimeMs = 3_600_000, roleArns: string[] = []) {
  const seen: AssumeTargetOptions[] = [];
  const assume = async (o: AssumeTargetOptions): Promise<AssumeTargetResult> => {
    seen.push(o);
    const n = seen.length;
    return {
      credentials: {
        accessKeyId: `ASIAKEY${n}`,
        secretAccessKey: `secret${n}`,
        sessionToken: `token${n}`,
        expiration: new Date(Date.now() + lifetimeMs),
      },
      roleArn: roleArns[n - 1] ?? "arn:aws:iam::111111111111:role/deploy",
      assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/deploy/serve-unit",
      expiration: new Date(Date.now() + lifetimeMs),
      fromCache: false,
      region: "eu-west-1",
      sessionName: "serve-unit",
      warnings: n === 1 ? ["first warning"] : [],
    };
  };
  return { assume, seen };
}

async function fetchCredentials(e: CredentialEndpoint, token = e.token) {
  const response = await fetch(e.url, { headers: { Authorization: token } });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe("serveCredentials", () => {
  it("assumes once (cache bypassed), serves, and exposes exactly the client variables", async () => {
    const sts = fakeAssume();
    endpoint = await serveCredentials({ assume: options(), assumeTarget: sts.assume });
    expect(sts.seen).toHaveLength(1);
    expect(sts.seen[0]?.cache).toBe(false);
    expect(endpoint.loopback).toBe(true);
    expect(endpoint.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(endpoint.environment()).toEqual({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: endpoint.token,
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
    });
    expect(endpoint.warnings).toEqual(["first warning"]);
    const { status, body } = await fetchCredentials(endpoint);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      AccessKeyId: "ASIAKEY1",
      Token: "token1",
      RoleArn: "arn:aws:iam::111111111111:role/deploy",
    });
    expect((await fetchCredentials(endpoint, "wrong-token-wrong-token")).status).toBe(403);
  });

  it("a failing first AssumeRole throws and starts nothing", async () => {
    await expect(
      serveCredentials({
        assume: options(),
        assumeTarget: async () => {
          throw new Error("AccessDenied");
        },
      }),
    ).rejects.toThrow("AccessDenied");
  });

  it("re-assumes before expiry with the injected policy; clients get the new keys", async () => {
    const sts = fakeAssume(600);
    endpoint = await serveCredentials({
      assume: options(),
      assumeTarget: sts.assume,
      policy: { ...DEFAULT_REFRESH_POLICY, minMarginMs: 300 },
    });
    expect((await fetchCredentials(endpoint)).body.AccessKeyId).toBe("ASIAKEY1");
    await new Promise((r) => setTimeout(r, 450));
    expect(sts.seen.length).toBeGreaterThanOrEqual(2);
    expect(endpoint.refreshes).toBe(sts.seen.length - 1);
    expect((await fetchCredentials(endpoint)).body.AccessKeyId).toBe(`ASIAKEY${sts.seen.length}`);
  });

  it("refuses a refresh that would switch roles (the spec changed) and keeps the first role's credentials", async () => {
    const sts = fakeAssume(600, [
      "arn:aws:iam::111111111111:role/deploy",
      "arn:aws:iam::111111111111:role/other",
    ]);
    const events: string[] = [];
    endpoint = await serveCredentials({
      assume: options(),
      assumeTarget: sts.assume,
      policy: { ...DEFAULT_REFRESH_POLICY, minMarginMs: 300, retryBaseMs: 10_000 },
      onEvent: (e) => events.push(e.type === "refresh-failed" ? String((e.error as Error).message) : e.type),
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(events[0]).toMatch(/refusing to switch the served role/);
    expect((await fetchCredentials(endpoint)).body.AccessKeyId).toBe("ASIAKEY1");
  });

  it("warns when a [default] profile with credentials would shadow the endpoint", async () => {
    await writeFile(
      join(dir, "credentials"),
      "[other]\naws_access_key_id = A\n[default]\naws_access_key_id = B\n",
    );
    await writeFile(join(dir, "config"), "[default]\nregion = eu-west-1\n");
    endpoint = await serveCredentials({ assume: options(), assumeTarget: fakeAssume().assume });
    expect(endpoint.warnings).toHaveLength(2);
    expect(endpoint.warnings[1]).toContain(`[default] profile in ${join(dir, "credentials")}`);
  });

  it("closing stops serving; close is idempotent", async () => {
    endpoint = await serveCredentials({ assume: options(), assumeTarget: fakeAssume().assume });
    const url = endpoint.url;
    await Promise.all([endpoint.close(), endpoint.close()]);
    await expect(fetch(url, { headers: { Authorization: "x" } })).rejects.toThrow();
  });
});
