import { describe, expect, it } from "vitest";
import { FileIssuesError } from "../errors.js";
import { ignoreEntryApplies, parseAuditIgnoreFile } from "./parse-audit-ignore-file.js";

const parse = (text: string | Uint8Array) =>
  parseAuditIgnoreFile(typeof text === "string" ? new TextEncoder().encode(text) : text, "ack.yaml");

function problems(text: string | Uint8Array): string[] {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FileIssuesError);
    const e = error as FileIssuesError;
    expect(e.code).toBe("INVALID_IGNORE_FILE");
    expect(e.kind).toBe("invalid-input");
    return e.issues.map(
      (i) => `${i.location.line ?? "-"}:${i.location.column ?? "-"} ${i.path}: ${i.message}`,
    );
  }
  throw new Error("parsed without a problem");
}

const ORG = "arn:aws:iam::*:role/OrganizationAccountAccessRole";

describe("parseAuditIgnoreFile", () => {
  it("reads entries, YAML or JSON, each with where it is written", () => {
    expect(
      parse(
        `# comment\nignore:\n  - rule: trust-cross-account-without-external-id\n    role: ${ORG}\n    reason: "  org access  "\n    until: 2027-06-30\n`,
      ),
    ).toEqual([
      {
        rule: "trust-cross-account-without-external-id",
        role: ORG,
        reason: "org access",
        until: "2027-06-30",
        where: "ack.yaml:3",
      },
    ]);
    expect(
      parse(JSON.stringify({ ignore: [{ rule: "trust-principal-account", role: ORG, reason: "r" }] })),
    ).toEqual([{ rule: "trust-principal-account", role: ORG, reason: "r", where: "ack.yaml:1" }]);
    expect(parse("ignore: []\n")).toEqual([]);
    expect(parse("ignore:\n")).toEqual([]);
  });

  it.each([
    ["empty file", "", /must be a mapping with one key, ignore/],
    ["a list at the top", "- rule: x\n", /must be a mapping with one key, ignore/],
    ["no ignore key", "ignores: []\n", /ignores: is not an accepted key \(did you mean ignore\?\)/],
    ["ignore not a list", "ignore: yes\n", /^1:9 ignore: must be a list of entries/],
    ["an entry not a mapping", "ignore:\n  - x\n", /2:5 ignore\[0\]: must be a mapping/],
    [
      "unknown rule, did-you-mean",
      `ignore:\n  - rule: trust-principal-acount\n    role: ${ORG}\n    reason: r\n`,
      /2:11 ignore\[0\]\.rule: "trust-principal-acount" is not a lint rule id \(did you mean trust-principal-account\?\)/,
    ],
    [
      "role as a bare name",
      "ignore:\n  - rule: trust-principal-account\n    role: Admin\n    reason: r\n",
      /3:11 ignore\[0\]\.role: "Admin" is not a role ARN pattern.*\(arn:aws:iam::\*:role\/Admin\)/,
    ],
    [
      "role of another service",
      "ignore:\n  - rule: trust-principal-account\n    role: arn:aws:s3:::bucket\n    reason: r\n",
      /is not a role ARN pattern/,
    ],
    [
      "a ? in the pattern (the file's only wildcard is *)",
      "ignore:\n  - rule: trust-principal-account\n    role: arn:aws:iam::*:role/ci-?\n    reason: r\n",
      /is not a role ARN pattern/,
    ],
    [
      "account neither 12 digits nor *",
      "ignore:\n  - rule: trust-principal-account\n    role: arn:aws:iam::12*:role/x\n    reason: r\n",
      /is not a role ARN pattern/,
    ],
    [
      "missing reason",
      `ignore:\n  - rule: trust-principal-account\n    role: ${ORG}\n`,
      /2:5 ignore\[0\]: reason is required/,
    ],
    [
      "blank reason",
      `ignore:\n  - rule: trust-principal-account\n    role: ${ORG}\n    reason: "   "\n`,
      /4:13 ignore\[0\]\.reason: reason is required/,
    ],
    [
      "impossible date",
      `ignore:\n  - rule: trust-principal-account\n    role: ${ORG}\n    reason: r\n    until: 2027-02-30\n`,
      /5:12 ignore\[0\]\.until: must be a date written YYYY-MM-DD \(got "2027-02-30"\)/,
    ],
    [
      "a number for a date",
      `ignore:\n  - rule: trust-principal-account\n    role: ${ORG}\n    reason: r\n    until: 20270101\n`,
      /must be a date written YYYY-MM-DD \(got 20270101\)/,
    ],
    [
      "unknown entry key, did-you-mean",
      `ignore:\n  - rule: trust-principal-account\n    role: ${ORG}\n    reason: r\n    untill: 2027-01-01\n`,
      /5:5 ignore\[0\]\.untill: is not an accepted key \(did you mean until\?\)/,
    ],
    ["duplicate key", "ignore: []\nignore: []\n", /2:1 : YAML syntax error: Map keys must be unique/],
    ["YAML syntax", "ignore: [\n", /YAML syntax error/],
    ["an alias", `a: &x 1\nignore:\n  - *x\n`, /uses YAML aliases/],
  ])("%s", (_name, text, expected) => {
    expect(problems(text).join("\n")).toMatch(expected);
  });

  it("reports every problem of every entry at once", () => {
    const found = problems(
      "ignore:\n  - rule: nope\n    role: x\n    reason: r\n  - rule: trust-principal-account\n    reason: r\n",
    );
    expect(found).toHaveLength(3);
  });

  it("refuses bytes that are not UTF-8 at the first bad byte", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("ignore:\n  - r"), 0xe9, 0x0a]);
    expect(problems(bytes)).toEqual([
      "2:6 : is not a text file (byte 0xE9 here is not valid UTF-8); an ignore file is YAML or JSON text in UTF-8",
    ]);
  });
});

describe("ignoreEntryApplies", () => {
  it.each([
    [undefined, "2026-12-05", true],
    ["2026-12-05", "2026-12-05", true],
    ["2026-12-06", "2026-12-05", true],
    ["2026-12-04", "2026-12-05", false],
  ])("until %s on %s: %s", (until, today, expected) => {
    expect(ignoreEntryApplies(until === undefined ? {} : { until }, today)).toBe(expected);
  });
});
