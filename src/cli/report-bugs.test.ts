import { describe, expect, it } from "vitest";
import { AwsAuthError, InternalError } from "../core/errors.js";
import { reportBugs } from "./report-bugs.js";

describe("reportBugs", () => {
  it("prints each bug once with its stack and versions; AWS errors and undefined are not bugs", () => {
    const written: string[] = [];
    const ctx = {
      env: {},
      cwd: "/",
      stdinIsTTY: false,
      stdout: { write: () => true },
      stderr: { write: (t: string) => written.push(t) },
    };
    const cause = new TypeError("x is not a function");
    const bug = new InternalError(cause);
    reportBugs(ctx, [bug, undefined, new AwsAuthError("ACCESS_DENIED", "denied"), new InternalError(cause)]);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain("unexpected error. This is a bug in crossrole");
    expect(written[0]).toContain(`node ${process.version}`);
    expect(written[0]).toMatch(/ {2}TypeError: x is not a function\n +at /);
  });
});
