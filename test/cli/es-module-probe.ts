import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cliPath } from "./run-cli.js";

/**
 * Sees which of dist's ES modules a `crossrole` run loads: a module.register() resolve hook, installed with
 * NODE_OPTIONS=--import, appends every URL it resolves to a file. The executable itself (dist/crossrole.cjs, the
 * entry point) is resolved through the hook too and is left out, so a run answered by a CommonJS fast path shows no
 * module at all, and one that ran the full CLI shows dist/cli.js and its chunks.
 */
export interface EsModuleProbe {
  /** The environment that installs the probe, recording into a new file; pass it to runCli. */
  env(): Promise<{ env: Record<string, string>; read: () => Promise<EsModulesLoaded> }>;
}

export interface EsModulesLoaded {
  /** The dist files loaded as ES modules (the executable left out). */
  files: string[];
  /** Whether the full ES-module CLI (dist/cli.js) ran. */
  fullCli: boolean;
}

/** Writes the probe's hook into `dir`. */
export async function createEsModuleProbe(dir: string): Promise<EsModuleProbe> {
  const hooks = join(dir, "probe-hooks.mjs");
  const probe = join(dir, "probe.mjs");
  await writeFile(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.PROBE_OUT) appendFileSync(process.env.PROBE_OUT, resolved.url + "\\n");
  return resolved;
}`,
  );
  await writeFile(
    probe,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  let runs = 0;
  return {
    async env() {
      runs += 1;
      const out = join(dir, `probe-${process.pid}-${runs}.txt`);
      await writeFile(out, "");
      return {
        env: { NODE_OPTIONS: `--import ${pathToFileURL(probe).href}`, PROBE_OUT: out },
        async read() {
          const files = (await readFile(out, "utf8"))
            .split("\n")
            .filter((u) => u.startsWith("file:"))
            .map((url) => fileURLToPath(url))
            .filter((file) => file.includes("/dist/") && file !== cliPath);
          return { files, fullCli: files.some((file) => file.endsWith("/dist/cli.js")) };
        },
      };
    },
  };
}
