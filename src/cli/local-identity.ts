import { hostname, userInfo } from "node:os";

/**
 * Who and where crossrole runs, for the RoleSessionName: the OS user (else $USER / $USERNAME, else "user") and the
 * host name (else empty). Loads nothing but node:os, so both binaries can use it on their fast paths.
 */
export function localIdentity(env: Readonly<Record<string, string | undefined>>): {
  user: string;
  host: string;
} {
  let user = env.USER ?? env.USERNAME ?? "user";
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers with arbitrary uids): keep $USER
  }
  let host = "";
  try {
    host = hostname();
  } catch {
    // leave empty
  }
  return { user, host };
}
