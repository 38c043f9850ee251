import { createHash, randomBytes } from "node:crypto";
import { buildLivePlan, type LiveTargetDocuments } from "../core/diff/build-live-plan.js";
import { asReadFailure, type CrossroleError, VerificationFailedError } from "../core/errors.js";
import { acknowledgeFindings } from "../core/lint/acknowledge-findings.js";
import { lintPlan } from "../core/lint/lint-plan.js";
import type { AccessPlan, TargetPlan } from "../core/plan/access-plan.js";
import { buildAccessPlan } from "../core/plan/build-access-plan.js";
import type { PolicyDocument } from "../core/plan/policy-document.js";
import { selectTargets } from "../core/plan/select-targets.js";
import { specTargetOf } from "../core/plan/spec-target-of.js";
import type { EcrProbe } from "../core/ports/ecr-probe-port.js";
import type { S3Probe } from "../core/ports/s3-probe-port.js";
import type { SessionCredentials } from "../core/ports/sts-port.js";
import type { StsProbe } from "../core/ports/sts-probe-port.js";
import type { WebIdentityProbe } from "../core/ports/web-identity-probe-port.js";
import type { AccessSpec } from "../core/spec/spec-schema.js";
import type { ProbeOutcome } from "../core/verify/probe-outcome.js";
import { forgeToken } from "../core/verify/tamper-web-identity-token.js";
import {
  CHECK_IDS,
  checkAssume,
  checkAssumeRefused,
  checkCaller,
  checkEcrAllowed,
  checkEcrOutside,
  checkS3Outside,
  checkS3Write,
  cleanLintCheck,
  countChecks,
  expectedSessionArn,
  lintFindingCheck,
  skippedCheck,
  type VerifyCheck,
} from "../core/verify/verify-checks.js";
import type { TargetVerification, VerifyReport } from "../core/verify/verify-report.js";
import {
  checkForgedRefused,
  checkTokenAccepted,
  checkTrustStatically,
} from "../core/verify/web-identity-checks.js";
import type { ConnectSide, SideRequest } from "./connect-side.js";
import { connectBuild, connectTarget } from "./connect-target.js";
import { loadSpec } from "./load-spec.js";
import { mapBounded } from "./map-bounded.js";
import { DEFAULT_CONCURRENCY, readLiveBuild, readLiveTarget } from "./read-access-state.js";

/** How verify reaches AWS; the CLI builds them on the SDK adapters, tests pass fakes. */
export interface VerifyPorts {
  /** STS on the BUILD credentials (default chain or --source-profile). */
  buildSts: StsProbe;
  /** Probes inside an assumed session, in the target's region. */
  sessionSts(credentials: SessionCredentials, region: string): StsProbe;
  sessionEcr(credentials: SessionCredentials, region: string): EcrProbe;
  sessionS3(credentials: SessionCredentials, region: string): S3Probe;
  /** Admin access for the live lint (as for apply); undefined: no side can be read. */
  connect?: ConnectSide;
  /** AssumeRoleWithWebIdentity probes (keyless builds, with a web identity token). */
  webIdentity?: WebIdentityProbe;
  /** S3 with a target's admin credentials (removes a canary the role may not delete). */
  adminS3?(request: SideRequest): Promise<S3Probe>;
}

/** Options of {@link verifyAccess}. */
export interface VerifyAccessOptions {
  file: string;
  /** Target names (all when empty). */
  targets?: readonly string[];
  /** Put and delete a canary object under each S3 write prefix, and try one outside it. */
  probeWrites?: boolean;
  /** Targets worked on at once (default 8). */
  concurrency?: number;
  ports: VerifyPorts;
  /** `--target-profile` was given: every target's live documents can be read. */
  targetAdminGiven?: boolean;
  /** `--build-profile` was given: the BUILD grant can be read. */
  buildAdminGiven?: boolean;
  /**
   * A web identity token of the CI job (keyless builds: a spec with build.oidc). verify then proves the BUILD hop with
   * it (accepted; a forged copy refused), judges what a real token cannot prove from the BUILD role's live trust,
   * and runs the ExternalId checks from the BUILD role session the token gives. Never shown or kept.
   */
  webIdentity?: { token: string; source: string };
  /** crossrole's version, recorded in the evidence. */
  version: string;
  now?: () => Date;
  /** Random hex for probe names (tests fix it). */
  randomHex?: (bytes: number) => string;
}

/**
 * `crossrole verify`: live proof that each target works and is safe (security checks 11–13), with the BUILD
 * credentials: (a) the caller is the spec's BUILD principal; (b) AssumeRole with the ExternalId works and the
 * session is the expected assumed-role ARN; (c) AssumeRole without it, and with a wrong one, is refused (otherwise
 * CRITICAL: confused deputy); (d) inside the session an allowed ECR repository is readable and another is not,
 * and with `probeWrites` a canary is put under each S3 write prefix and a put outside is refused; (e) the security
 * lint runs on the LIVE documents when admin credentials can read them. Targets run in parallel (bounded); a
 * failing target does not stop the others. Throws only when the BUILD credentials themselves are refused.
 */
export async function verifyAccess(options: VerifyAccessOptions): Promise<VerifyReport> {
  const now = options.now ?? (() => new Date());
  const generatedAt = now().toISOString();
  const hex = options.randomHex ?? ((n: number) => randomBytes(n).toString("hex"));
  const { spec, file, text } = await loadSpec(options.file);
  const fullPlan = buildAccessPlan(spec, file);
  const plan = selectTargets(fullPlan, options.targets ?? []);
  const notices: string[] = [];
  const keyless = await proveWebIdentity(plan, spec, options);
  const ports =
    keyless.buildSts === undefined ? options.ports : { ...options.ports, buildSts: keyless.buildSts };

  const who = await ports.buildSts.whoAmI();
  const buildChecks = [
    checkCaller(who.identity.arn, plan.build.principalArn, who.requestId),
    ...keyless.checks,
  ];

  const targets = await mapBounded(plan.targets, options.concurrency ?? DEFAULT_CONCURRENCY, (target) =>
    verifyTarget(target, spec, { ...options, ports }, hex, notices),
  );

  // (e) The live lint, on every target whose documents could be read, and the BUILD grant.
  const live = await readLiveDocuments(fullPlan, plan, spec, options, notices);
  const liveFindings = lintPlan(buildLivePlan(fullPlan, live.documents, live.grant)).filter((f) =>
    f.target === undefined ? live.grant !== undefined : live.readTargets.has(f.target),
  );
  // What the spec acknowledges (lint.ignore) is not reported by verify either, as by plan and lint.
  const { findings } = acknowledgeFindings(liveFindings, spec, fullPlan);
  for (const t of targets) {
    if (!live.readTargets.has(t.name)) {
      const error = live.errors.get(t.name);
      t.checks.push(
        error === undefined
          ? skippedCheck(
              CHECK_IDS.liveLint,
              "live lint",
              "no target admin credentials to read the live documents",
            )
          : {
              id: CHECK_IDS.liveLint,
              title: "live lint",
              status: "fail",
              severity: "error",
              detail: error.message,
              ...(error.hint === undefined ? {} : { fix: error.hint }),
            },
      );
      continue;
    }
    const own = findings.filter((f) => f.target === t.name).map(lintFindingCheck);
    t.checks.push(...(own.length === 0 ? [cleanLintCheck("trust and permission policies")] : own));
  }
  if (live.grant !== undefined) {
    const own = findings.filter((f) => f.target === undefined).map(lintFindingCheck);
    buildChecks.push(...(own.length === 0 ? [cleanLintCheck("BUILD grant")] : own));
  } else buildChecks.push(skippedCheck(CHECK_IDS.liveLint, "live lint", live.buildSkip));
  if (live.buildError !== undefined) {
    buildChecks.push({
      id: CHECK_IDS.liveLint,
      title: "live lint",
      status: "fail",
      severity: "error",
      detail: live.buildError.message,
      ...(live.buildError.hint === undefined ? {} : { fix: live.buildError.hint }),
    });
  }

  const all = [...buildChecks, ...targets.flatMap((t) => t.checks)];
  const counts = countChecks(all);
  const caller: VerifyReport["caller"] = {
    ...who.identity,
    ...(who.requestId === undefined ? {} : { requestId: who.requestId }),
  };
  return {
    formatVersion: 1,
    kind: "crossrole-verify-evidence",
    generatedAt,
    crossroleVersion: options.version,
    spec: { file, sha256: createHash("sha256").update(text).digest("hex") },
    caller,
    buildPrincipalArn: plan.build.principalArn,
    build: { checks: buildChecks },
    targets,
    notices: [...new Set(notices)],
    summary: { ...counts, ok: counts.fail === 0 },
  };
}

/** Session name of verify's AssumeRole calls (shows in the target's CloudTrail). */
export const VERIFY_SESSION_NAME = "crossrole-verify";

// --- internal ---

/**
 * With a web identity token and a keyless spec: the token against the BUILD role, a forged copy, the static judgement
 * of the live trust; and the BUILD role session the token gave, for the ExternalId checks (undefined: keep the
 * BUILD credentials of the ports).
 */
async function proveWebIdentity(
  plan: AccessPlan,
  spec: AccessSpec,
  options: VerifyAccessOptions,
): Promise<{ checks: VerifyCheck[]; buildSts?: StsProbe }> {
  const oidc = plan.build.oidc;
  const probe = options.ports.webIdentity;
  if (oidc === undefined || options.webIdentity === undefined || probe === undefined) return { checks: [] };
  const { token, source } = options.webIdentity;
  const request = { roleArn: oidc.roleArn, sessionName: VERIFY_SESSION_NAME };
  const forged = forgeToken(token);
  const [accepted, refused] = await Promise.all([
    probe.tryAssumeRoleWithWebIdentity({ ...request, token }),
    forged === undefined ? undefined : probe.tryAssumeRoleWithWebIdentity({ ...request, token: forged }),
  ]);
  const checks = [
    checkTokenAccepted(oidc, source, accepted.outcome, accepted.assumedRoleArn),
    checkForgedRefused(oidc, refused?.outcome, accepted.outcome),
  ];
  let trust: PolicyDocument | undefined;
  let why = "no BUILD admin credentials to read the BUILD role's trust policy";
  const connect = options.ports.connect;
  if (connect !== undefined && (options.buildAdminGiven === true || spec.build.admin !== undefined)) {
    try {
      const connection = await connectBuild(connect, spec);
      const role = await connection.iam.getRole(oidc.roleName);
      if (role === undefined) why = `the BUILD role ${oidc.roleArn} does not exist`;
      else trust = role.trustPolicy;
    } catch (error) {
      why = `the BUILD role's trust policy could not be read: ${asReadFailure(error).message}`;
    }
  }
  checks.push(...checkTrustStatically(oidc, trust, why));
  if (accepted.credentials === undefined) return { checks };
  return { checks, buildSts: options.ports.sessionSts(accepted.credentials, spec.region) };
}

async function verifyTarget(
  target: TargetPlan,
  spec: AccessSpec,
  options: VerifyAccessOptions,
  hex: (n: number) => string,
  notices: string[],
): Promise<TargetVerification> {
  const ports = options.ports;
  const result: TargetVerification = {
    name: target.name,
    account: target.account,
    region: target.region,
    roleArn: target.roleArn,
    checks: [],
  };
  const externalId = target.externalIds[0];
  const expectedArn = expectedSessionArn(target, VERIFY_SESSION_NAME);
  const request = { roleArn: target.roleArn, sessionName: VERIFY_SESSION_NAME };
  const [good, none, wrong] = await Promise.all([
    ports.buildSts.tryAssumeRole({ ...request, externalId }),
    ports.buildSts.tryAssumeRole(request),
    ports.buildSts.tryAssumeRole({ ...request, externalId: `crossrole-verify-wrong-${hex(12)}` }),
  ]);
  let sessionArn: string | undefined;
  let sessionRequestId: string | undefined;
  if (good.credentials !== undefined) {
    const sts = ports.sessionSts(good.credentials, target.region);
    const identity = await sts.probeIdentity();
    sessionArn = identity.arn;
    sessionRequestId = identity.outcome.requestId;
  }
  if (sessionArn !== undefined) result.sessionArn = sessionArn;
  result.checks.push(
    checkAssume({ target, externalId, outcome: good.outcome, sessionArn, sessionRequestId, expectedArn }),
    checkAssumeRefused("missing", target, none.outcome, good.outcome),
    checkAssumeRefused("wrong", target, wrong.outcome, good.outcome),
  );
  const permissions = specTargetOf(spec, target)?.permissions;
  const repositories = [
    ...new Set([...(permissions?.ecr?.push ?? []), ...(permissions?.ecr?.pull ?? [])]),
  ].sort();
  const writes = permissions?.s3?.write ?? [];
  if (good.credentials === undefined) {
    result.checks.push(
      skippedCheck("permission-probes", "permission probes", "no session: AssumeRole failed"),
    );
    return result;
  }
  result.checks.push(...(await probeEcr(target, repositories, good.credentials, ports, hex, notices)));
  if (writes.length === 0) {
    if (options.probeWrites === true)
      notices.push("--probe-writes: a target grants no S3 writes (nothing to probe there).");
  } else if (options.probeWrites !== true) {
    result.checks.push(
      skippedCheck(
        CHECK_IDS.s3Write,
        "S3 write probes",
        "pass --probe-writes to put (and delete) a canary object under each write prefix",
      ),
    );
  } else {
    result.checks.push(...(await probeS3(target, writes, good.credentials, spec, ports, hex)));
  }
  return result;
}

async function probeEcr(
  target: TargetPlan,
  repositories: readonly string[],
  credentials: SessionCredentials,
  ports: VerifyPorts,
  hex: (n: number) => string,
  notices: string[],
): Promise<VerifyCheck[]> {
  if (repositories.length === 0) {
    notices.push(`target ${target.name}: the spec grants no ECR repository, so no ECR probe was made.`);
    return [skippedCheck(CHECK_IDS.ecrAllowed, "ECR probes", "the spec grants no ECR repository")];
  }
  const ecr = ports.sessionEcr(credentials, target.region);
  try {
    const checks: VerifyCheck[] = [];
    const inScope: ProbeOutcome[] = [];
    for (const repository of repositories) {
      const read = await ecr.readRepository(target.account, repository);
      inScope.push(read);
      checks.push(checkEcrAllowed(target, repository, read));
    }
    const outside = `crossrole-verify-outside-${hex(6)}`;
    checks.push(checkEcrOutside(target, outside, await ecr.readRepository(target.account, outside), inScope));
    return checks;
  } finally {
    ecr.destroy();
  }
}

async function probeS3(
  target: TargetPlan,
  writes: readonly string[],
  credentials: SessionCredentials,
  spec: AccessSpec,
  ports: VerifyPorts,
  hex: (n: number) => string,
): Promise<VerifyCheck[]> {
  const s3 = ports.sessionS3(credentials, target.region);
  let admin: S3Probe | undefined;
  const adminS3 = async (): Promise<S3Probe | undefined> => {
    if (admin !== undefined || ports.adminS3 === undefined) return admin;
    const t = specTargetOf(spec, target);
    admin = await ports
      .adminS3({
        side: "target",
        target: target.name,
        account: target.account,
        region: target.region,
        ...(t?.admin === undefined ? {} : { admin: t.admin }),
      })
      .catch(() => undefined);
    return admin;
  };
  const remove = async (bucket: string, key: string): Promise<"deleted" | "deleted-as-admin" | "left"> => {
    if ((await s3.deleteObject(bucket, key)).result === "allowed") return "deleted";
    const a = await adminS3();
    if (a !== undefined && (await a.deleteObject(bucket, key)).result === "allowed")
      return "deleted-as-admin";
    return "left";
  };
  try {
    const checks: VerifyCheck[] = [];
    const byBucket = new Map<string, string[]>();
    const puts = new Map<string, ProbeOutcome[]>();
    for (const location of writes) {
      const cut = location.indexOf("/");
      const bucket = location.slice(0, cut);
      const prefix = location.slice(cut + 1);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), prefix]);
      const key = `${prefix}crossrole-verify-${hex(8)}.txt`;
      const put = await s3.putCanary(bucket, key);
      puts.set(bucket, [...(puts.get(bucket) ?? []), put]);
      const removal =
        put.result === "allowed" && put.notFound !== true ? await remove(bucket, key) : "deleted";
      checks.push(
        checkS3Write(location, key.startsWith("s3://") ? key : `s3://${bucket}/${key}`, put, removal),
      );
    }
    for (const [bucket, prefixes] of byBucket) {
      if (prefixes.includes("")) continue; // the whole bucket is writable: there is no "outside"
      const key = `crossrole-verify-outside-${hex(8)}.txt`;
      const put = await s3.putCanary(bucket, key);
      if (put.result === "allowed" && put.notFound !== true) await remove(bucket, key);
      checks.push(checkS3Outside(bucket, key, put, puts.get(bucket) ?? []));
    }
    return checks;
  } finally {
    s3.destroy();
    admin?.destroy();
  }
}

interface LiveDocuments {
  documents: LiveTargetDocuments[];
  readTargets: Set<string>;
  errors: Map<string, CrossroleError>;
  /** undefined: not read; null: read, no grant. */
  grant: PolicyDocument | null | undefined;
  buildSkip: string;
  buildError?: CrossroleError;
}

async function readLiveDocuments(
  fullPlan: AccessPlan,
  plan: AccessPlan,
  spec: AccessSpec,
  options: VerifyAccessOptions,
  notices: string[],
): Promise<LiveDocuments> {
  const result: LiveDocuments = {
    documents: [],
    readTargets: new Set(),
    errors: new Map(),
    grant: undefined,
    buildSkip: "",
  };
  const connect = options.ports.connect;
  const readable = plan.targets.filter(
    (t) =>
      connect !== undefined &&
      (options.targetAdminGiven === true || specTargetOf(spec, t)?.admin !== undefined),
  );
  if (readable.length < plan.targets.length) {
    notices.push(
      "live lint skipped for targets without admin credentials: pass --target-profile NAME (or set targets.NAME.admin in the spec) to lint the live documents.",
    );
  }
  await mapBounded(readable, options.concurrency ?? DEFAULT_CONCURRENCY, async (target) => {
    try {
      const connection = await connectTarget(connect as ConnectSide, spec, target);
      const live = await readLiveTarget(connection.iam, target);
      if (live.role === undefined) {
        result.errors.set(
          target.name,
          new VerificationFailedError("ROLE_MISSING", `role ${target.roleArn} does not exist`, {
            hint: "Create it with: crossrole apply",
          }),
        );
        return;
      }
      const inlinePolicies: Record<string, PolicyDocument> = {};
      for (const name of live.role.inlinePolicyNames) {
        const document = await connection.iam.getRolePolicy(live.role.roleName, name);
        if (document !== undefined) inlinePolicies[name] = document;
      }
      result.documents.push({ plan: target, role: live.role, inlinePolicies });
      result.readTargets.add(target.name);
    } catch (error) {
      result.errors.set(target.name, asReadFailure(error));
    }
  });
  // Unread targets keep their planned documents, so the grant's coverage is judged against every target.
  const liveNames = new Set(result.documents.map((d) => d.plan.name));
  for (const t of fullPlan.targets) {
    if (liveNames.has(t.name)) continue;
    result.documents.push({
      plan: t,
      role: {
        roleName: t.roleName,
        path: t.rolePath,
        arn: t.roleArn,
        roleId: "",
        maxSessionDuration: t.maxSessionDuration,
        trustPolicy: t.trustPolicy,
        tags: t.tags,
        inlinePolicyNames: [],
        attachedPolicyArns: t.managedPolicyArns,
      },
      inlinePolicies: t.permissionPolicy === undefined ? {} : { planned: t.permissionPolicy },
    });
  }
  const order = new Map(fullPlan.targets.map((t, i) => [t.name, i]));
  result.documents.sort((a, b) => (order.get(a.plan.name) ?? 0) - (order.get(b.plan.name) ?? 0));

  if (connect === undefined || (options.buildAdminGiven !== true && spec.build.admin === undefined)) {
    result.buildSkip =
      "no BUILD admin credentials to read the grant: pass --build-profile NAME (or set build.admin)";
    return result;
  }
  try {
    const connection = await connectBuild(connect, spec);
    const live = await readLiveBuild(connection.iam, plan.build);
    if (!live.exists) {
      result.buildError = new VerificationFailedError(
        "BUILD_PRINCIPAL_MISSING",
        `the BUILD principal ${plan.build.principalArn} does not exist`,
        {
          hint: "Create it (crossrole apply --create-build-user for a user), or fix build.principal in the spec.",
        },
      );
      result.buildSkip = "the BUILD principal does not exist";
    } else result.grant = live.grantPolicy ?? null;
  } catch (error) {
    result.buildError = asReadFailure(error);
    result.buildSkip = "the BUILD grant could not be read";
  }
  return result;
}
