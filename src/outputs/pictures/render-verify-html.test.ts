import { describe, expect, it } from "vitest";
import { failingReport } from "../../../test/unit/support/picture-plans.js";
import { embedJson, renderVerifyHtml } from "./render-verify-html.js";

const SECRET = "Zq8vR2xKp4LmN7tYw1HcBf6JdGs3UaEo9VzXi0";

/** The embedded evidence element's text, found as a browser's tokenizer would: up to the first `</script`. */
function embedded(html: string): string {
  const start = html.indexOf('<script type="application/json" id="evidence">');
  const from = html.indexOf(">", start) + 1;
  return html.slice(from, html.toLowerCase().indexOf("</script", from));
}

describe("renderVerifyHtml", () => {
  it("is self-contained: inline CSS, no external asset, no script to run", () => {
    const html = renderVerifyHtml(failingReport(), [SECRET]);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<style>/);
    expect(html).not.toMatch(/<link|src=|href=|@import|url\(/i);
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="application/json" id="evidence">',
    ]);
  });

  it("shows caller, time, version, headings and header cells; every cell says its result in words", () => {
    const html = renderVerifyHtml(failingReport(), [SECRET]);
    for (const text of [
      "arn:aws:iam::222222222222:user/ci",
      "2026-12-05T06:00:00.000Z",
      "0.1.0",
      "<h1>",
      "<h2>Checks</h2>",
    ])
      expect(html).toContain(text);
    expect(html).toMatch(/<th scope="col">AssumeRole without an ExternalId is refused<\/th>/);
    expect(html).toMatch(/<th scope="row">web/);
    const cells = [...html.matchAll(/<td class="(\w+)"[^>]*><span class="label">([^<]+)<\/span>/g)];
    expect(cells.length).toBeGreaterThan(0);
    for (const [, cls, label] of cells)
      expect(label).toBe(cls === "fail" && label === "CRITICAL" ? "CRITICAL" : label);
    expect(html).toMatch(
      /data-part="web" data-check="assume-without-external-id" data-status="critical"><span class="label">CRITICAL/,
    );
    expect(html).toContain("<code>req-web-without</code>");
    expect(html).toContain("<b>Fix:</b> Require the ExternalId");
  });

  it("masks ExternalIds in the cells and in the embedded evidence", () => {
    const html = renderVerifyHtml(failingReport(`uses ${SECRET}`), [SECRET]);
    expect(html).not.toContain(SECRET);
    expect(html).toContain("…zXi0");
  });

  it("embeds the evidence so that </script> in a value cannot break out, and parses back", () => {
    const hostile = "</script><script>alert(1)</script><!-- <\u2028&";
    const report = failingReport(hostile);
    const html = renderVerifyHtml(report);
    const parsed = JSON.parse(embedded(html)) as typeof report;
    expect(parsed.build.checks[0]?.detail).toBe(hostile);
    expect(parsed.targets.map((t) => t.checks.length)).toEqual(report.targets.map((t) => t.checks.length));
    expect(html).not.toContain("<script>alert(1)");
    expect(embedJson({ a: "</script>" })).not.toContain("</");
  });
});
