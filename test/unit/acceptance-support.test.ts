// The pure parts of the acceptance suite (test/acceptance): run IDs the sweep dates by, the settings gate, and
// the request IDs the report collects from crossrole's evidence.
import { describe, expect, it } from "vitest";
import { requestIdsIn } from "../acceptance/support/acceptance-report.js";
import { NAME_PREFIX, newRunId, runPrefix, runStartedAt } from "../acceptance/support/run-id.js";
import { explainSettings, readSettings } from "../acceptance/support/settings.js";

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
