import { oidcRoleAsTarget } from "../core/diff/diff-oidc.js";
import type {
  LiveBuildState,
  LiveGrantPart,
  LiveOidcState,
  LiveRole,
  LiveTargetState,
} from "../core/diff/live-state.js";
import { sortGrantParts } from "../core/diff/sort-grant-parts.js";
import { asReadFailure, CrossroleError } from "../core/errors.js";
import {
  type AccessPlan,
  type BuildPlan,
  PERMISSION_POLICY_NAME,
  type TargetPlan,
} from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import { grantOwnerOfPart, liveGrantLayout } from "../core/plan/grant-layout.js";
import type { BuildOidcPlan } from "../core/plan/oidc-plan.js";
import { selectTargets } from "../core/plan/select-targets.js";
import type { IamPort } from "../core/ports/iam-port.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import type { ConnectSide, Side, SideConnection, SideRequest } from "./connect-side.js";
import { buildSideRequest, connectChecked, targetSideRequest } from "./connect-target.js";
import { loadSpec } from "./load-spec.js";
import { mapBounded } from "./map-bounded.js";

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
  /**
   * What a part whose connection fails (credentials refused, wrong account) does: `abort` (default; for commands
   * that write) throws before anything is read, naming every failing part; `per-part` (read-only commands) records
   * the error on that part and reads the others.
   */
  connectFailures?: "abort" | "per-part";
}

/** Default number of targets worked on at once. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Loads the spec, connects to every account involved and checks that each credential is in the account the spec
 * names (a mismatch throws ACCOUNT_MISMATCH, exit 3, before anything is read or written; with `connectFailures:
 * "per-part"` the part carries the error instead), then reads each selected target's role (trust, inline and
 * attached policies, MaxSessionDuration, tags) and the BUILD principal's grant. A target whose read fails carries
 * its error; the others are unaffected.
 */
export async function readAccessState(options: ReadAccessStateOptions): Promise<AccessState> {
  const { spec, file } = await loadSpec(options.file);
  const fullPlan = buildAccessPlan(spec, file);
  const plan = selectTargets(fullPlan, options.targets ?? []);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const targets: TargetState[] = options.side === "build" ? [] : plan.targets.map((t) => ({ plan: t }));
  const build: BuildState | undefined = options.side === "target" ? undefined : { plan: plan.build };

  // 1. Connect and check every credential's account before any read or write.
  const requests: Array<{
    request: SideRequest;
    assign: (c: SideConnection) => void;
    fail: (e: CrossroleError) => void;
  }> = targets.map((t) => ({
    request: targetSideRequest(spec, t.plan),
    assign: (c) => {
      t.connection = c;
    },
    fail: (e) => {
      t.error = e;
    },
  }));
  if (build !== undefined) {
    requests.push({
      request: buildSideRequest(spec),
      assign: (c) => {
        build.connection = c;
      },
      fail: (e) => {
        build.error = e;
      },
    });
  }
  const connectErrors = await mapBounded(requests, concurrency, async ({ request, assign, fail }) => {
    try {
      const connection = await connectChecked(options.connect, request);
      assign(connection);
      return undefined;
    } catch (error) {
      const e = asReadFailure(error); // a bug is thrown: exit 1 with the stack
      fail(e);
      return { part: request.side === "build" ? "BUILD" : (request.target as string), error: e };
    }
  });
  const failed = connectErrors.filter((e) => e !== undefined);
  if (failed.length > 0 && options.connectFailures !== "per-part") throw connectFailure(failed);

  // 2. Read live state; a failing target does not stop the others.
  await mapBounded(
    targets.filter((t) => t.error === undefined),
    concurrency,
    async (t) => {
      try {
        t.live = await readLiveTarget(t.connection?.iam as IamPort, t.plan);
      } catch (error) {
        t.error = asReadFailure(error);
      }
    },
  );
  if (build !== undefined && build.error === undefined) {
    try {
      build.live = await readLiveBuild(build.connection?.iam as IamPort, build.plan);
    } catch (error) {
      build.error = asReadFailure(error);
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

/**
 * Reads whether the BUILD principal exists and this spec's part of the grant: its inline policy, its managed parts
 * attached to the principal and its planned parts that exist detached; `grantPolicy` is what the attached ones
 * allow together. Also reads every other inline policy and crossrole part on the principal: other specs' parts are
 * reported and the inline quota is judged over all of them.
 */
export async function readLiveBuild(iam: IamPort, plan: BuildPlan): Promise<LiveBuildState> {
  const name = plan.principalName;
  if (plan.principalKind === "root" || name === undefined)
    return { principalArn: plan.principalArn, exists: true };
  const oidc = plan.oidc === undefined ? undefined : await readLiveOidc(iam, plan, plan.oidc);
  const withOidc = (state: LiveBuildState): LiveBuildState =>
    oidc === undefined ? state : { ...state, oidc };
  const user = plan.principalKind === "user";
  const exists = user ? (await iam.getUser(name)) !== undefined : (await iam.getRole(name)) !== undefined;
  if (!exists) return withOidc({ principalArn: plan.principalArn, exists });
  const [inlineNames, attachedArns] = await Promise.all([
    user ? iam.listUserPolicies(name) : iam.listRolePolicies(name),
    user ? iam.listAttachedUserPolicies(name) : iam.listAttachedRolePolicies(name),
  ]);
  const inline = new Map(
    await Promise.all(
      inlineNames.map(
        async (n) => [n, await (user ? iam.getUserPolicy(name, n) : iam.getRolePolicy(name, n))] as const,
      ),
    ),
  );
  const readPart = async (policyArn: string): Promise<LiveGrantPart | undefined> => {
    const info = await iam.getManagedPolicy(policyArn);
    if (info === undefined) return undefined;
    return {
      policyArn,
      attached: attachedArns.includes(policyArn),
      document: info.document,
      otherVersionIds: info.otherVersionIds,
    };
  };
  const parts = (
    await Promise.all(attachedArns.filter((a) => grantOwnerOfPart(a) !== undefined).map(readPart))
  ).filter((m): m is LiveGrantPart => m !== undefined);
  let sorted = sortGrantParts(plan, { inline, parts });
  // This spec's planned parts, judged over everything on the principal, may exist detached (an earlier run failed).
  const layout = liveGrantLayout(plan, sorted.otherInlineSize);
  const planned = layout.kind === "managed" ? layout.parts.map((p) => p.policyArn) : [];
  const detached = (await Promise.all(planned.filter((a) => !attachedArns.includes(a)).map(readPart))).filter(
    (m): m is LiveGrantPart => m !== undefined,
  );
  if (detached.length > 0) sorted = sortGrantParts(plan, { inline, parts: [...parts, ...detached] });
  return withOidc({
    principalArn: plan.principalArn,
    exists,
    grantStorage: sorted.storage,
    ...(sorted.grantPolicy === undefined ? {} : { grantPolicy: sorted.grantPolicy }),
    otherGrants: sorted.otherGrants,
    otherInlineSize: sorted.otherInlineSize,
  });
}

/** Keyless builds: the OIDC provider of the spec's issuer and the BUILD role, with everything the diff compares. */
async function readLiveOidc(iam: IamPort, plan: BuildPlan, oidc: BuildOidcPlan): Promise<LiveOidcState> {
  const [provider, role] = await Promise.all([
    iam.getOidcProvider(oidc.providerArn),
    readLiveTarget(iam, oidcRoleAsTarget(plan, oidc)),
  ]);
  return provider === undefined ? { role } : { provider, role };
}

// --- internal ---

/** One part's failure as it was; several: one error naming each part (the first one's code, kind and hint). */
function connectFailure(failed: ReadonlyArray<{ part: string; error: CrossroleError }>): CrossroleError {
  const first = failed[0] as { part: string; error: CrossroleError };
  if (failed.length === 1) return first.error;
  return new CrossroleError(
    first.error.code,
    first.error.kind,
    `could not connect to ${failed.length} of the accounts; nothing was read or changed:\n${failed
      .map((f) => `  - ${f.part}: ${f.error.message}`)
      .join("\n")}`,
    { ...(first.error.hint === undefined ? {} : { hint: first.error.hint }), cause: first.error },
  );
}
