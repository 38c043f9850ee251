import { describe, expect, it } from "vitest";
import type { IamCall } from "../core/diff/iam-call.js";
import type { PartOutcome } from "../core/diff/part-outcome.js";
import { AwsAuthError } from "../core/errors.js";
import { renderOutcomeLine, renderRunReport } from "./render-run-report.js";
import { ansiStyle, plainStyle, stripStyle } from "./style.js";

const tag: IamCall = { kind: "TagRole", roleName: "r", tags: { a: "b" } };
const done: PartOutcome = {
  part: "t01",
  side: "target",
  status: "done",
  applied: [tag],
  notApplied: [],
  notes: [],
};
const unchanged: PartOutcome = {
  part: "BUILD",
  side: "build",
  status: "unchanged",
  applied: [],
  notApplied: [],
  notes: [],
};
const failed: PartOutcome = {
  part: "t02",
  side: "target",
  status: "failed",
  applied: [],
  notApplied: [tag],
  error: new AwsAuthError("ACCESS_DENIED", "access denied: TagRole", { hint: "grant iam:TagRole" }),
  notes: [],
};

describe("renderRunReport", () => {
  it.each([
    ["plain", plainStyle],
    ["colour", ansiStyle],
  ])(
    "lists every part once, then the summary (%s; the text is the same once marks are stripped)",
    (_, style) => {
      const text = stripStyle(renderRunReport([done, unchanged, failed], 1, { style }));
      expect(text).toBe(
        [
          "t01    done           1 IAM call(s)",
          "       applied: TagRole r a",
          "BUILD  no changes",
          "t02    FAILED         access denied: TagRole",
          "       not applied: TagRole r a",
          "       next: grant iam:TagRole",
          "summary: 1 done, 1 unchanged, 1 failed; 1 IAM write call(s).",
          "",
        ].join("\n"),
      );
    },
  );

  it("an unchanged part says 'no changes' once (it read 'BUILD  no changes  no changes')", () => {
    expect(renderOutcomeLine(unchanged, 5)).toBe("BUILD  no changes");
  });

  it("leaves out the parts the live progress already showed, and keeps the summary", () => {
    const text = renderRunReport([done, unchanged, failed], 1, { omit: new Set(["t01", "BUILD", "t02"]) });
    expect(text).toBe("summary: 1 done, 1 unchanged, 1 failed; 1 IAM write call(s).\n");
  });

  it("problemsOnly (--quiet) keeps the failed parts and the summary", () => {
    const text = renderRunReport([done, unchanged, failed], 1, { problemsOnly: true });
    expect(text.split("\n")[0]).toMatch(/^t02 +FAILED/);
    expect(text).not.toMatch(/t01|BUILD/);
    expect(text).toMatch(/summary: /);
  });

  it.each([
    [done, "\x1b[32mdone\x1b[39m"],
    [unchanged, "\x1b[2mno changes\x1b[22m"],
    [failed, "\x1b[31mFAILED\x1b[39m"],
  ])("colours the status word of %#", (outcome, word) => {
    expect(renderOutcomeLine(outcome, 5, ansiStyle)).toContain(word);
    expect(renderOutcomeLine(outcome, 5, plainStyle)).not.toContain("\x1b[");
  });
});
