import { userInfo } from "node:os";
import { sep } from "node:path";
import { EnvironmentError } from "../../core/errors.js";

type Env = Readonly<Record<string, string | undefined>>;

const resolved = new WeakMap<Env, string>();

/**
 * The home directory, the one answer for every path under it (the credential cache, `~/.aws/config` and
 * `credentials`, `~/.docker`, `~/.config/crossrole`): found as the AWS SDK finds it, since the SDK reads
 * `~/.aws` itself: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`, else the user's entry in the
 * password database (which `os.homedir()` also falls back to, but only for the process's own environment). Empty
 * values count as unset. Resolved once per environment object, so one process (one `env`) gets one answer.
 * @throws EnvironmentError `HOME_UNKNOWN` when none of these gives one (no HOME, and a uid without a passwd entry).
 */
export function resolveHomeDir(env: Env): string {
  let home = resolved.get(env);
  if (home === undefined) {
    home = findHomeDir(env);
    resolved.set(env, home);
  }
  return home;
}

// --- internal ---

function findHomeDir(env: Env): string {
  if (isSet(env.HOME)) return env.HOME;
  if (isSet(env.USERPROFILE)) return env.USERPROFILE;
  if (isSet(env.HOMEPATH)) return `${env.HOMEDRIVE ?? `C:${sep}`}${env.HOMEPATH}`;
  let home: string | undefined;
  try {
    home = userInfo().homedir;
  } catch {
    // no passwd entry (a container run with an arbitrary uid)
  }
  if (isSet(home)) return home;
  throw new EnvironmentError(
    "HOME_UNKNOWN",
    "cannot find the home directory: HOME is not set and this user has no entry in the password database.",
    { hint: "Set HOME to a directory of this user's, as the AWS CLI and SDKs need too." },
  );
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}
