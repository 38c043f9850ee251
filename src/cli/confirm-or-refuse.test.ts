import { describe, expect, it } from "vitest";
import { CrossroleError } from "../core/errors.js";
import type { CliContext } from "./cli-context.js";
import { confirmOrRefuse } from "./confirm-or-refuse.js";
import { errorToExitCode } from "./exit-codes.js";
import { renderError } from "./render-error.js";

/** A context whose stdin is `input` (undefined: none), on a terminal or not; stderr is collected. */
function context(stdinIsTTY: boolean, input?: string): CliContext & { err: string[] } {
  const err: string[] = [];
  return {
    err,
    env: {},
    cwd: "/",
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text) },
    stdinIsTTY,
    ...(input === undefined
      ? {}
      : {
          stdin: (async function* () {
            yield input;
          })(),
        }),
  };
}

describe("confirmOrRefuse: --yes proceeds, no terminal refuses, a terminal is asked", () => {
  it.each([
    ["--yes, not a terminal", true, false, undefined, true, ""],
    ["--yes on a terminal: not asked", true, true, "n\n", true, ""],
    ["a terminal, answered y", false, true, "y\n", true, "Apply 3 IAM change(s)? [y/N] "],
    ["a terminal, answered YES", false, true, " YES \n", true, "Apply 3 IAM change(s)? [y/N] "],
    ["a terminal, answered n", false, true, "n\n", false, "Apply 3 IAM change(s)? [y/N] "],
    ["a terminal, end of input", false, true, "", false, "Apply 3 IAM change(s)? [y/N] "],
  ])("%s", async (_name, yes, tty, input, proceeds, asked) => {
    const ctx = context(tty, input);
    await expect(
      confirmOrRefuse(ctx, { command: "apply", yes, question: "Apply 3 IAM change(s)?" }),
    ).resolves.toBe(proceeds);
    expect(ctx.err.join("")).toBe(asked);
  });

  it.each([
    ["apply", true, " (or --dry-run to only look)"],
    ["rotate build-key", false, ""],
  ])(
    "no terminal and no --yes: %s is refused (exit 2) before anything is asked",
    async (command, dryRun, offer) => {
      const ctx = context(false, "y\n");
      const refusal = await confirmOrRefuse(ctx, { command, yes: false, question: "Go?", dryRun }).catch(
        (e) => e,
      );
      expect(refusal).toBeInstanceOf(CrossroleError);
      expect(refusal.code).toBe("CONFIRMATION_REQUIRED");
      expect(errorToExitCode(refusal)).toBe(2);
      expect(renderError(refusal)).toBe(
        `crossrole ${command}: refusing without --yes: stdin is not a terminal, so crossrole cannot ask for confirmation. Nothing was changed.\n  next: Review what is shown above, then re-run with --yes${offer}.\n`,
      );
      expect(ctx.err).toEqual([]);
    },
  );
});
