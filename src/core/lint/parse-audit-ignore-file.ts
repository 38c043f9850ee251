import { isMap, LineCounter, parseDocument } from "yaml";
import { FileIssuesError, type SpecIssue } from "../errors.js";
import { decodeUtf8Text } from "../spec/decode-spec-text.js";
import { LINT_RULE_MAX_SEVERITY, type LintRuleId } from "../spec/lint-rule-ids.js";
import { createSpecLocator } from "../spec/spec-locator.js";
import { formatSpecPath, type SpecPath } from "../spec/spec-path.js";
import { suggestKey } from "../suggest-key.js";

/**
 * One acknowledged audit finding (`crossrole audit --ignore-file FILE`): findings of `rule` on the roles whose ARN
 * matches `role` (`*` for any run of characters) neither fail the audit nor print as findings, until `until`.
 */
export interface AuditIgnoreEntry {
  rule: LintRuleId;
  /** An IAM role ARN, `*` standing for any run of characters: `arn:aws:iam::*:role/OrganizationAccountAccessRole`. */
  role: string;
  /** Why the finding is accepted: required, shown in the report. */
  reason: string;
  /** The last day (UTC, YYYY-MM-DD) the entry applies; after it the finding fails again and the report says so. */
  until?: string;
  /** Where the entry is written: `FILE:LINE`, for the report. */
  where: string;
}

/** The keys an entry takes. */
const ENTRY_KEYS = ["rule", "role", "reason", "until"] as const;

/** Role patterns: a role ARN in any partition and account, `*` allowed in the account and in the path and name. */
const ROLE_PATTERN =
  /^arn:(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|\*):iam::(?:\d{12}|\*):role\/[\w+=,.@\-/*]+$/;

const EXAMPLE = `ignore:
  - rule: trust-cross-account-without-external-id
    role: arn:aws:iam::*:role/OrganizationAccountAccessRole
    reason: AWS Organizations' access role; the trusted account is our management account
    until: 2027-06-30   # optional`;

/**
 * Parses an audit ignore file (YAML or JSON): a mapping with one key, `ignore`, a list of entries with `rule` (a
 * lint rule id), `role` (a role ARN pattern), `reason` (required) and optionally `until` (YYYY-MM-DD). Pure.
 * @throws FileIssuesError INVALID_IGNORE_FILE (exit 2) listing every problem, each at its line and field, with
 *   what is accepted (an unknown rule or key gets a did-you-mean).
 */
export function parseAuditIgnoreFile(bytes: Uint8Array, file: string): AuditIgnoreEntry[] {
  const fail = (issues: SpecIssue[]): never => {
    throw new FileIssuesError("INVALID_IGNORE_FILE", "Invalid audit ignore file", issues);
  };
  const decoded = decodeUtf8Text(bytes, file, "an ignore file");
  if ("issue" in decoded) return fail([decoded.issue]);
  const text = decoded.text;
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    return fail([{ location: { file }, path: "", message: `could not be parsed: ${String(error)}` }]);
  }
  const locator = createSpecLocator(doc, text, lineCounter);
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => ({
        location: { file, ...locator.position(e.pos[0]) },
        path: "",
        message: `YAML syntax error: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const issues: SpecIssue[] = [];
  const at = (path: SpecPath, where: "key" | "value", message: string) =>
    issues.push({ location: { file, ...locator.locate(path, where) }, path: formatSpecPath(path), message });

  const root = doc.contents;
  if (!isMap(root)) {
    fail([
      {
        location: { file, line: 1, column: 1 },
        path: "",
        message: `must be a mapping with one key, ignore, a list of entries, e.g.\n${EXAMPLE}`,
      },
    ]);
  }
  let data: Record<string, unknown>;
  try {
    // maxAliasCount 0 refuses every alias: an ignore file has no use for them, and that refuses alias bombs too.
    data = doc.toJS({ maxAliasCount: 0 }) as Record<string, unknown>;
  } catch {
    return fail([
      { location: { file }, path: "", message: "uses YAML aliases (*name); write each entry out" },
    ]);
  }
  for (const key of Object.keys(data)) {
    if (key === "ignore") continue;
    const guess = suggestKey(key, ["ignore"]);
    at(
      [key],
      "key",
      `is not an accepted key${guess === undefined ? "" : ` (did you mean ${guess}?)`}; the file holds one key, ignore`,
    );
  }
  const list = data.ignore;
  if (list === undefined || list === null) {
    if (!("ignore" in data)) at([], "value", `has no ignore list, e.g.\n${EXAMPLE}`);
  } else if (!Array.isArray(list)) {
    at(["ignore"], "value", "must be a list of entries (rule, role, reason, until)");
  }
  const entries: AuditIgnoreEntry[] = [];
  const items = Array.isArray(list) ? list : [];
  items.forEach((item: unknown, index) => {
    const path: SpecPath = ["ignore", index];
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      at(path, "value", "must be a mapping with rule, role, reason and optionally until");
      return;
    }
    const entry = item as Record<string, unknown>;
    let ok = true;
    const problem = (field: string, message: string) => {
      ok = false;
      at(field in entry ? [...path, field] : path, "value", message);
    };
    for (const key of Object.keys(entry)) {
      if ((ENTRY_KEYS as readonly string[]).includes(key)) continue;
      ok = false;
      const guess = suggestKey(key, ENTRY_KEYS);
      at(
        [...path, key],
        "key",
        `is not an accepted key${guess === undefined ? "" : ` (did you mean ${guess}?)`}; an entry takes ${ENTRY_KEYS.join(", ")}`,
      );
    }
    const rule = entry.rule;
    if (typeof rule !== "string")
      problem("rule", "rule is required: a lint rule id, e.g. trust-cross-account-without-external-id");
    else if (!(rule in LINT_RULE_MAX_SEVERITY)) {
      const guess = suggestKey(rule, Object.keys(LINT_RULE_MAX_SEVERITY));
      problem(
        "rule",
        `"${rule}" is not a lint rule id${guess === undefined ? "" : ` (did you mean ${guess}?)`}; the ids are those crossrole audit prints`,
      );
    }
    const role = entry.role;
    if (typeof role !== "string")
      problem(
        "role",
        "role is required: a role ARN, * for any run of characters, e.g. arn:aws:iam::*:role/OrganizationAccountAccessRole",
      );
    else if (!ROLE_PATTERN.test(role)) {
      problem(
        "role",
        `"${role}" is not a role ARN pattern: write arn:PARTITION:iam::ACCOUNT:role/PATH-AND-NAME, with * for any run of characters (arn:aws:iam::*:role/${/^[\w+=,.@-]+$/.test(role) ? role : "NAME"})`,
      );
    }
    const reason = entry.reason;
    if (typeof reason !== "string" || reason.trim() === "")
      problem("reason", "reason is required: why this finding is accepted (it is shown in every report)");
    const until = entry.until;
    if (until !== undefined && (typeof until !== "string" || !isCalendarDate(until))) {
      problem(
        "until",
        `must be a date written YYYY-MM-DD (got ${JSON.stringify(until)}); the entry applies until the end of that day, UTC`,
      );
    }
    if (!ok) return;
    const line = locator.locate(path, "value").line ?? 1;
    entries.push({
      rule: rule as LintRuleId,
      role: role as string,
      reason: (reason as string).trim(),
      ...(until === undefined ? {} : { until: until as string }),
      where: `${file}:${line}`,
    });
  });
  if (issues.length > 0) fail(issues);
  return entries;
}

/** Whether an ignore entry applies on `today` (YYYY-MM-DD, UTC): no `until`, or `until` not before today. */
export function ignoreEntryApplies(entry: Pick<AuditIgnoreEntry, "until">, today: string): boolean {
  return entry.until === undefined || entry.until >= today;
}

// --- internal ---

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}
