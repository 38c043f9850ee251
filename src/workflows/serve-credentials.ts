import { EnvironmentError } from "../core/errors.js";
import { DEFAULT_REFRESH_POLICY, type RefreshPolicy } from "../core/session/refresh-schedule.js";
import { awsProfileFiles } from "../local/fs/check-aws-shared-files.js";
import { LocalFileError, readLocalFile } from "../local/fs/read-local-file.js";
import {
  createBearerToken,
  isLoopbackHost,
  type ServedCredentials,
  startCredentialServer,
} from "../local/process/credential-server.js";
import type { AssumeTargetOptions, AssumeTargetResult } from "./assume-target.js";
import { createCredentialRefresher, type RefresherEvent } from "./credential-refresher.js";

/** Options of {@link serveCredentials}. */
export interface ServeCredentialsOptions {
  /** Which role and how (from parseAssumeArgs). The credential cache is never used: every fetch is an AssumeRole. */
  assume: AssumeTargetOptions;
  /** Listen address (default 127.0.0.1). */
  host?: string | undefined;
  /** Listen port (default 0: a free one). */
  port?: number | undefined;
  /** Bearer token (default: {@link createBearerToken}, 32 random bytes). */
  token?: string | undefined;
  /** Refresh margin and retry backoff (default {@link DEFAULT_REFRESH_POLICY}); tests shorten it. */
  policy?: RefreshPolicy | undefined;
  /** Log hook: refreshes, failed refreshes. Never secrets. */
  onEvent?: ((event: RefresherEvent) => void) | undefined;
  /** The assume workflow (default: assumeTarget, loaded lazily). */
  assumeTarget?: ((options: AssumeTargetOptions) => Promise<AssumeTargetResult>) | undefined;
}

/** A running credential endpoint with its refresher. */
export interface CredentialEndpoint {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  readonly url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN: a secret, never logged. */
  readonly token: string;
  readonly host: string;
  readonly port: number;
  /** True when bound to a loopback address. */
  readonly loopback: boolean;
  readonly region: string;
  readonly roleArn: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` of the first session, when STS reported it. */
  readonly assumedRoleArn: string | undefined;
  /** The ExternalId sent, for reports that show it masked (maskExternalId) only. */
  readonly externalId: string | undefined;
  readonly sessionName: string;
  /** Expiry of the first session. */
  readonly firstExpiration: Date;
  /** Warnings of the first AssumeRole (duration clamped, ...) and of the local setup. Never secrets. */
  readonly warnings: readonly string[];
  /** Successful re-assumes since start. */
  readonly refreshes: number;
  /** The variables a client needs: FULL_URI, AUTHORIZATION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION. */
  environment(): Record<string, string>;
  /** Stop serving and refreshing. Idempotent. */
  close(): Promise<void>;
}

/**
 * Serves a target role's credentials on a container-credentials endpoint until closed: assumes the role once (an
 * error there is thrown, nothing is started), starts the HTTP endpoint ({@link startCredentialServer}) and re-assumes
 * the role before each session expires, single-flight, retrying with backoff while the last good credentials keep
 * being served (see {@link createCredentialRefresher}). Every fetch is a fresh sts:AssumeRole with the same
 * parameters (the credential cache is bypassed); the spec is re-read on each refresh, and a refresh whose role
 * differs from the first one's (the spec changed meanwhile) is refused.
 */
export async function serveCredentials(options: ServeCredentialsOptions): Promise<CredentialEndpoint> {
  const assume =
    options.assumeTarget ??
    (async (o: AssumeTargetOptions) => (await import("./assume-target.js")).assumeTarget(o));
  const assumeOptions: AssumeTargetOptions = { ...options.assume, cache: false };
  let first: AssumeTargetResult | undefined;
  const refresher = createCredentialRefresher<ServedCredentials>({
    policy: options.policy ?? DEFAULT_REFRESH_POLICY,
    onEvent: options.onEvent,
    fetch: async () => {
      const result = await assume(assumeOptions);
      if (first === undefined) first = result;
      else if (result.roleArn !== first.roleArn) {
        throw new EnvironmentError(
          "SERVED_ROLE_CHANGED",
          `refusing to switch the served role from ${first.roleArn} to ${result.roleArn} (the spec changed).`,
          { hint: "Restart crossrole to serve the new role." },
        );
      }
      return { ...result.credentials, roleArn: result.roleArn };
    },
  });
  const initial = await refresher.start();
  const token = options.token ?? createBearerToken();
  let server: Awaited<ReturnType<typeof startCredentialServer>>;
  try {
    server = await startCredentialServer({
      token,
      credentials: () => refresher.current(),
      host: options.host,
      port: options.port,
    });
  } catch (error) {
    refresher.stop();
    throw error;
  }
  const result = first as AssumeTargetResult;
  const warnings = [
    ...result.warnings,
    ...competingDefaultProfile(options.assume.env, options.assume.home).map(
      (file) =>
        `the [default] profile in ${file} holds credentials: AWS SDKs and the aws CLI prefer it to the credential endpoint (its place in their provider chain comes first), so programs would run as that identity instead of ${result.roleArn}. Remove it, or point AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE at files without it.`,
    ),
  ];
  let closed: Promise<void> | undefined;
  return {
    url: server.url,
    token,
    host: server.host,
    port: server.port,
    loopback: isLoopbackHost(server.host),
    region: result.region,
    roleArn: result.roleArn,
    assumedRoleArn: result.assumedRoleArn,
    externalId: result.externalId,
    sessionName: result.sessionName,
    firstExpiration: initial.expiration,
    warnings,
    get refreshes() {
      return refresher.refreshes;
    },
    environment: () => ({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
      AWS_REGION: result.region,
      AWS_DEFAULT_REGION: result.region,
    }),
    close() {
      closed ??= (async () => {
        refresher.stop();
        await server.close();
      })();
      return closed;
    },
  };
}

// --- internal ---

/** Credential keys that make a [default] profile win over container credentials in the SDKs' default chains. */
const CREDENTIAL_KEYS =
  /^\s*(aws_access_key_id|aws_secret_access_key|aws_session_token|role_arn|credential_process|sso_session|sso_start_url|web_identity_token_file|credential_source|login_session)\s*=/i;

/** Shared files whose [default] profile holds credentials (and would shadow the endpoint). */
function competingDefaultProfile(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  // The credentials file first: the SDKs' chains read it first.
  return awsProfileFiles(env, home)
    .reverse()
    .flatMap(({ path, rules }) => {
      let text: string;
      try {
        text = readLocalFile(path, rules)?.toString("utf8") ?? "";
      } catch (error) {
        if (error instanceof LocalFileError && error.problem === "unreadable") return []; // the SDK cannot either
        throw error;
      }
      let inDefault = false;
      for (const line of text.split(/\r?\n/)) {
        const section = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line);
        if (section !== null) inDefault = section[1] === "default" || section[1] === "profile default";
        else if (inDefault && CREDENTIAL_KEYS.test(line)) return [path];
      }
      return [];
    });
}
