import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { addCredHelpers, CROSSROLE_HELPER_NAME } from "../outputs/docker-config.js";
import { updateDockerConfig } from "../outputs/write-docker-config.js";
import { type EcrRegistrySelection, planEcrRegistries } from "./plan-ecr-registries.js";

/** Options of {@link ecrConfigureHelper}. */
export interface EcrConfigureHelperOptions extends EcrRegistrySelection {
  dockerConfigPath: string;
  /** The spec the helper will find when docker runs it (see resolveHelperSpecPath), to warn when it differs. */
  helperSpecPath: string;
}

/** What {@link ecrConfigureHelper} routed, and notices (helper not on PATH, spec the helper will not find). */
export interface EcrConfigureHelperResult {
  hosts: string[];
  notices: string[];
}

/**
 * Routes each target's registry to crossrole's credential helper: `credHelpers[host] = "crossrole"`, so docker
 * runs `docker-credential-crossrole get` for it. Other entries are untouched. Calls no AWS API.
 */
export async function ecrConfigureHelper(
  options: EcrConfigureHelperOptions,
): Promise<EcrConfigureHelperResult> {
  const plan = await planEcrRegistries(options);
  const notices = [...plan.notices];
  const routes = plan.registries.map((r) => ({ host: r.registry.host, target: r.target }));
  const change = await updateDockerConfig(options.dockerConfigPath, (config, state) =>
    addCredHelpers(config, state, routes),
  );
  notices.push(...change.notices);
  const helper = `docker-credential-${CROSSROLE_HELPER_NAME}`;
  if (!(await onPath(helper, options.assume.env.PATH))) {
    notices.push(
      `${helper} is not on PATH: docker will fail to run it. Install crossrole globally (npm i -g crossrole) or add its bin directory to PATH.`,
    );
  }
  if (options.source.kind === "spec" && options.source.file !== options.helperSpecPath) {
    notices.push(
      `the helper finds its spec through CROSSROLE_CONFIG, else ${options.helperSpecPath}; docker will not see ${options.source.file} unless CROSSROLE_CONFIG=${options.source.file} is set where docker runs.`,
    );
  }
  return { hosts: routes.map((r) => r.host), notices };
}

// --- internal ---

async function onPath(name: string, path: string | undefined): Promise<boolean> {
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir === "") continue;
    try {
      await access(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}
