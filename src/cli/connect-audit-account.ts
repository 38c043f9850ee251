import { createIamAdapter } from "../aws/iam-adapter.js";
import {
  type AdminSource,
  describeAdminSource,
  resolveAdminCredentials,
} from "../aws/resolve-admin-credentials.js";
import { createStsAdapter } from "../aws/sts-adapter.js";
import type { ConnectAuditAccount } from "../workflows/audit-roles.js";

/**
 * `crossrole audit`'s connection to one account: a profile's credentials (or the default chain), resolved as every
 * command's admin credentials are, GetCallerIdentity to learn the account, then an IAM adapter on them.
 */
export function connectAuditAccount(options: {
  region: string;
  endpoint?: string | undefined;
}): ConnectAuditAccount {
  return async (profile) => {
    const source: AdminSource = profile === undefined ? { kind: "default" } : { kind: "profile", profile };
    const config = await resolveAdminCredentials(source, options);
    const identity = await createStsAdapter(config).getCallerIdentity();
    const iam = createIamAdapter(config, { account: identity.account });
    return { iam, identity, source: describeAdminSource(source) };
  };
}
