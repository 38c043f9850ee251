import { describe, expect, it } from "vitest";
import type { LintRuleId } from "../spec/lint-rule-ids.js";
import type { AccessSpec } from "../spec/spec-schema.js";
import { acknowledgeFindings } from "./acknowledge-findings.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";

const plan = {
  targets: [
    { name: "app" },
    { name: "fleet-444444444444", group: "fleet" },
    { name: "fleet-555555555555", group: "fleet" },
  ],
} as Parameters<typeof acknowledgeFindings>[2];

const f = (id: LintRuleId, target?: string): LintFinding =>
  lintFinding(id, "warning", target, `${id} on ${target ?? "BUILD"}`, "fix");

const findings = [
  f("confused-deputy-single-target", "app"),
  f("external-id-short", "app"),
  f("external-id-short", "fleet-444444444444"),
  f("grant-action-extra"),
  f("trust-resource", "fleet-555555555555"),
];

type Lint = AccessSpec["lint"];
const spec = (top: Lint, targets: Record<string, Lint> = {}) =>
  ({
    lint: top,
    targets: Object.fromEntries(Object.entries(targets).map(([n, lint]) => [n, { lint }])),
  }) as unknown as AccessSpec;

describe("acknowledgeFindings", () => {
  it.each<[string, AccessSpec, string[]]>([
    ["nothing acknowledged", spec(undefined), []],
    [
      "a top-level rule: every target and the BUILD side",
      spec({ ignore: ["external-id-short", "grant-action-extra"] }),
      ["external-id-short@app", "external-id-short@fleet-444444444444", "grant-action-extra@BUILD"],
    ],
    [
      "a target's rule: that target only",
      spec(undefined, { app: { ignore: ["external-id-short"] } }),
      ["external-id-short@app"],
    ],
    [
      "a multi-account target's rule: each of its accounts",
      spec(undefined, { fleet: { ignore: [{ rule: "trust-resource", reason: "r" }, "external-id-short"] } }),
      ["external-id-short@fleet-444444444444", "trust-resource@fleet-555555555555"],
    ],
    [
      "a rule of another target does not leak",
      spec(undefined, { fleet: { ignore: ["confused-deputy-single-target"] } }),
      [],
    ],
  ])("%s", (_, s, expected) => {
    const { findings: left, acknowledged } = acknowledgeFindings(findings, s, plan);
    expect(acknowledged.map((a) => `${a.id}@${a.target ?? "BUILD"}`)).toEqual(expected);
    expect(left.length + acknowledged.length).toBe(findings.length);
  });

  it("keeps the reason", () => {
    const s = spec({ ignore: [{ rule: "trust-resource", reason: "sandbox only" }] });
    expect(acknowledgeFindings(findings, s, plan).acknowledged).toEqual([
      { ...findings[4], reason: "sandbox only" },
    ]);
  });
});
