import { type Style, styleFor } from "../outputs/style.js";
import type { CliContext, OutputStream } from "./cli-context.js";

/**
 * Whether text written to `stream` is coloured, decided once per command: `--no-color`, then NO_COLOR (any
 * non-empty value, no-color.org), then FORCE_COLOR (`0` or `false`: off; any other value, even empty: on, in a pipe
 * too, as Node and chalk read it), then colour only on a terminal whose TERM is not `dumb`. Opting out wins over
 * forcing.
 */
export function wantsColour(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
  noColorFlag: boolean | undefined,
): boolean {
  if (noColorFlag === true) return false;
  if ((env.NO_COLOR ?? "") !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** The parsed values of `--no-color` and `-q/--quiet` (option-table.ts). */
export interface OutputFlags {
  "no-color"?: boolean;
  quiet?: boolean;
}

/** The style of what a command writes to `stream` (default stdout), from the context and its flags. */
export function outputStyle(ctx: CliContext, flags: OutputFlags, stream = ctx.stdout): Style {
  return styleFor(wantsColour(stream, ctx.env, flags["no-color"]));
}
