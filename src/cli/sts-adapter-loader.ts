import { fileURLToPath } from "node:url";
import type { createStsAdapter as CreateStsAdapter } from "../aws/sts-adapter.js";
import type { AssumeTargetOptions, StsAdapterLoader } from "../workflows/assume-target.js";

/**
 * How `assume` and `exec` load the STS adapter on a cache miss. The built CLI ships it a second time as one
 * CommonJS script (`__CROSSROLE_STS_SCRIPT__`, next to the chunks) so that it can run with V8's code cache
 * (`loadCachedScript`): the AWS SDK is most of a cold run's start-up, and compiling it is most of that. The code
 * cache lives beside the script (never in the credential cache directory) and is saved after the first
 * AssumeRole, so it covers the functions that call ran. Without the script (tests, tsx) the workflow's default
 * `import()` is used. `--no-cache` reads the code cache but never writes it.
 */
export function stsAdapterLoader(options: AssumeTargetOptions): StsAdapterLoader | undefined {
  if (typeof __CROSSROLE_STS_SCRIPT__ !== "string") return undefined;
  const script = __CROSSROLE_STS_SCRIPT__;
  return async () => {
    // Resolved here, on a cache miss: a URL (and, in the CommonJS fast path, import.meta.url) costs a cache hit.
    const scriptUrl = new URL(script, import.meta.url);
    const [{ loadCachedScript }, errors] = await Promise.all([
      import("../local/cache/load-cached-script.js"),
      import("../core/errors.js"),
    ]);
    const loaded = loadCachedScript(fileURLToPath(scriptUrl), {
      version: options.version ?? "dev",
      // One set of error classes: the CLI's error rendering tells CrossroleErrors apart with instanceof.
      modules: { "crossrole:errors": errors },
    });
    const create = loaded.exports.createStsAdapter as typeof CreateStsAdapter;
    const save = options.cache !== false;
    return {
      createStsAdapter: (config) => {
        const sts = create(config);
        return {
          ...sts,
          async assumeRole(request, diagnostics) {
            const assumed = await sts.assumeRole(request, diagnostics);
            if (save) await loaded.saveCodeCache();
            return assumed;
          },
        };
      },
    };
  };
}

declare const __CROSSROLE_STS_SCRIPT__: string | undefined;
