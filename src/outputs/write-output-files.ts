import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../local/fs/write-file-atomic.js";

/** A generated file: a path relative to the output directory, and its content. */
export interface OutputFile {
  path: string;
  content: string;
}

/**
 * Writes generated files into `dir` (created if missing, 0755 less the umask; files 0644). Every file is rendered before this is called and each
 * is written atomically, so an interrupted run never leaves a half-written template. Generated files are
 * overwritten: they are outputs, not user documents.
 */
export async function writeOutputFiles(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  // An explicit mode: under umask 000 the default (0777) would leave the templates world-writable.
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.path);
    await writeFileAtomic(path, file.content, { overwrite: true, mode: 0o644, dirMode: 0o755 });
    written.push(path);
  }
  return written;
}
