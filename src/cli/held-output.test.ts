import { describe, expect, it } from "vitest";
import type { CliContext, OutputStream } from "./cli-context.js";
import { holdOutput } from "./held-output.js";

function recording(log: string[], name: string, isTTY: boolean): OutputStream {
  return {
    write(text: string) {
      log.push(`${name}:${text}`);
      return true;
    },
    isTTY,
  };
}

describe("holdOutput", () => {
  it("shows nothing until released, then everything in the order written, and later writes directly", () => {
    const log: string[] = [];
    const ctx: CliContext = {
      env: {},
      cwd: "/",
      stdout: recording(log, "out", false),
      stderr: recording(log, "err", true),
      stdinIsTTY: false,
    };
    const held = holdOutput(ctx);
    held.ctx.stderr.write("using spec\n");
    held.ctx.stdout.write("plan\n");
    held.ctx.stderr.write("1 error\n");
    expect(log).toEqual([]);
    expect(held.ctx.stdout.isTTY).toBe(false);
    expect(held.ctx.stderr.isTTY).toBe(true);
    held.release();
    expect(log).toEqual(["err:using spec\n", "out:plan\n", "err:1 error\n"]);
    held.ctx.stdout.write("after\n");
    held.release();
    expect(log).toEqual(["err:using spec\n", "out:plan\n", "err:1 error\n", "out:after\n"]);
  });

  it("reads stdin only when asked (creating process.stdin loads the net and stream modules)", () => {
    let reads = 0;
    const ctx = {
      env: {},
      cwd: "/",
      stdout: { write: () => true },
      stderr: { write: () => true },
      get stdinIsTTY() {
        reads += 1;
        return true;
      },
      get stdin() {
        reads += 1;
        return undefined;
      },
    } satisfies CliContext;
    const held = holdOutput(ctx);
    expect(reads).toBe(0);
    expect(held.ctx.stdinIsTTY).toBe(true);
    expect(held.ctx.stdin).toBeUndefined();
    expect(reads).toBe(2);
  });
});
