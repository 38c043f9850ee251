import { describe, expect, it } from "vitest";
import { type AuditAccount, toAuditFinding } from "../core/lint/audit-report.js";
import { lintRoleTrust } from "../core/lint/lint-role-trust.js";
import type { VerifyReport } from "../core/verify/verify-report.js";
import { escapeTerminal } from "./escape-terminal.js";
import { renderAuditText } from "./render-audit-report.js";
import { renderVerifyText } from "./render-verify-report.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** What a value read from AWS may carry: clear the screen, a fake verdict line, an 8-bit CSI, a bidi override. */
const HOSTILE = "x\u001b[2J\u001b[32m\nPASS\r\u009b31m\u202eevil";

describe("escapeTerminal", () => {
  it("makes every control character visible and keeps printable text", () => {
    expect(escapeTerminal(HOSTILE)).toBe("x\\x1b[2J\\x1b[32m\\nPASS\\r\\x9b31m\\u202eevil");
    expect(escapeTerminal("repo:acme/app:ref:refs/heads/main é ü 日本")).toBe(
      "repo:acme/app:ref:refs/heads/main é ü 日本",
    );
    for (let code = 0; code < 0x3000; code++) {
      expect(escapeTerminal(String.fromCharCode(code))).not.toMatch(CONTROL);
    }
  });
});

describe("the text reports escape what AWS sent", () => {
  it("audit: a live trust's condition value cannot inject escapes or lines", () => {
    const role = "arn:aws:iam::111111111111:role/ci";
    const provider = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    const verdict = lintRoleTrust(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: provider },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
              StringLike: { "token.actions.githubusercontent.com:sub": `*${HOSTILE}` },
            },
          },
        ],
      },
      { roleArn: role, account: "111111111111" },
    );
    const accounts: AuditAccount[] = [
      {
        account: "111111111111",
        source: "profile audit",
        roles: [
          {
            roleName: `ci${HOSTILE}`,
            path: "/",
            arn: role,
            findings: verdict.findings.map(toAuditFinding),
            problem: `cannot be judged: ${HOSTILE}`,
          },
        ],
      },
      { source: "profile b", roles: [], error: new Error(`endpoint said ${HOSTILE}`) },
    ];
    const text = renderAuditText(accounts);
    expect(text).toContain("\\x1b[2J");
    expect(text).not.toMatch(CONTROL);
    expect(text.split("\n").filter((line) => line.trim() === "PASS" || line.startsWith("PASS"))).toEqual([]);
  });

  it("verify: a check's detail, the caller and the notices cannot inject escapes or lines", () => {
    const report = {
      formatVersion: 1,
      kind: "crossrole-verify-evidence",
      generatedAt: "2026-12-06T00:00:00.000Z",
      crossroleVersion: "0.0.0",
      spec: { file: "crossrole.yaml", sha256: "0".repeat(64) },
      caller: {
        arn: `arn:aws:sts::222222222222:assumed-role/r/${HOSTILE}`,
        account: "222222222222",
        userId: "A",
      },
      buildPrincipalArn: "arn:aws:iam::222222222222:user/ci",
      build: {
        checks: [
          { id: "x", title: `t${HOSTILE}`, status: "fail", severity: "error", detail: HOSTILE, fix: HOSTILE },
        ],
      },
      targets: [],
      notices: [HOSTILE],
      summary: { pass: 0, fail: 1, warn: 0, info: 0, skip: 0, ok: false },
    } as unknown as VerifyReport;
    const text = renderVerifyText(report);
    expect(text).toContain("\\x1b[2J");
    expect(text).not.toMatch(CONTROL);
  });
});
