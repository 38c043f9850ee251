import { spawnSync } from "node:child_process";

/**
 * The argv that runs `argv` as user and group `uid` with no supplementary groups (util-linux setpriv), through sh
 * as a test would: sh drops the effective uid to the real one setpriv set. Needs root.
 */
export function asUser(uid: number, argv: readonly string[]): string[] {
  return [
    "setpriv",
    `--reuid=${uid}`,
    `--regid=${uid}`,
    "--clear-groups",
    "--",
    "sh",
    "-c",
    'exec "$@"',
    "sh",
    ...argv,
  ];
}

/**
 * Whether tests can run this Node as `uid`: only as root, and not a runtime installed under root's home (CI's
 * Node 22/24 in ~/.cache, mode 0700), where the test would judge the shell's "Permission denied", not crossrole.
 */
export function canRunNodeAs(uid: number): boolean {
  if (process.getuid?.() !== 0) return false;
  const [command, ...args] = asUser(uid, [process.execPath, "-e", "0"]) as [string, ...string[]];
  return spawnSync(command, args).status === 0;
}
