import type { CheckStatus, VerifyCheck } from "../../core/verify/verify-checks.js";
import type { VerifyReport } from "../../core/verify/verify-report.js";
import { escapeHtml } from "./escape-markup.js";
import { maskExternalIdsIn } from "./mask-external-id.js";

/**
 * The evidence of `crossrole verify` as one self-contained HTML page (`--html FILE`): inline CSS, no script to
 * run, no external asset. The caller, time and crossrole version; a matrix with a row per part (BUILD, then each
 * target: each account of a fleet) and a column per check, each cell coloured AND labelled (PASS, FAIL,
 * CRITICAL, WARN, INFO, SKIP) with what was found, the fix and the AWS request IDs; the notices; and the evidence
 * document itself as `<script type="application/json" id="evidence">`, escaped so no value can end that element.
 * ExternalIds are masked everywhere ({@link maskExternalIdsIn}; `secrets` are the spec's values), so the page can
 * be shared (the `--out` JSON stays the unmasked record).
 */
export function renderVerifyHtml(report: VerifyReport, secrets: readonly string[] = []): string {
  const masked = maskStrings(report, secrets);
  const rows = [
    {
      part: "BUILD",
      account: masked.caller.account,
      arn: masked.buildPrincipalArn,
      checks: masked.build.checks,
    },
    ...masked.targets.map((t) => ({ part: t.name, account: t.account, arn: t.roleArn, checks: t.checks })),
  ];
  const columns = columnsOf(rows.flatMap((r) => r.checks));
  const s = masked.summary;
  const verdict = s.ok ? "verified" : "NOT verified";
  const counts = STATUSES.filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${LABELS[k]}`)
    .join(", ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crossrole verify: ${escapeHtml(verdict)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>crossrole verify: <span class="${s.ok ? "pass" : "fail"} verdict">${escapeHtml(verdict)}</span></h1>
<dl>
<dt>Caller</dt><dd><code>${escapeHtml(masked.caller.arn)}</code> (account ${escapeHtml(masked.caller.account)})</dd>
<dt>BUILD principal</dt><dd><code>${escapeHtml(masked.buildPrincipalArn)}</code></dd>
<dt>Time</dt><dd><time datetime="${escapeHtml(masked.generatedAt)}">${escapeHtml(masked.generatedAt)}</time></dd>
<dt>crossrole version</dt><dd>${escapeHtml(masked.crossroleVersion)}</dd>
<dt>Spec</dt><dd><code>${escapeHtml(masked.spec.file)}</code>, sha256 <code>${escapeHtml(masked.spec.sha256)}</code></dd>
<dt>Result</dt><dd>${escapeHtml(counts)}</dd>
</dl>
</header>
<main>
<h2>Checks</h2>
<p class="legend">Each cell says its result in words (${STATUSES.map((k) => `<span class="${k}">${WORDS[k]}</span>`).join(" ")}, <span class="fail">CRITICAL</span>); the colour repeats it.</p>
<div class="scroll">
<table>
<caption>${rows.length - 1} target${rows.length === 2 ? "" : "s"} and the BUILD side, by check</caption>
<thead><tr><th scope="col">Part</th>${columns.map((c) => `<th scope="col">${escapeHtml(c.title)}</th>`).join("")}</tr></thead>
<tbody>
${rows
  .map(
    (r) =>
      `<tr><th scope="row">${escapeHtml(r.part)}<br><small>${escapeHtml(r.account)}</small></th>${columns.map((c) => renderCell(r.part, c, r.checks)).join("")}</tr>`,
  )
  .join("\n")}
</tbody>
</table>
</div>
${masked.notices.length === 0 ? "" : `<h2>Notices</h2>\n<ul>${masked.notices.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>\n`}<h2>Evidence</h2>
<p>The evidence document (JSON, ExternalIds masked) is embedded in this page as <code>script#evidence</code>; <code>crossrole verify --out FILE</code> keeps the full one.</p>
</main>
<script type="application/json" id="evidence">
${embedJson(masked)}
</script>
</body>
</html>
`;
}

/**
 * JSON inside `<script type="application/json">`: `<`, `>`, `&` and the line separators as `\u` escapes, so
 * neither `</script>` nor `<!--` in a value can end or change the element; `JSON.parse` of the element's text
 * gives the document back.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// --- internal ---

const STATUSES: readonly CheckStatus[] = ["pass", "fail", "warn", "info", "skip"];
const WORDS: Record<CheckStatus, string> = {
  pass: "PASS",
  fail: "FAIL",
  warn: "WARN",
  info: "INFO",
  skip: "SKIP",
};
const LABELS: Record<CheckStatus, string> = {
  pass: "passed",
  fail: "failed",
  warn: "warning(s)",
  info: "note(s)",
  skip: "skipped",
};
const ORDER: readonly CheckStatus[] = ["fail", "warn", "info", "pass", "skip"];

/** A column: one check id, or every live-lint finding (`lint:*`) folded into one "live lint" column. */
interface Column {
  key: string;
  title: string;
}

function columnKey(check: VerifyCheck): string {
  return check.id.startsWith("lint:") || check.id === "live-lint" ? "live-lint" : check.id;
}

function columnsOf(checks: readonly VerifyCheck[]): Column[] {
  const columns = new Map<string, string>();
  for (const check of checks) {
    const key = columnKey(check);
    if (!columns.has(key)) columns.set(key, key === "live-lint" ? "live lint" : check.title);
  }
  return [...columns].map(([key, title]) => ({ key, title }));
}

function renderCell(part: string, column: Column, checks: readonly VerifyCheck[]): string {
  const here = checks.filter((c) => columnKey(c) === column.key);
  if (here.length === 0) return `<td class="none"><span class="label">n/a</span></td>`;
  const worst = [...here].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status))[0] as VerifyCheck;
  const critical = here.some((c) => c.status === "fail" && c.severity === "critical");
  const word = critical ? "CRITICAL" : WORDS[worst.status];
  const body = here
    .map((c) => {
      const ids = c.requestIds ?? [];
      return [
        `<p>${here.length > 1 ? `<b>${escapeHtml(WORDS[c.status])}</b> ` : ""}${escapeHtml(c.detail)}</p>`,
        c.fix !== undefined && (c.status === "fail" || c.status === "warn")
          ? `<p class="fix"><b>Fix:</b> ${escapeHtml(c.fix)}</p>`
          : "",
        ids.length > 0
          ? `<p class="ids">Request ID${ids.length === 1 ? "" : "s"}: ${ids.map((id) => `<code>${escapeHtml(id)}</code>`).join(" ")}</p>`
          : "",
      ].join("");
    })
    .join("");
  return `<td class="${worst.status}" data-part="${escapeHtml(part)}" data-check="${escapeHtml(column.key)}" data-status="${critical ? "critical" : worst.status}"><span class="label">${word}</span>${body}</td>`;
}

/** A deep copy with every string's ExternalIds masked. */
function maskStrings<T>(value: T, secrets: readonly string[]): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === "string" ? maskExternalIdsIn(v, secrets) : v,
  ) as T;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#111827;background:#fff}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.scroll{overflow-x:auto}
table{border-collapse:collapse;min-width:60%}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #9ca3af;padding:.4rem .5rem;vertical-align:top;text-align:left;max-width:22rem}
thead th{background:#f3f4f6}tbody th{background:#f9fafb;white-space:nowrap}
td p{margin:.25rem 0}.fix{font-style:italic}.ids{font-size:12px;color:#374151}
.label{display:inline-block;font-weight:700;letter-spacing:.03em;padding:0 .35rem;border-radius:3px;border:1px solid currentColor}
.pass{background:#dcfce7;color:#14532d}.fail{background:#fee2e2;color:#7f1d1d}.warn{background:#fef9c3;color:#713f12}
.info{background:#e0f2fe;color:#0c4a6e}.skip,.none{background:#f3f4f6;color:#374151}
td.pass,td.fail,td.warn,td.info,td.skip{color:#111827}td .label{background:#fff}
td.pass .label{color:#14532d}td.fail .label{color:#7f1d1d}td.warn .label{color:#713f12}td.info .label{color:#0c4a6e}
.verdict{padding:0 .4rem;border-radius:4px}.legend span{padding:0 .3rem;margin-right:.2rem;font-weight:700}
`;
