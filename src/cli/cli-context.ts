/**
 * Everything a command may take from the process, read once in main.ts and passed down. Commands never touch
 * `process` themselves, so they can be driven in-process by tests.
 */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  /** True when stdin is a terminal: interactive prompts are allowed. */
  stdinIsTTY: boolean;
  /** Standard input, for interactive answers (apply/destroy confirmation). Absent: nothing can be read. */
  stdin?: AsyncIterable<string | Uint8Array> | undefined;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True when this stream is a terminal. */
  isTTY?: boolean;
}

/** Signature of every command module's entry point. Returns the exit code. */
export type CommandHandler = (argv: string[], ctx: CliContext) => Promise<number>;
