import type { CliContext } from "./cli-context.js";

/**
 * Asks a y/N question on stderr and reads one line from stdin. Only "y" or "yes" (any case) confirm; end of input,
 * anything else, or no stdin declines.
 */
export async function askConfirmation(ctx: CliContext, question: string): Promise<boolean> {
  ctx.stderr.write(`${question} [y/N] `);
  const input = ctx.stdin;
  if (input === undefined) return false;
  let line = "";
  for await (const chunk of input) {
    line += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    const newline = line.indexOf("\n");
    if (newline >= 0) {
      line = line.slice(0, newline);
      break;
    }
  }
  (input as { pause?: () => void }).pause?.();
  return /^\s*y(?:es)?\s*$/i.test(line);
}
