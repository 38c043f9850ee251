import { fromIni } from "@aws-sdk/credential-provider-ini";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { checkEndpointUrl } from "../core/identifiers/check-endpoint-url.js";
import { allowsUnknownRegion, checkRegionName } from "../core/identifiers/check-region-name.js";
import type { TemporaryCredentials } from "../core/session/temporary-credentials.js";
import { checkAwsSharedFiles } from "../local/fs/check-aws-shared-files.js";
import { resolveHomeDir } from "../local/fs/resolve-home-dir.js";
import { quietSdkNodeVersionWarning } from "./quiet-sdk-node-version-warning.js";
import type { WebIdentitySource } from "./web-identity-credentials.js";

/**
 * How to reach AWS, as the CLI resolved it. Adapters turn it into SDK client configuration; nothing outside
 * src/aws sees SDK types.
 */
export interface AwsClientConfig {
  region?: string | undefined;
  /**
   * Endpoint for every service (the `--endpoint-url` flag). Without it the SDK still honours AWS_ENDPOINT_URL and
   * AWS_ENDPOINT_URL_<SERVICE> from the environment, including for the STS client that assumes a profile's role.
   */
  endpoint?: string | undefined;
  /** Use this profile of the shared config files instead of the default chain. */
  profile?: string | undefined;
  /** Use these credentials (e.g. an assumed role's) instead of a profile or the default chain. */
  credentials?: TemporaryCredentials | undefined;
  /**
   * A keyless build's BUILD hop (a CI token crossrole read itself): STS clients take their credentials from
   * sts:AssumeRoleWithWebIdentity with it (sts-adapter.ts), instead of a profile or the default chain.
   */
  webIdentity?: WebIdentitySource | undefined;
}

/** SDK client configuration shared by every adapter. */
export interface SdkClientConfig {
  region?: string;
  endpoint?: string;
  /** Static credentials, or a provider such as defaultProvider's or fromIni's (typed here: dist/types needs no SDK). */
  credentials: SdkStaticCredentials | (() => Promise<SdkStaticCredentials>);
  maxAttempts: number;
  retryMode: "standard";
}

interface SdkStaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * Builds the SDK configuration: the SDK's standard retry strategy (throttling and 5xx are retried with backoff,
 * AccessDenied and validation errors are not), and a credential source:
 * explicit credentials > `profile` (fromIni, whose nested STS client gets the same endpoint and region) > the
 * default chain (env keys, shared profile, web identity, container and instance metadata).
 * @throws LocalFileError (exit 5) when a file the SDK would read by itself (AWS_CONFIG_FILE,
 *   AWS_SHARED_CREDENTIALS_FILE, AWS_WEB_IDENTITY_TOKEN_FILE or their defaults) is a FIFO, a device or huge: the SDK
 *   would wait on it forever or read it until memory runs out. Every client is built here, so nothing escapes it.
 */
export function toSdkClientConfig(config: AwsClientConfig): SdkClientConfig {
  checkAwsSharedFiles(process.env, resolveHomeDir(process.env));
  quietSdkNodeVersionWarning();
  checkLocation(config, process.env);
  const clientConfig = {
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
  };
  let credentials: SdkClientConfig["credentials"];
  if (config.credentials !== undefined) {
    const c = config.credentials;
    credentials = {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
      ...(c.expiration === undefined ? {} : { expiration: c.expiration }),
    };
  } else if (config.profile !== undefined) {
    credentials = fromIni({ profile: config.profile, clientConfig });
  } else {
    credentials = defaultProvider({ clientConfig });
  }
  return { ...clientConfig, credentials, maxAttempts: 4, retryMode: "standard" };
}

// --- internal ---

/** The services crossrole calls, whose AWS_ENDPOINT_URL_<SERVICE> variables the SDK reads. */
const SERVICE_ENDPOINT_VARIABLES = [
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_STS",
  "AWS_ENDPOINT_URL_IAM",
  "AWS_ENDPOINT_URL_ECR",
  "AWS_ENDPOINT_URL_S3",
  "AWS_ENDPOINT_URL_CLOUDFORMATION",
];

/**
 * Refuses a malformed endpoint or region (exit 2, naming the flag or variable) before the SDK sees it: the SDK
 * would fail with "TypeError: Invalid URL", or take `ftp://` to port 80, or put `eu west 1` into a host name.
 * The environment is read only where the SDK would read it (no endpoint or region given).
 */
function checkLocation(config: AwsClientConfig, env: NodeJS.ProcessEnv): void {
  const sourceOf = (value: string, names: readonly string[], flag: string): string =>
    names.find((name) => env[name] === value) ?? flag;
  if (config.endpoint !== undefined) {
    checkEndpointUrl(
      config.endpoint,
      sourceOf(config.endpoint, SERVICE_ENDPOINT_VARIABLES, "--endpoint-url"),
    );
  } else {
    for (const name of SERVICE_ENDPOINT_VARIABLES) {
      const value = env[name];
      if (value !== undefined && value !== "") checkEndpointUrl(value, name);
    }
  }
  const regionVariables = ["AWS_REGION", "AWS_DEFAULT_REGION"];
  const region =
    config.region ?? regionVariables.map((name) => env[name]).find((v) => v !== undefined && v !== "");
  if (region === undefined) return;
  // AWS_REGION and AWS_DEFAULT_REGION are checked against AWS's list here (opt-out: CROSSROLE_ALLOW_UNKNOWN_REGION=1);
  // a region handed in by crossrole comes from the spec, checked against the list when it was parsed, or a flag.
  const source = sourceOf(region, regionVariables, "--region");
  checkRegionName(region, source, { allowUnknown: source === "--region" || allowsUnknownRegion(env) });
}
