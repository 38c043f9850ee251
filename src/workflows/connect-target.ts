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

/** What to ask the connector for the BUILD account: its account, the spec's region and `build.admin` block. */
export function buildSideRequest(spec: AccessSpec): SideRequest {
  const admin = spec.build.admin;
  return {
    side: "build",
    account: spec.build.account,
    region: spec.region,
    ...(admin === undefined ? {} : { admin }),
  };
}

/**
 * Connects to the BUILD account with the admin credentials the caller resolves for it (`--build-profile`,
 * `build.admin`), then checks they are in the spec's BUILD account: ACCOUNT_MISMATCH (exit 3) otherwise.
 */
export async function connectBuild(connect: ConnectSide, spec: AccessSpec): Promise<SideConnection> {
  return connectChecked(connect, buildSideRequest(spec));
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
