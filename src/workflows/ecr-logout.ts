import { removeCrossroleEntries } from "../outputs/docker-config.js";
import { updateDockerConfig } from "../outputs/write-docker-config.js";
import { type EcrRegistrySelection, planEcrRegistries } from "./plan-ecr-registries.js";

/** Options of {@link ecrLogout}. */
export interface EcrLogoutOptions {
  dockerConfigPath: string;
  /** Log out of these targets' registries only; undefined: every entry crossrole recorded in this config. */
  selection?: EcrRegistrySelection | undefined;
}

/** What {@link ecrLogout} removed (`auths:HOST`, `credHelpers:HOST`) and what the user should know. */
export interface EcrLogoutResult {
  removed: string[];
  notices: string[];
}

/**
 * Removes the `auths` and `credHelpers` entries crossrole added to config.json (for the selected targets, or all),
 * and only while they still hold what crossrole wrote. Nothing else in the file changes. Calls no AWS API.
 */
export async function ecrLogout(options: EcrLogoutOptions): Promise<EcrLogoutResult> {
  let hosts: string[] | undefined;
  const notices: string[] = [];
  if (options.selection !== undefined) {
    const plan = await planEcrRegistries(options.selection);
    hosts = plan.registries.map((r) => r.registry.host);
    notices.push(...plan.notices);
  }
  const change = await updateDockerConfig(options.dockerConfigPath, (config, state) =>
    removeCrossroleEntries(config, state, hosts),
  );
  return { removed: change.removed, notices: [...notices, ...change.notices] };
}
