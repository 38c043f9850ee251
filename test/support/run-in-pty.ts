import { runProcess } from "./run-process.js";

/** Quotes one argument for sh. */
function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * The argv that runs `argv` under a pseudo-terminal with util-linux `script` (`script -qec CMD /dev/null`): the
 * program's stdin, stdout and stderr are the terminal, and what it writes comes back on script's stdout (CRLF line
 * ends, both streams mixed). `-e` returns the program's exit code.
 */
export function inPty(argv: readonly string[]): string[] {
  return ["script", "-qec", argv.map(shellQuote).join(" "), "/dev/null"];
}

/** Runs `argv` under a pseudo-terminal (see {@link inPty}) with exactly `env`. */
export async function runInPty(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; output: string }> {
  const [command, ...args] = inPty(argv) as [string, ...string[]];
  const run = await runProcess(command, args, { ...options, ignoreStdin: true, timeoutMs: 60_000 });
  return { code: run.code, output: run.stdout };
}

/**
 * What a terminal shows after `raw`: `\r` returns to the line's start, ESC[2K erases the line, `\n` ends it, colour
 * codes are dropped. Lines as they remain on the screen.
 */
export function screenLines(raw: string): string[] {
  const lines: string[] = [];
  let line = "";
  const text = raw.replace(new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, "g"), "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (text.startsWith("\x1b[2K", i)) {
      line = "";
      i += 3;
    } else if (c === "\r") {
      // Carriage return: later text overwrites from the line's start (here: only after an erase, or CRLF).
      if (text[i + 1] !== "\n") line = "";
    } else if (c === "\n") {
      lines.push(line);
      line = "";
    } else line += c;
  }
  if (line !== "") lines.push(line);
  return lines;
}
