import { describe, expect, it } from "vitest";
import type { VerifyReport } from "../core/verify/verify-report.js";
import { renderVerifyJson, renderVerifyText } from "./render-verify-report.js";

const report: VerifyReport = {
  formatVersion: 1,
  kind: "crossrole-verify-evidence",
  generatedAt: "2026-11-27T10:00:00.000Z",
  crossroleVersion: "0.1.0",
  spec: { file: "/w/crossrole.yaml", sha256: "ab" },
  caller: { account: "222222222222", arn: "arn:aws:iam::222222222222:user/ci", userId: "AIDA" },
  buildPrincipalArn: "arn:aws:iam::222222222222:user/ci",
  build: {
    checks: [
      {
        id: "caller-is-build-principal",
        title: "caller is the BUILD principal",
        status: "pass",
        detail: "ok",
      },
    ],
  },
  targets: [
    {
      name: "web",
      account: "111111111111",
      region: "eu-west-1",
      roleArn: "arn:aws:iam::111111111111:role/Web",
      checks: [
        {
          id: "assume-without-external-id",
          title: "AssumeRole without an ExternalId is refused",
          status: "fail",
          severity: "critical",
          detail: "confused deputy: the role admits callers without the ExternalId",
          fix: "Require it.",
        },
      ],
    },
  ],
  notices: ["live lint skipped"],
  summary: { pass: 1, fail: 1, warn: 0, info: 0, skip: 0, ok: false },
};

describe("renderVerifyText", () => {
  it("shows a table per part, the fix under failures, CRITICAL, notices and a summary", () => {
    const text = renderVerifyText(report);
    expect(text).toMatch(/^verify: running as arn:aws:iam::222222222222:user\/ci\n/);
    expect(text).toMatch(/target web {2}arn:aws:iam::111111111111:role\/Web\n {2}CRIT {2}AssumeRole without/);
    expect(text).toMatch(/fix: Require it\./);
    expect(text).toMatch(/note: live lint skipped/);
    expect(text).toMatch(/NOT verified: 1 passed, 1 failed \(1 CRITICAL\)\.\n$/);
  });

  it("JSON is the report itself, with the command named after formatVersion", () => {
    const document = JSON.parse(renderVerifyJson(report)) as Record<string, unknown>;
    expect(Object.keys(document).slice(0, 2)).toEqual(["formatVersion", "command"]);
    expect(document).toEqual({ ...report, command: "verify" });
  });
});
