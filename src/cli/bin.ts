import { join } from "node:path";
import { loadCachedScript } from "../local/cache/load-cached-script.js";

/**
 * The `crossrole` executable, built as CommonJS (dist/crossrole.cjs) so that the commands run most often never
 * initialise Node's ES-module loader, which costs about as much as the rest of a cache-hit `assume`. It first tries
 * the command's CommonJS fast path, if it has one: `assume` (chunks/assume-fast-path.cjs: a cached session, or an
 * AssumeRole for a target known without parsing the spec), `plan` and `lint` (chunks/offline-fast-path.cjs: the
 * commands themselves, without the spec's full parser). A fast path answers (an exit code) or hands over, having
 * shown nothing (undefined); then, as for every other command, the ES-module CLI (cli.js) runs and reads argv
 * itself. Each fast path runs with V8's code cache beside it (loadCachedScript: only when the installation is ours
 * and no one else can write it), saved after the first run it answered: compiling its code was a fifth of a
 * cache-hit `assume`, and loading ~40 ES-module chunks the largest share of `plan`'s start-up.
 */
async function start(): Promise<void> {
  const argv = process.argv.slice(2);
  const [command, ...rest] = argv;
  // Until a fast path settles: were the event loop ever to empty while it awaits something that never comes, the
  // process must not exit 0 having printed nothing.
  // 1 is ExitCode.unexpected (exit-codes.ts, not imported: it would bring the error classes into the launcher).
  process.exitCode = 1;
  const code =
    command === "assume"
      ? // As for the STS script: --no-cache reads the code cache but writes nothing.
        await runFastPath("assume-fast-path.cjs", "assumeFastPath", rest, !rest.includes("--no-cache"))
      : command === "plan" || command === "lint"
        ? await runFastPath("offline-fast-path.cjs", "offlineFastPath", argv, true)
        : undefined;
  if (code !== undefined) {
    process.exitCode = code;
    return;
  }
  process.exitCode = undefined;
  // The built CLI next to this file (dist/cli.js), resolved at run time.
  const cli = "./cli.js";
  await import(cli);
}

/** Runs export `name` of the fast-path bundle chunks/`bundle` on `argv`: its exit code, or undefined to hand over. */
async function runFastPath(
  bundle: string,
  name: string,
  argv: string[],
  saveCodeCache: boolean,
): Promise<number | undefined> {
  const script = loadCachedScript(join(__dirname, "chunks", bundle), {
    version: typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev",
    checksum: false,
  });
  const run = script.exports[name] as (argv: string[]) => Promise<number | undefined>;
  const code = await run(argv);
  if (code !== undefined && saveCodeCache) await script.saveCodeCache();
  return code;
}

void start();

declare const __CROSSROLE_VERSION__: string | undefined;
