import { addDockerAuths } from "../outputs/docker-config.js";
import { updateDockerConfig } from "../outputs/write-docker-config.js";
import { type EcrAdapterLoader, getEcrToken } from "./get-ecr-token.js";
import { type EcrRegistrySelection, planEcrRegistries } from "./plan-ecr-registries.js";

/** Options of {@link ecrLogin}. */
export interface EcrLoginOptions extends EcrRegistrySelection {
  /** `config`: merge one `auths` entry per registry into `dockerConfigPath`; `none`: only return the logins. */
  write: "config" | "none";
  dockerConfigPath: string;
  now?: () => Date;
  loadEcr?: EcrAdapterLoader;
}

/** One registry's login. `password` is a secret. */
export interface EcrRegistryLogin {
  host: string;
  target?: string;
  roleArn: string;
  username: string;
  password: string;
  expiresAt: Date;
  fromCache: boolean;
}

/** What {@link ecrLogin} did. */
export interface EcrLoginResult {
  logins: EcrRegistryLogin[];
  /** Things the user should know (credsStore in use, entries replaced, cache problems). Never secrets. */
  notices: string[];
  /** Set when config.json was written (or already held these logins). */
  dockerConfigPath?: string;
}

/**
 * Logs in to each target's registry (or the `--registry-id` registries): assumes the role through the credential
 * cache, gets an ECR token (cached until half its life), and by default merges `auths[host]` into docker's
 * config.json, leaving every other entry alone.
 */
export async function ecrLogin(options: EcrLoginOptions): Promise<EcrLoginResult> {
  const plan = await planEcrRegistries(options);
  const notices = [...plan.notices];
  const logins: EcrRegistryLogin[] = [];
  for (const planned of plan.registries) {
    const result = await getEcrToken({
      assume: planned.assume,
      roleArn: planned.roleArn,
      externalId: planned.externalId,
      tokenVariable: planned.tokenVariable,
      registry: planned.registry,
      cacheDir: plan.cacheDir,
      cache: planned.assume.cache ?? true,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.loadEcr === undefined ? {} : { loadEcr: options.loadEcr }),
    });
    notices.push(...result.warnings);
    const login: EcrRegistryLogin = {
      host: planned.registry.host,
      roleArn: planned.roleArn,
      username: result.token.username,
      password: result.token.password,
      expiresAt: result.token.expiresAt,
      fromCache: result.fromCache,
    };
    if (planned.target !== undefined) login.target = planned.target;
    logins.push(login);
  }
  if (options.write === "none") return { logins, notices };
  const change = await updateDockerConfig(options.dockerConfigPath, (config, state) =>
    addDockerAuths(config, state, logins),
  );
  notices.push(...change.notices);
  return { logins, notices, dockerConfigPath: options.dockerConfigPath };
}
