import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import { localIdentity } from "./local-identity.js";

/**
 * `docker-credential-crossrole`: docker's credential-helper protocol (docker-credential-helpers), for registries
 * routed to crossrole with `credHelpers` (`crossrole ecr configure-helper`):
 *
 * - `get`: stdin = server URL; stdout = `{"ServerURL":…,"Username":"AWS","Secret":…}`. An unknown host prints
 *   docker's standard `credentials not found in native keychain` and exits 1, so docker carries on anonymously.
 * - `store` (stdin JSON) and `erase` (stdin URL) succeed without persisting anything: tokens are minted on demand.
 * - `list`: `{}` or the hosts crossrole routes, each → "AWS".
 * - `version`.
 *
 * Errors go to stdout (docker shows the helper's stdout) as one line without secrets, exit 1. The spec comes from
 * $CROSSROLE_CONFIG, else $XDG_CONFIG_HOME/crossrole/crossrole.yaml, else ~/.config/crossrole/crossrole.yaml.
 * Startup is kept small: the workflow is imported when needed, and a cached token loads no AWS SDK. The
 * executable is the CommonJS launcher docker-credential-bin.ts, which answers a cached `get` itself and otherwise
 * calls this with the stdin it has already read (undefined: read it here).
 */
export async function dockerCredentialMain(argv: string[], stdin?: string): Promise<number> {
  const verb = argv[0];
  const input = async () => stdin ?? (await readStdin());
  const env = process.env;
  switch (verb) {
    case "get":
      return get((await input()).trim(), env);
    case "store":
      await input();
      return 0;
    case "erase":
      await input();
      return 0;
    case "list":
      return list(env);
    case "version":
      process.stdout.write(`docker-credential-crossrole (crossrole) ${VERSION}\n`);
      return 0;
    default:
      process.stdout.write(
        `Usage: docker-credential-crossrole <store|get|erase|list|version>\n${verb === undefined ? "" : `unknown action "${verb}"\n`}`,
      );
      return 1;
  }
}

// --- internal ---

declare const __CROSSROLE_VERSION__: string | undefined;
const VERSION = typeof __CROSSROLE_VERSION__ === "string" ? __CROSSROLE_VERSION__ : "dev";

/** docker-credential-helpers' errCredentialsNotFound text, which docker recognises as "no credentials". */
const NOT_FOUND = "credentials not found in native keychain";

async function get(serverUrl: string, env: NodeJS.ProcessEnv): Promise<number> {
  if (serverUrl === "") {
    process.stdout.write("no credentials server URL\n");
    return 1;
  }
  try {
    const { dockerCredentialGet } = await import("../workflows/docker-credential-get.js");
    const credential = await dockerCredentialGet({
      serverUrl,
      env,
      home: resolveHomeDir(env),
      cwd: process.cwd(),
      ...localIdentity(env),
      version: VERSION,
    });
    if (credential === undefined) {
      process.stdout.write(`${NOT_FOUND}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(credential)}\n`);
    return 0;
  } catch (error) {
    return fail(error);
  }
}

async function list(env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { readDockerEntriesState, resolveDockerConfigPath } = await import(
      "../outputs/read-docker-config.js"
    );
    const state = await readDockerEntriesState(resolveDockerConfigPath(env, resolveHomeDir(env)));
    const hosts: Record<string, string> = {};
    for (const host of Object.keys(state.credHelpers)) hosts[host] = "AWS";
    process.stdout.write(`${JSON.stringify(hosts)}\n`);
    return 0;
  } catch (error) {
    return fail(error);
  }
}

/** One line on stdout (docker shows it), the hint on stderr. CrossroleError messages never hold secrets. */
function fail(error: unknown): number {
  const e = error as { message?: string; hint?: string; code?: string };
  const message = (e.message ?? String(error)).replace(/\s+/g, " ").trim();
  process.stdout.write(`crossrole: ${message}\n`);
  if (typeof e.hint === "string") process.stderr.write(`crossrole: hint: ${e.hint}\n`);
  return 1;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY === true) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    if (chunks.reduce((n, c) => n + c.length, 0) > 1_048_576) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}
