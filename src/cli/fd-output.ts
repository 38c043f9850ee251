import { fstatSync, writeSync } from "node:fs";
import type { OutputStream } from "./cli-context.js";

/**
 * Standard output or error as an OutputStream that does not create Node's stream object unless it must: writes go
 * straight to the file descriptor (for a pipe, `process.stdout` would load the net and stream modules, a
 * measurable share of a cache-hit `assume`). On EAGAIN (a non-blocking pipe that is full) the rest, and every later
 * write, goes through the stream, so output stays in order. EPIPE (the reader went away) drops the output, as most
 * CLIs do. `isTTY` asks the stream only for character devices, the only files that can be terminals.
 */
export function fdOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): OutputStream {
  let fallback: NodeJS.WriteStream | undefined;
  let closed = false;
  return {
    write(text: string) {
      if (closed) return false;
      if (fallback !== undefined) return fallback.write(text);
      const data = Buffer.from(text, "utf8");
      let offset = 0;
      while (offset < data.length) {
        try {
          offset += writeSync(fd, data, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EPIPE") {
            closed = true;
            return false;
          }
          if (code !== "EAGAIN") throw error;
          fallback = stream();
          return fallback.write(data.subarray(offset));
        }
      }
      return true;
    },
    get isTTY() {
      return isTerminal(fd, stream);
    },
  };
}

/**
 * Whether standard stream `fd` is a terminal, asking Node's stream (creating it) only for a character device, the
 * only kind of file that can be one.
 */
export function isTerminal(fd: 0 | 1 | 2, stream: () => { isTTY?: boolean }): boolean {
  try {
    return fstatSync(fd).isCharacterDevice() ? stream().isTTY === true : false;
  } catch {
    return false;
  }
}
