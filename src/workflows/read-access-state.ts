import {
  type AccessPlan,
  BUILD_GRANT_POLICY_NAME,
  type BuildPlan,
  PERMISSION_POLICY_NAME,
  type TargetPlan,
} from "../core/access-plan.js";
import { buildAccessPlan } from "../core/build-access-plan.js";
import { AwsAuthError, CrossroleError } from "../core/errors.js";
import type { IamPort } from "../core/iam-port.js";
import type { CallerIdentity, LiveBuildState, LiveRole, LiveTargetState } from "../core/live-state.js";
import { selectTargets } from "../core/select-targets.js";
import type { AccessSpec, AdminSpec } from "../core/spec-schema.js";
import { loadSpec } from "./load-spec.js";
import { mapBounded } from "./map-bounded.js";

/** Which side(s) a command works on (`--side`). */
export type Side = "target" | "build" | "all";

/** What the workflow asks the caller to connect to: one side of one account. */
export interface SideRequest {
  side: "target" | "build";
  /** The target's name; undefined for BUILD. */
  target?: string;
  /** The account the spec says this side is in. */
  account: string;
  region: string;
  /** The spec's `admin` block for this side, if any. */
  admin?: AdminSpec;
}

/** Administrator access to one account, as the caller resolved it. */
export interface SideConnection {
  iam: IamPort;
  /** Who the credentials are (GetCallerIdentity), checked against the expected account before anything else. */
  identity: CallerIdentity;
  /** How the credentials were chosen, for messages: "profile target-admin", "the default credential chain". */
  source: string;
}

/** Connects to one side (resolves credentials, runs GetCallerIdentity). May cache per credential source. */
export type ConnectSide = (request: SideRequest) => Promise<SideConnection>;

/** One target: its plan and, once read, its live state (or why it could not be read). */
export interface TargetState {
  plan: TargetPlan;
  connection?: SideConnection;
  live?: LiveTargetState;
  error?: CrossroleError;
}

/** The BUILD side: its plan and, once read, the principal's live state (or why it could not be read). */
export interface BuildState {
  plan: BuildPlan;
  connection?: SideConnection;
  live?: LiveBuildState;
  error?: CrossroleError;
}

/** Everything read for a command, per side. */
export interface AccessState {
  spec: AccessSpec;
  /** The plan of the whole spec (the BUILD grant always covers every target). */
  fullPlan: AccessPlan;
  /** The plan narrowed to the selected targets. */
  plan: AccessPlan;
  /** Selected targets, in spec order; empty when only the BUILD side was asked for. */
  targets: TargetState[];
  /** Undefined when only the target side was asked for. */
  build?: BuildState;
}

/** Options of {@link readAccessState}. */
export interface ReadAccessStateOptions {
  file: string;
  targets?: readonly string[];
  side: Side;
  connect: ConnectSide;
  /** Targets read in parallel (default 8). */
  concurrency?: number;
}

/** Default number of targets worked on at once. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Loads the spec, connects to every account involved and checks that each credential is in the account the spec
 * names (a mismatch throws ACCOUNT_MISMATCH, exit 3, before anything is read or written), then reads each selected
 * target's role (trust, inline and attached policies, MaxSessionDuration, tags) and the BUILD principal's grant.
 * A target whose read fails carries its error; the others are unaffected.
 */
export async function readAccessState(options: ReadAccessStateOptions): Promise<AccessState> {
  const { spec, file } = await loadSpec(options.file);
  const fullPlan = buildAccessPlan(spec, file);
  const plan = selectTargets(fullPlan, options.targets ?? []);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const targets: TargetState[] = options.side === "build" ? [] : plan.targets.map((t) => ({ plan: t }));
  const build: BuildState | undefined = options.side === "target" ? undefined : { plan: plan.build };

  // 1. Connect and check every credential's account before any read or write.
  const requests: Array<{ request: SideRequest; assign: (c: SideConnection) => void }> = targets.map((t) => {
    const admin = spec.targets[t.plan.name]?.admin;
    return {
      request: {
        side: "target",
        target: t.plan.name,
        account: t.plan.account,
        region: t.plan.region,
        ...(admin === undefined ? {} : { admin }),
      },
      assign: (c) => {
        t.connection = c;
      },
    };
  });
  if (build !== undefined) {
    const admin = spec.build.admin;
    requests.push({
      request: {
        side: "build",
        account: spec.build.account,
        region: spec.region,
        ...(admin === undefined ? {} : { admin }),
      },
      assign: (c) => {
        build.connection = c;
      },
    });
  }
  await mapBounded(requests, concurrency, async ({ request, assign }) => {
    const connection = await options.connect(request);
    checkAccount(request, connection);
    assign(connection);
  });

  // 2. Read live state; a failing target does not stop the others.
  await mapBounded(targets, concurrency, async (t) => {
    try {
      t.live = await readLiveTarget(t.connection?.iam as IamPort, t.plan);
    } catch (error) {
      t.error = asCrossroleError(error);
    }
  });
  if (build !== undefined) {
    try {
      build.live = await readLiveBuild(build.connection?.iam as IamPort, build.plan);
    } catch (error) {
      build.error = asCrossroleError(error);
    }
  }
  return { spec, fullPlan, plan, targets, ...(build === undefined ? {} : { build }) };
}

/** Reads one target's role and everything on it that the diff compares. */
export async function readLiveTarget(iam: IamPort, plan: TargetPlan): Promise<LiveTargetState> {
  const info = await iam.getRole(plan.roleName);
  if (info === undefined) return { target: plan.name };
  const [inlinePolicyNames, attachedPolicyArns, tags] = await Promise.all([
    iam.listRolePolicies(plan.roleName),
    iam.listAttachedRolePolicies(plan.roleName),
    iam.listRoleTags(plan.roleName),
  ]);
  const role: LiveRole = {
    roleName: info.roleName,
    path: info.path,
    arn: info.arn,
    roleId: info.roleId,
    maxSessionDuration: info.maxSessionDuration,
    trustPolicy: info.trustPolicy,
    tags,
    inlinePolicyNames,
    attachedPolicyArns,
  };
  if (info.description !== undefined) role.description = info.description;
  if (inlinePolicyNames.includes(PERMISSION_POLICY_NAME)) {
    const permissionPolicy = await iam.getRolePolicy(plan.roleName, PERMISSION_POLICY_NAME);
    if (permissionPolicy !== undefined) role.permissionPolicy = permissionPolicy;
  }
  return { target: plan.name, role };
}

/** Reads whether the BUILD principal exists and its crossrole grant. */
export async function readLiveBuild(iam: IamPort, plan: BuildPlan): Promise<LiveBuildState> {
  const name = plan.principalName;
  if (plan.principalKind === "root" || name === undefined)
    return { principalArn: plan.principalArn, exists: true };
  const exists =
    plan.principalKind === "user"
      ? (await iam.getUser(name)) !== undefined
      : (await iam.getRole(name)) !== undefined;
  if (!exists) return { principalArn: plan.principalArn, exists };
  const grantPolicy =
    plan.principalKind === "user"
      ? await iam.getUserPolicy(name, BUILD_GRANT_POLICY_NAME)
      : await iam.getRolePolicy(name, BUILD_GRANT_POLICY_NAME);
  return grantPolicy === undefined
    ? { principalArn: plan.principalArn, exists }
    : { principalArn: plan.principalArn, exists, grantPolicy };
}

/** Any thrown value as a CrossroleError (unknown errors keep their message; they are reported per target). */
export function asCrossroleError(error: unknown): CrossroleError {
  if (error instanceof CrossroleError) return error;
  return new CrossroleError(
    "UNEXPECTED",
    "aws-auth",
    error instanceof Error ? error.message : String(error),
    {
      cause: error,
    },
  );
}

// --- internal ---

function checkAccount(request: SideRequest, connection: SideConnection): void {
  if (connection.identity.account === request.account) return;
  const what = request.side === "build" ? "the BUILD side" : `target ${request.target}`;
  throw new AwsAuthError(
    "ACCOUNT_MISMATCH",
    `the credentials for ${what} (${connection.source}) are in account ${connection.identity.account} ` +
      `(${connection.identity.arn}), but the spec says ${what} is account ${request.account}. Nothing was changed.`,
    {
      hint:
        request.side === "build"
          ? `Use admin credentials of account ${request.account}: --build-profile NAME, or build.admin in the spec.`
          : `Use admin credentials of account ${request.account}: --target-profile NAME, or targets.${request.target}.admin in the spec.`,
    },
  );
}
