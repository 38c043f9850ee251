import type { CliContext, OutputStream } from "./cli-context.js";

/** A CliContext whose stdout and stderr are held back, in order, until {@link HeldOutput.release}. */
export interface HeldOutput {
  ctx: CliContext;
  /** Writes what was held, in the order it was written, and lets later writes through. */
  release(): void;
}

/**
 * Holds a command's output back, so that a fast path that may still hand over to the full CLI
 * (offline-fast-path.ts) has shown nothing when it does: the full CLI then writes everything once (the "using
 * spec" notice included). stdout and stderr keep their relative order; `isTTY` is the real stream's.
 */
export function holdOutput(ctx: CliContext): HeldOutput {
  const held: [OutputStream, string][] = [];
  let released = false;
  const hold = (stream: OutputStream): OutputStream => ({
    write(text: string) {
      if (released) return stream.write(text);
      held.push([stream, text]);
      return true;
    },
    get isTTY() {
      return stream.isTTY === true;
    },
  });
  return {
    // Not a spread: it would read the stdin getters, and creating process.stdin loads the net and stream modules.
    ctx: {
      env: ctx.env,
      cwd: ctx.cwd,
      stdout: hold(ctx.stdout),
      stderr: hold(ctx.stderr),
      get stdinIsTTY() {
        return ctx.stdinIsTTY;
      },
      get stdin() {
        return ctx.stdin;
      },
    },
    release() {
      released = true;
      for (const [stream, text] of held.splice(0)) stream.write(text);
    },
  };
}
