import { renderError } from "../cli/render-error.js";
import { clearCachedSessions } from "../local/cache/clear-cached-sessions.js";
import { removeCrossroleEntries } from "../outputs/docker-config.js";
import { updateDockerConfig } from "../outputs/write-docker-config.js";
import { removeProfile } from "../workflows/write-profile.js";
import { ACTION_STATE } from "./action-state.js";
import type { RunnerCommands } from "./runner-commands.js";

/**
 * The action's post step (it runs when the job ends, also after a failure): stops the credential endpoint, removes
 * the docker config entries and AWS profiles the main step added, and deletes the sessions and ECR tokens it
 * cached, from what the main step recorded in $GITHUB_STATE. Each part is cleared on its own: one that fails is a
 * warning, and the others are still done.
 */
export async function runActionPost(runner: RunnerCommands): Promise<void> {
  const parts: [string, () => Promise<string | undefined>][] = [
    ["credential endpoint", async () => stopEndpoint(runner.state(ACTION_STATE.servePid))],
    [
      "docker config",
      async () => {
        const path = runner.state(ACTION_STATE.dockerConfig);
        if (path === "") return undefined;
        const hosts = JSON.parse(runner.state(ACTION_STATE.dockerHosts) || "[]") as string[];
        const change = await updateDockerConfig(path, (config, state) =>
          removeCrossroleEntries(config, state, hosts),
        );
        return `removed ${change.removed.length} docker config entries (${path})`;
      },
    ],
    [
      "profiles",
      async () => {
        const saved = runner.state(ACTION_STATE.profiles);
        if (saved === "") return undefined;
        const { configFile, credentialsFile, names } = JSON.parse(saved) as {
          configFile: string;
          credentialsFile: string;
          names: string[];
        };
        for (const name of names) await removeProfile({ files: { configFile, credentialsFile }, name });
        return `removed profiles ${names.join(", ")}`;
      },
    ],
    [
      "cached sessions",
      async () => {
        const cacheDir = runner.state(ACTION_STATE.cacheDir);
        const roleArns = JSON.parse(runner.state(ACTION_STATE.roleArns) || "[]") as string[];
        if (cacheDir === "" || roleArns.length === 0) return undefined;
        const cleared = await clearCachedSessions(cacheDir, roleArns);
        return `removed ${cleared.sessions} cached sessions and ${cleared.ecrTokens} ECR tokens (${cacheDir})`;
      },
    ],
  ];
  for (const [what, clear] of parts) {
    try {
      const done = await clear();
      if (done !== undefined) runner.info(`crossrole: ${done}`);
    } catch (error) {
      runner.warning(`could not clear the ${what}: ${renderError(error).trim()}`);
    }
  }
}

// --- internal ---

function stopEndpoint(pid: string): string | undefined {
  if (!/^\d+$/.test(pid)) return undefined;
  try {
    process.kill(Number(pid), "SIGTERM");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH")
      return "the credential endpoint had already stopped";
    throw error;
  }
  return `stopped the credential endpoint (pid ${pid})`;
}
