import { describe, expect, it } from "vitest";
import { SESSION_NAME } from "../identifiers/aws-patterns.js";
import { deriveSessionName, sanitizeSessionName } from "./derive-session-name.js";

const local = { user: "alice", host: "build-7.example.com" };

describe("deriveSessionName", () => {
  it.each([
    ["GitLab", { CI_PROJECT_PATH: "group/sub/app", CI_JOB_ID: "123456" }, "group-sub-app-123456", "gitlab"],
    ["GitHub", { GITHUB_REPOSITORY: "acme/app", GITHUB_RUN_ID: "987654321" }, "acme-app-987654321", "github"],
    [
      "GitHub re-run",
      { GITHUB_REPOSITORY: "acme/app", GITHUB_RUN_ID: "987", GITHUB_RUN_ATTEMPT: "3" },
      "acme-app-987-3",
      "github",
    ],
    [
      "GitHub first attempt",
      { GITHUB_REPOSITORY: "acme/app", GITHUB_RUN_ID: "987", GITHUB_RUN_ATTEMPT: "1" },
      "acme-app-987",
      "github",
    ],
    ["Jenkins", { JOB_NAME: "folder/My Job", BUILD_NUMBER: "42" }, "folder-My-Job-42", "jenkins"],
    [
      "Buildkite",
      { BUILDKITE_PIPELINE_SLUG: "deploy-app", BUILDKITE_BUILD_NUMBER: "77" },
      "deploy-app-77",
      "buildkite",
    ],
    [
      "GitLab wins over Jenkins",
      { CI_PROJECT_PATH: "g/a", CI_JOB_ID: "1", JOB_NAME: "j", BUILD_NUMBER: "2" },
      "g-a-1",
      "gitlab",
    ],
    ["incomplete CI metadata falls back", { CI_PROJECT_PATH: "g/a" }, "alice@build-7", "local"],
    ["blank values are ignored", { GITHUB_REPOSITORY: " ", GITHUB_RUN_ID: "5" }, "alice@build-7", "local"],
    ["no CI", {}, "alice@build-7", "local"],
  ])("%s", (_, env, name, source) => {
    const derived = deriveSessionName(env, local);
    expect(derived).toEqual({ name, source });
    expect(derived.name).toMatch(SESSION_NAME);
  });

  it("keeps the job id when the project path is too long", () => {
    const env = { CI_PROJECT_PATH: `group/${"very-long-name".repeat(10)}/app`, CI_JOB_ID: "555666777" };
    const { name } = deriveSessionName(env, local);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(SESSION_NAME);
    expect(name.endsWith("-app-555666777")).toBe(true);
  });

  it("sanitises the local user and host", () => {
    expect(deriveSessionName({}, { user: "DOMAIN\\bob smith", host: "" }).name).toBe("DOMAIN-bob-smith");
    expect(deriveSessionName({}, { user: "x", host: "" }).name).toBe("crossrole-x");
  });
});

describe("sanitizeSessionName", () => {
  it.each([
    ["a/b c", "a-b-c"],
    ["--xy--", "xy"],
    ["--x--", "crossrole-x"],
    ["ok_name+=,.@-z", "ok_name+=,.@-z"],
    ["é", "crossrole"],
    ["", "crossrole"],
    ["a", "crossrole-a"],
    [`${"a".repeat(70)}-1234`, `${"a".repeat(59)}-1234`],
    [`x.${"-".repeat(3)}${"b".repeat(70)}`, "b".repeat(64)],
  ])("%j → %j", (raw, expected) => {
    const out = sanitizeSessionName(raw);
    expect(out).toBe(expected);
    expect(out).toMatch(SESSION_NAME);
  });
});
