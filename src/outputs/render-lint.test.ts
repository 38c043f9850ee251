import { describe, expect, it } from "vitest";
import type { LintFinding } from "../core/lint/lint-finding.js";
import { formatSummary, renderLintJson, renderLintText, summarizeFindings } from "./render-lint.js";

const findings: LintFinding[] = [
  {
    id: "grant-resource-wildcard",
    severity: "error",
    message: "BUILD grant allows *.",
    fix: "List the roles.",
  },
  {
    id: "external-id-short",
    severity: "warning",
    target: "app",
    message: "Too short.",
    fix: "Generate one.",
  },
];

describe("renderLintText", () => {
  it("says so when there is nothing to report", () => {
    expect(renderLintText([])).toBe("No findings.\n");
  });

  it("shows each finding with its target and fix, then a summary", () => {
    expect(renderLintText(findings)).toBe(
      "error    grant-resource-wildcard  [BUILD]\n  BUILD grant allows *.\n  fix: List the roles.\n\n" +
        "warning  external-id-short  [app]\n  Too short.\n  fix: Generate one.\n\n" +
        "1 error, 1 warning, 0 info\n",
    );
  });

  it.each([
    [[], 0, "No findings.\n"],
    [[], 2, "No findings (2 acknowledged in the spec).\n"],
    [findings.slice(1), 1, "0 errors, 1 warning, 0 info, 1 acknowledged\n"],
  ] as const)(
    "counts acknowledged findings in the summary, never shows them (%#)",
    (list, acknowledged, tail) => {
      expect(renderLintText(list, { acknowledged }).endsWith(tail)).toBe(true);
    },
  );
});

describe("renderLintJson", () => {
  it("is versioned, summarized and ends with a newline", () => {
    const text = renderLintJson(findings);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual({
      formatVersion: 1,
      command: "lint",
      summary: { error: 1, warning: 1, info: 0 },
      findings,
    });
  });
});

describe("summarizeFindings", () => {
  it.each([
    [[], "0 errors, 0 warnings, 0 info"],
    [findings, "1 error, 1 warning, 0 info"],
  ] as const)("%# → %s", (list, text) => {
    expect(formatSummary(summarizeFindings(list))).toBe(text);
  });
});
