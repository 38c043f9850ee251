import { createIamAdapter } from "../aws/iam-adapter.js";
import {
  adminSourceKey,
  chooseAdminSource,
  describeAdminSource,
  resolveAdminCredentials,
} from "../aws/resolve-admin-credentials.js";
import { createStsAdapter } from "../aws/sts-adapter.js";
import type { ConnectSide, SideConnection } from "../workflows/connect-side.js";

/** Options of {@link connectAwsSides}. */
export interface ConnectAwsSidesOptions {
  /** `--target-profile`: admin profile for every target (overrides the spec's targets.*.admin). */
  targetProfile?: string | undefined;
  /** `--build-profile`: admin profile for the BUILD side (overrides build.admin). */
  buildProfile?: string | undefined;
  /** `--endpoint-url`. */
  endpoint?: string | undefined;
  /** `--region` (overrides the spec's region for the STS calls; IAM is global). */
  region?: string | undefined;
  /** Called before each IAM write call (counting). */
  onWrite?: (action: string) => void;
}

/** The admin flags as parsed: `--target-profile`, `--build-profile`, `--endpoint-url`, `--region`. */
export interface AdminFlagValues {
  "target-profile"?: string | undefined;
  "build-profile"?: string | undefined;
  "endpoint-url"?: string | undefined;
  region?: string | undefined;
}

/** {@link connectAwsSides} with the options the commands' admin flags give. */
export function connectAwsSidesFromFlags(values: AdminFlagValues): ConnectSide {
  return connectAwsSides({
    targetProfile: values["target-profile"],
    buildProfile: values["build-profile"],
    endpoint: values["endpoint-url"],
    region: values.region,
  });
}

/**
 * The AWS implementation of the workflows' ConnectSide: picks each side's admin credentials (flag > spec admin >
 * default chain), resolves them, asks STS who they are, and builds an IAM adapter on them. One connection per
 * distinct credential source and region, shared by every target that uses it.
 */
export function connectAwsSides(options: ConnectAwsSidesOptions): ConnectSide {
  const cache = new Map<string, Promise<SideConnection>>();
  return (request) => {
    const flag = request.side === "build" ? options.buildProfile : options.targetProfile;
    const source = chooseAdminSource(flag, request.admin, request.account);
    const region = options.region ?? request.region;
    const key = `${adminSourceKey(source)}|${region}`;
    let connection = cache.get(key);
    if (connection === undefined) {
      connection = (async () => {
        const config = await resolveAdminCredentials(source, { region, endpoint: options.endpoint });
        const identity = await createStsAdapter(config).getCallerIdentity();
        const iam = createIamAdapter(config, {
          account: identity.account,
          ...(options.onWrite === undefined ? {} : { onWrite: options.onWrite }),
        });
        return { iam, identity, source: describeAdminSource(source) };
      })();
      cache.set(key, connection);
    }
    return connection;
  };
}
