// The pure parts of the acceptance suite (test/acceptance): run IDs the sweep dates by, the settings gate, and
// the request IDs the report collects from crossrole's evidence, the keyless token source's gate and checks.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestIdsIn } from "../acceptance/support/acceptance-report.js";
import { NAME_PREFIX, newRunId, runPrefix, runStartedAt } from "../acceptance/support/run-id.js";
import {
  explainKeylessSkip,
  explainSettings,
  readKeylessSettings,
  readSettings,
} from "../acceptance/support/settings.js";
import { readTokenClaims } from "../acceptance/support/web-identity-token.js";

describe("run IDs", () => {
  it("say when the run started (to the second), and fit IAM, ECR and S3 names", () => {
    const now = Date.UTC(2026, 11, 5, 5, 30, 12, 345);
    const id = newRunId(now);
    expect(id).toMatch(/^[0-9a-z]+-[0-9a-z]{4}$/);
    expect(runStartedAt(id)).toBe(Date.UTC(2026, 11, 5, 5, 30, 12));
    expect(runPrefix(id)).toBe(`${NAME_PREFIX}${id}-`);
    expect(`${runPrefix(id)}artifacts`.length).toBeLessThanOrEqual(63);
  });

  it.each(["", "prod", "tpk4ts", "tpk4ts-1h3", "TPK4TS-1H3K", "tpk4ts-1h3k-x"])(
    "a tag value that is not a run ID (%j) has no start time, so the sweep never selects it",
    (value) => {
      expect(runStartedAt(value)).toBeUndefined();
    },
  );
});

describe("settings", () => {
  it("without both profiles: the missing names, and a text that says what to set", () => {
    const outcome = readSettings({ CROSSROLE_TEST_TARGET_PROFILE: "a" });
    expect(outcome).toEqual({ missing: ["CROSSROLE_TEST_BUILD_PROFILE"] });
    const text = explainSettings(["CROSSROLE_TEST_BUILD_PROFILE"]);
    expect(text).toContain("not run");
    expect(text).toContain("CROSSROLE_TEST_TARGET_PROFILE");
    expect(text).toContain("npm run test:aws:sweep");
  });

  it("with both: region eu-west-1 by default, AWS_ENDPOINT_URL and the shared files honoured", () => {
    const outcome = readSettings({
      CROSSROLE_TEST_TARGET_PROFILE: "t",
      CROSSROLE_TEST_BUILD_PROFILE: "b",
      HOME: "/h",
      AWS_ENDPOINT_URL: "http://127.0.0.1:5000",
      AWS_CONFIG_FILE: "/c",
    });
    expect(outcome).toMatchObject({
      targetProfile: "t",
      buildProfile: "b",
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:5000",
      configFile: "/c",
      credentialsFile: "/h/.aws/credentials",
    });
  });
});

it("request IDs are found at any depth, single or listed", () => {
  const evidence = { checks: [{ requestId: "a" }, { nested: { requestIds: ["b", "c"] } }], requestId: 3 };
  expect(requestIdsIn(evidence)).toEqual(["a", "b", "c"]);
});

describe("keyless token source", () => {
  const FULL = {
    CROSSROLE_TEST_OIDC_TOKEN_FILE: "/t",
    CROSSROLE_TEST_OIDC_PROVIDER: "github",
    CROSSROLE_TEST_OIDC_SUBJECT: "repo:acme/app:ref:refs/heads/main",
  };

  it.each([
    [{}, Object.keys(FULL)],
    [{ ...FULL, CROSSROLE_TEST_OIDC_SUBJECT: "" }, ["CROSSROLE_TEST_OIDC_SUBJECT"]],
    [
      { CROSSROLE_TEST_OIDC_PROVIDER: "github" },
      ["CROSSROLE_TEST_OIDC_TOKEN_FILE", "CROSSROLE_TEST_OIDC_SUBJECT"],
    ],
  ])("without all three (%j): the skip names exactly the missing ones, and what each is", (env, missing) => {
    const outcome = readKeylessSettings(env);
    expect(outcome).toEqual({ missing });
    const text = explainKeylessSkip(missing);
    expect(text).toContain(`set ${missing.join(", ")}`);
    for (const name of Object.keys(FULL)) expect(text).toContain(name);
    expect(text).toContain("CROSSROLE_TEST_OIDC_AUDIENCE");
  });

  it("with all three: the settings, audience from CROSSROLE_TEST_OIDC_AUDIENCE when set", () => {
    expect(readKeylessSettings(FULL)).toEqual({
      tokenFile: "/t",
      provider: "github",
      subject: FULL.CROSSROLE_TEST_OIDC_SUBJECT,
      audience: undefined,
    });
    expect(readKeylessSettings({ ...FULL, CROSSROLE_TEST_OIDC_AUDIENCE: "a" })).toMatchObject({
      audience: "a",
    });
  });

  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "crossrole-keyless-token-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
  const jwt = (claims: Record<string, unknown>) =>
    `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.c2ln`;
  const GOOD = {
    iss: "https://token.actions.githubusercontent.com",
    sub: FULL.CROSSROLE_TEST_OIDC_SUBJECT,
    aud: "sts.amazonaws.com",
    exp: NOW / 1000 + 600,
  };
  const claimsOf = async (token: string, audience?: string) => {
    const file = join(dir, `token-${Math.random().toString(36).slice(2)}`);
    await writeFile(file, `${token}\n`);
    return readTokenClaims(
      { tokenFile: file, provider: "github", subject: FULL.CROSSROLE_TEST_OIDC_SUBJECT, audience },
      120,
      NOW,
    );
  };

  it("a matching token: issuer, subject, and the audience from the token unless one is given", async () => {
    expect(await claimsOf(jwt(GOOD))).toEqual({
      iss: GOOD.iss,
      sub: GOOD.sub,
      audience: "sts.amazonaws.com",
      exp: GOOD.exp,
    });
    expect((await claimsOf(jwt({ ...GOOD, aud: ["x", "y"] }))).audience).toBe("x");
    expect((await claimsOf(jwt(GOOD), "mine")).audience).toBe("mine");
  });

  it.each([
    ["not a JWT", "hello", /does not hold a JWT/],
    ["a payload that is not JSON", "a.b.c", /does not hold a JWT/],
    ["another issuer", jwt({ ...GOOD, iss: "https://gitlab.com" }), /iss is "https:\/\/gitlab.com".*github/],
    ["another subject", jwt({ ...GOOD, sub: "repo:evil/app" }), /sub is "repo:evil\/app"/],
    ["no audience", jwt({ ...GOOD, aud: undefined }), /CROSSROLE_TEST_OIDC_AUDIENCE/],
    ["about to expire", jwt({ ...GOOD, exp: NOW / 1000 + 60 }), /less than 120 s from now/],
  ])("%s: refused with what to fix", async (_, token, message) => {
    await expect(claimsOf(token)).rejects.toThrow(message);
  });
});
