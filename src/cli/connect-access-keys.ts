import { createAccessKeyAdapter } from "../aws/access-key-adapter.js";
import {
  chooseAdminSource,
  describeAdminSource,
  resolveAdminCredentials,
} from "../aws/resolve-admin-credentials.js";
import { createStsAdapter } from "../aws/sts-adapter.js";
import type { CallerIdentity } from "../core/diff/live-state.js";
import { AwsAuthError } from "../core/errors.js";
import type { AccessKeyPort } from "../core/ports/access-key-port.js";
import type { SideRequest } from "../workflows/connect-side.js";

/** Access-key calls on the BUILD account, and who makes them. */
export interface AccessKeyConnection {
  keys: AccessKeyPort;
  identity: CallerIdentity;
}

/**
 * Connects to the BUILD account's access keys with its admin credentials (`--build-profile` > spec `build.admin` >
 * the default chain), checking first that they are in the spec's BUILD account (ACCOUNT_MISMATCH, exit 3).
 */
export function connectAccessKeys(options: {
  buildProfile?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
}): (request: SideRequest) => Promise<AccessKeyConnection> {
  return async (request) => {
    const source = chooseAdminSource(options.buildProfile, request.admin, request.account);
    const config = await resolveAdminCredentials(source, {
      region: options.region ?? request.region,
      endpoint: options.endpoint,
    });
    const identity = await createStsAdapter(config).getCallerIdentity();
    if (identity.account !== request.account) {
      throw new AwsAuthError(
        "ACCOUNT_MISMATCH",
        `the BUILD admin credentials (${describeAdminSource(source)}) are in account ${identity.account} (${identity.arn}), but the spec's BUILD account is ${request.account}. Nothing was changed.`,
        {
          hint: `Use admin credentials of account ${request.account}: --build-profile NAME, or build.admin in the spec.`,
        },
      );
    }
    return { keys: createAccessKeyAdapter(config), identity };
  };
}
