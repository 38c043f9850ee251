import type { TargetPlan } from "../core/plan/access-plan.js";
import { specTargetOf } from "../core/plan/spec-target-of.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import { accountMismatchError } from "../core/verify/account-mismatch-error.js";
import type { ConnectSide, SideConnection, SideRequest } from "./connect-side.js";

/**
 * Connects to a target's account with the admin credentials its spec entry names (a group's entry for one account
 * of a multi-account target), then checks that they are in the account the spec says: ACCOUNT_MISMATCH (exit 3)
 * otherwise, before anything is read or written.
 */
export async function connectTarget(
  connect: ConnectSide,
  spec: AccessSpec,
  target: TargetPlan,
): Promise<SideConnection> {
  return connectChecked(connect, targetSideRequest(spec, target));
}

/** What to ask the connector for one target: its account, region, group and the spec's `admin` block. */
export function targetSideRequest(spec: AccessSpec, target: TargetPlan): SideRequest {
  const admin = specTargetOf(spec, target)?.admin;
  return {
    side: "target",
    target: target.name,
    ...(target.group === undefined ? {} : { group: target.group }),
    account: target.account,
    region: target.region,
    ...(admin === undefined ? {} : { admin }),
  };
}

/** Connects one side and throws ACCOUNT_MISMATCH when the credentials are in another account than requested. */
export async function connectChecked(connect: ConnectSide, request: SideRequest): Promise<SideConnection> {
  const connection = await connect(request);
  if (connection.identity.account !== request.account) {
    throw accountMismatchError({
      side: request.side,
      target: request.target,
      group: request.group,
      expected: request.account,
      actual: connection.identity.account,
      actualArn: connection.identity.arn,
      source: connection.source,
    });
  }
  return connection;
}
