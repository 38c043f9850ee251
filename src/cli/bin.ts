import { join } from "node:path";
import { loadCachedScript } from "../local/cache/load-cached-script.js";

/**
 * The `crossrole` executable, built as CommonJS (dist/crossrole.cjs) so that a cache-hit `crossrole assume` never
 * initialises Node's ES-module loader, which costs about as much as the rest of the hit: it tries the fast path
 * (chunks/assume-fast-path.cjs, CommonJS too: a cached session, or an AssumeRole for a target known without parsing
 * the spec) and otherwise, as for every other command, imports the ES-module CLI (cli.js), which reads argv itself.
 * The fast path runs with V8's code cache beside it (loadCachedScript: only when the installation is ours and no
 * one else can write it), saved after the first run it answered: compiling its ~90 KB was a fifth of a cache hit.
 */
async function start(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "assume") {
    const script = loadCachedScript(join(__dirname, "chunks", "assume-fast-path.cjs"), {
      version: typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev",
      checksum: false,
    });
    const { assumeFastPath } = script.exports as {
      assumeFastPath: (argv: string[]) => Promise<number | undefined>;
    };
    const code = await assumeFastPath(rest);
    if (code !== undefined) {
      // As for the STS script: --no-cache reads the code cache but writes nothing.
      if (!rest.includes("--no-cache")) await script.saveCodeCache();
      process.exitCode = code;
      return;
    }
  }
  // The built CLI next to this file (dist/cli.js), resolved at run time.
  const cli = "./cli.js";
  await import(cli);
}

void start();

declare const __CROSSROLE_VERSION__: string | undefined;
