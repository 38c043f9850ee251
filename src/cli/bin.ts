/**
 * The `crossrole` executable, built as CommonJS (dist/crossrole.cjs) so that a cache-hit `crossrole assume` never
 * initialises Node's ES-module loader, which costs about as much as the rest of the hit: it tries the fast path
 * (chunks/assume-fast-path.cjs, CommonJS too: a cached session, or an AssumeRole for a target known without parsing
 * the spec) and otherwise, as for every other command, imports the ES-module CLI (cli.js), which reads argv itself.
 */
async function start(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "assume") {
    const { assumeFastPath } = require("./chunks/assume-fast-path.cjs") as {
      assumeFastPath: (argv: string[]) => Promise<number | undefined>;
    };
    const code = await assumeFastPath(rest);
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  // The built CLI next to this file (dist/cli.js), resolved at run time.
  const cli = "./cli.js";
  await import(cli);
}

void start();
