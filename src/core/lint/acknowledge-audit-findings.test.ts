import { describe, expect, it } from "vitest";
import { acknowledgeAuditFindings } from "./acknowledge-audit-findings.js";
import { type AuditAccount, auditPassed, summarizeAudit } from "./audit-report.js";
import type { AuditIgnoreEntry } from "./parse-audit-ignore-file.js";

const XACCT = "trust-cross-account-without-external-id" as const;
const finding = (id: AuditIgnoreEntry["rule"], severity: "error" | "warning" = "error") => ({
  id,
  severity,
  message: `${id} message`,
  fix: `${id} fix`,
});
const role = (account: string, name: string, findings: ReturnType<typeof finding>[], problem?: string) => ({
  roleName: name,
  path: "/",
  arn: `arn:aws:iam::${account}:role/${name}`,
  findings,
  ...(problem === undefined ? {} : { problem }),
});
const entry = (rule: AuditIgnoreEntry["rule"], pattern: string, until?: string): AuditIgnoreEntry => ({
  rule,
  role: pattern,
  reason: `because ${pattern}`,
  ...(until === undefined ? {} : { until }),
  where: "ack.yaml:2",
});

const ACCOUNTS: AuditAccount[] = [
  {
    account: "111111111111",
    source: "profile a",
    roles: [
      role("111111111111", "OrganizationAccountAccessRole", [finding(XACCT)]),
      role("111111111111", "partner", [finding(XACCT), finding("trust-principal-account", "warning")]),
      role("111111111111", "unreadable", [], "cannot be judged: not JSON"),
    ],
  },
  {
    account: "222222222222",
    source: "profile b",
    roles: [role("222222222222", "OrganizationAccountAccessRole", [finding(XACCT)])],
  },
];
const TODAY = "2026-12-05";

describe("acknowledgeAuditFindings", () => {
  it("acknowledges the rule on every matching role of every account, with the entry's reason", () => {
    const org = entry(XACCT, "arn:aws:iam::*:role/OrganizationAccountAccessRole");
    const result = acknowledgeAuditFindings(ACCOUNTS, [org], TODAY);
    for (const account of result.accounts) {
      const r = account.roles.find((x) => x.roleName === "OrganizationAccountAccessRole");
      expect(r?.findings).toEqual([]);
      expect(r?.acknowledged).toEqual([{ ...finding(XACCT), reason: org.reason, where: "ack.yaml:2" }]);
    }
    expect(result.accounts[0]?.roles[1]?.findings.map((f) => f.id)).toEqual([
      XACCT,
      "trust-principal-account",
    ]);
    expect(result.unused).toEqual([]);
    expect(summarizeAudit(result.accounts)).toMatchObject({ error: 1, acknowledged: 2, failingRoles: 1 });
    // The input is not changed.
    expect(ACCOUNTS[0]?.roles[0]?.findings).toHaveLength(1);
  });

  it.each([
    ["another rule", entry("trust-principal-wildcard", "arn:aws:iam::*:role/partner"), 0],
    ["another role", entry(XACCT, "arn:aws:iam::111111111111:role/partne"), 0],
    ["the role, exactly", entry(XACCT, "arn:aws:iam::111111111111:role/partner"), 1],
    ["a prefix pattern", entry(XACCT, "arn:aws:iam::111111111111:role/part*"), 1],
    ["expired yesterday", entry(XACCT, "arn:aws:iam::*:role/partner", "2026-12-04"), 0],
    ["last day today", entry(XACCT, "arn:aws:iam::*:role/partner", "2026-12-05"), 1],
  ])("%s", (_name, e, acknowledged) => {
    const result = acknowledgeAuditFindings(ACCOUNTS, [e], TODAY);
    expect(result.accounts[0]?.roles[1]?.acknowledged?.length ?? 0).toBe(acknowledged);
    const expired = e.until !== undefined && e.until < TODAY;
    expect(result.expired).toEqual(expired ? [e] : []);
    expect(result.unused).toEqual(acknowledged === 0 && !expired ? [e] : []);
  });

  it("cannot acknowledge a role whose trust could not be judged: the audit still fails", () => {
    const all = entry(XACCT, "arn:aws:iam::*:role/*");
    const warn = entry("trust-principal-account", "*");
    const result = acknowledgeAuditFindings(ACCOUNTS, [all, warn], TODAY);
    expect(result.accounts[0]?.roles[2]).toEqual(ACCOUNTS[0]?.roles[2]);
    const summary = summarizeAudit(result.accounts);
    expect(summary).toMatchObject({ error: 0, warning: 0, acknowledged: 4, unjudgedRoles: 1 });
    expect(auditPassed(summary)).toBe(false);
  });

  it("the first matching entry wins", () => {
    const first = entry(XACCT, "arn:aws:iam::*:role/*");
    const second = entry(XACCT, "arn:aws:iam::*:role/OrganizationAccountAccessRole");
    const result = acknowledgeAuditFindings(ACCOUNTS, [first, second], TODAY);
    expect(result.accounts[1]?.roles[0]?.acknowledged?.[0]?.reason).toBe(first.reason);
    expect(result.unused).toEqual([second]);
  });
});
