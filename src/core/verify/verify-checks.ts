import { callerMatchesPrincipal } from "../identifiers/caller-matches-principal.js";
import { maskExternalId } from "../identifiers/mask-external-id.js";
import type { LintFinding } from "../lint/lint-finding.js";
import type { TargetPlan } from "../plan/access-plan.js";
import type { ProbeOutcome } from "./probe-outcome.js";

/**
 * The live checks of `crossrole verify` (security checks 11–13 of aws-rules.md), as pure judgements of what the
 * probes found. Each returns one {@link VerifyCheck}; the workflow makes the calls, the renderers show the result.
 */

/**
 * pass; fail (makes verify exit 4; a check that could not be judged fails too: verify never passes without
 * proof); warn and info (reported, do not fail); skip (not run, with the reason).
 */
export type CheckStatus = "pass" | "fail" | "warn" | "info" | "skip";

/** How bad a failed or warned check is. `critical`: the role can be misused right now (confused deputy). */
export type CheckSeverity = "critical" | "error" | "warning" | "info";

/** One check's result, as shown in the table and kept in the evidence document. */
export interface VerifyCheck {
  /** Stable id, e.g. `assume-without-external-id`, or `lint:<rule id>` for findings of the live lint. */
  id: string;
  /** What was checked, short. */
  title: string;
  status: CheckStatus;
  /** Set for fail, warn and info. */
  severity?: CheckSeverity;
  /** What was found (ARNs, error codes; never credentials). */
  detail: string;
  /** What to change, for fail and warn. */
  fix?: string;
  /** AWS request IDs of the calls behind this check, when the SDK gave them. */
  requestIds?: string[];
}

/** Stable ids of the non-lint checks. */
export const CHECK_IDS = {
  caller: "caller-is-build-principal",
  assume: "assume-with-external-id",
  assumeWithout: "assume-without-external-id",
  assumeWrong: "assume-with-wrong-external-id",
  ecrAllowed: "ecr-allowed-repository-readable",
  ecrOutside: "ecr-outside-repository-refused",
  s3Write: "s3-canary-write",
  s3Outside: "s3-write-outside-prefix-refused",
  liveLint: "live-lint",
} as const;

/** The session ARN GetCallerIdentity must show inside the target role: no path in assumed-role ARNs (R13). */
export function expectedSessionArn(target: TargetPlan, sessionName: string): string {
  return `arn:${target.partition}:sts::${target.account}:assumed-role/${target.roleName}/${sessionName}`;
}

/** (a) The BUILD credentials are the spec's BUILD principal (a role principal's session matches its role). */
export function checkCaller(callerArn: string, principalArn: string, requestId?: string): VerifyCheck {
  const ok = callerMatchesPrincipal(callerArn, principalArn);
  return withIds(
    ok
      ? {
          id: CHECK_IDS.caller,
          title: "caller is the BUILD principal",
          status: "pass",
          detail: `${callerArn} is ${principalArn}`,
        }
      : {
          id: CHECK_IDS.caller,
          title: "caller is the BUILD principal",
          status: "fail",
          severity: "error",
          detail: `the credentials in use are ${callerArn}, but the spec's BUILD principal is ${principalArn}: the checks below test the wrong identity.`,
          fix: `Run verify with the BUILD principal's credentials (--source-profile NAME, AWS_PROFILE or the CI's keys), or fix build.principal in the spec.`,
        },
    [requestId],
  );
}

/** (b) AssumeRole with the right ExternalId works, and the session is the expected assumed-role ARN. */
export function checkAssume(input: {
  target: TargetPlan;
  /** The ExternalId sent (undefined when the spec has none); shown masked (maskExternalId). */
  externalId: string | undefined;
  outcome: ProbeOutcome;
  /** GetCallerIdentity inside the session. */
  sessionArn?: string | undefined;
  sessionRequestId?: string | undefined;
  expectedArn: string;
}): VerifyCheck {
  const { target, outcome } = input;
  const sent =
    input.externalId === undefined
      ? "without an ExternalId"
      : `with ExternalId ${maskExternalId(input.externalId)}`;
  const base = { id: CHECK_IDS.assume, title: "AssumeRole with the ExternalId succeeds" };
  const ids = [outcome.requestId, input.sessionRequestId];
  if (outcome.result === "allowed" && input.sessionArn === input.expectedArn) {
    return withIds({ ...base, status: "pass", detail: `${sent}: session ${input.sessionArn}` }, ids);
  }
  if (outcome.result === "allowed") {
    return withIds(
      {
        ...base,
        status: "fail",
        severity: "error",
        detail: `${sent}: the session is ${input.sessionArn ?? "(unknown)"}, expected ${input.expectedArn}.`,
        fix: "Check that the role ARN in the spec is the role you mean (crossrole diff).",
      },
      ids,
    );
  }
  return withIds(
    {
      ...base,
      status: "fail",
      severity: "error",
      detail:
        outcome.result === "denied"
          ? `${sent}: sts:AssumeRole on ${target.roleArn} was refused (${describeOutcome(outcome)}).`
          : `could not be judged: ${sent}, sts:AssumeRole on ${target.roleArn} got no AWS answer (${describeOutcome(outcome)}).`,
      fix:
        outcome.result === "denied"
          ? "Run crossrole diff: the role may be missing, its trust may not name the BUILD principal or require another ExternalId, or the BUILD grant may not list the role. crossrole apply repairs all three."
          : NOT_JUDGED_FIX,
    },
    ids,
  );
}

/**
 * (c) AssumeRole without the ExternalId (`missing`) or with a wrong one (`wrong`) must be refused. `good` is the
 * outcome of AssumeRole WITH the ExternalId: a refusal proves the ExternalId condition only when that one, identical
 * but for the ExternalId, was allowed; otherwise (no role, no grant, another principal) the request was refused for
 * that reason, and the check is not judged (a failure).
 */
export function checkAssumeRefused(
  kind: "missing" | "wrong",
  target: TargetPlan,
  outcome: ProbeOutcome,
  good: ProbeOutcome,
): VerifyCheck {
  const id = kind === "missing" ? CHECK_IDS.assumeWithout : CHECK_IDS.assumeWrong;
  const title =
    kind === "missing"
      ? "AssumeRole without an ExternalId is refused"
      : "AssumeRole with a wrong ExternalId is refused";
  if (outcome.result === "denied" && good.result !== "allowed") {
    return withIds(
      {
        id,
        title,
        status: "fail",
        severity: "error",
        detail: `could not be judged: AssumeRole with the ExternalId was not allowed either (${describeOutcome(good)}), so this refusal (${outcome.code ?? "denied"}) proves nothing about the ExternalId condition.`,
        fix: "Make AssumeRole with the ExternalId work first (see assume-with-external-id), then run verify again.",
      },
      [outcome.requestId],
    );
  }
  if (outcome.result === "denied") {
    return withIds({ id, title, status: "pass", detail: `refused (${outcome.code ?? "denied"})` }, [
      outcome.requestId,
    ]);
  }
  if (outcome.result === "allowed") {
    return withIds(
      {
        id,
        title,
        status: "fail",
        severity: "critical",
        detail: `confused deputy: the role admits callers ${kind === "missing" ? "without the ExternalId" : "with a wrong ExternalId"}: sts:AssumeRole on ${target.roleArn} succeeded ${kind === "missing" ? "with no ExternalId" : "with a made-up ExternalId"}.`,
        fix: `Require the ExternalId with a plain StringEquals on sts:ExternalId in the trust of ${target.roleArn} (no IfExists, StringLike or ForAllValues): set targets.${target.name}.externalId in the spec and run crossrole apply.`,
      },
      [outcome.requestId],
    );
  }
  return notJudged(id, title, outcome);
}

/** (d) An ECR repository of the spec is readable inside the session. */
export function checkEcrAllowed(target: TargetPlan, repository: string, outcome: ProbeOutcome): VerifyCheck {
  const id = CHECK_IDS.ecrAllowed;
  const title = `ECR ${repository} readable`;
  if (outcome.result === "allowed") {
    return withIds(
      outcome.notFound === true
        ? {
            id,
            title,
            status: "warn",
            severity: "warning",
            detail: `allowed, but repository ${repository} does not exist in ${target.account}/${target.region}.`,
            fix: `Create the repository (aws ecr create-repository --repository-name ${repository}), or fix the name in the spec.`,
          }
        : { id, title, status: "pass", detail: "ecr:BatchGetImage allowed" },
      [outcome.requestId],
    );
  }
  if (outcome.result !== "denied") return notJudged(id, title, outcome);
  return withIds(
    {
      id,
      title,
      status: "fail",
      severity: "error",
      detail: `missing permission: ecr:BatchGetImage on ${repository} was refused (${describeOutcome(outcome)}).`,
      fix: `Run crossrole diff and crossrole apply: the role's permission policy should allow ECR on ${repository} (permissions.ecr in the spec).`,
    },
    [outcome.requestId],
  );
}

/**
 * (d) A repository outside the spec is refused. `inScope`: the probes of the spec's repositories; the refusal
 * proves the scope only when one of them was allowed (a repository that does not exist, read with the permission,
 * counts), otherwise the session may be refused everything and the check is not judged.
 */
export function checkEcrOutside(
  target: TargetPlan,
  repository: string,
  outcome: ProbeOutcome,
  inScope: readonly ProbeOutcome[],
): VerifyCheck {
  const id = CHECK_IDS.ecrOutside;
  const title = "ECR outside the spec refused";
  if (outcome.result === "denied" && !inScope.some((o) => o.result === "allowed")) {
    return unprovenRefusal(id, title, outcome, `ecr:BatchGetImage on ${repository}`);
  }
  if (outcome.result === "denied") {
    return withIds({ id, title, status: "pass", detail: `ecr:BatchGetImage on ${repository} refused` }, [
      outcome.requestId,
    ]);
  }
  if (outcome.result === "allowed") {
    return withIds(
      {
        id,
        title,
        status: "fail",
        severity: "error",
        detail: `ecr:BatchGetImage on ${repository}, a repository the spec does not name, was allowed: the role reaches more repositories than the spec grants.`,
        fix: `Scope the ECR statements of ${target.roleArn} to the named repository ARNs (remove repository/* or * resources), then crossrole apply.`,
      },
      [outcome.requestId],
    );
  }
  return notJudged(id, title, outcome);
}

/** (d, --probe-writes) A canary object could be put (and removed) under an S3 write prefix; `key` is `s3://…`. */
export function checkS3Write(
  location: string,
  key: string,
  put: ProbeOutcome,
  removal: "deleted" | "deleted-as-admin" | "left",
): VerifyCheck {
  const id = CHECK_IDS.s3Write;
  const title = `S3 write to ${location}`;
  if (put.result !== "allowed" && put.result !== "denied") return notJudged(id, title, put);
  if (put.result === "denied") {
    return withIds(
      {
        id,
        title,
        status: "fail",
        severity: "error",
        detail: `missing permission: s3:PutObject of ${key} was refused (${describeOutcome(put)}).`,
        fix: "Run crossrole diff and crossrole apply: the role should allow s3:PutObject under the prefix (permissions.s3.write); check bucket policies and KMS.",
      },
      [put.requestId],
    );
  }
  if (put.notFound === true) {
    return withIds(
      {
        id,
        title,
        status: "warn",
        severity: "warning",
        detail: `bucket of ${location} does not exist.`,
        fix: "Create the bucket, or fix the location in the spec.",
      },
      [put.requestId],
    );
  }
  const note =
    removal === "deleted"
      ? "put and deleted"
      : removal === "deleted-as-admin"
        ? "put; deleted with the target admin credentials (the role has no s3:DeleteObject)"
        : `put; left in place (the role has no s3:DeleteObject and no target admin credentials were given): delete ${key}`;
  return withIds(
    {
      id,
      title,
      status: removal === "left" ? "info" : "pass",
      ...(removal === "left" ? { severity: "info" as const } : {}),
      detail: `canary ${key} ${note}`,
    },
    [put.requestId],
  );
}

/**
 * (d, --probe-writes) A put outside every write prefix is refused. `inScope`: the canary puts in the same bucket;
 * the refusal proves the scope only when one of them was allowed into an existing bucket, otherwise the check is
 * not judged.
 */
export function checkS3Outside(
  bucket: string,
  key: string,
  outcome: ProbeOutcome,
  inScope: readonly ProbeOutcome[],
): VerifyCheck {
  const id = CHECK_IDS.s3Outside;
  const title = `S3 write outside the prefix refused`;
  if (outcome.result === "denied" && !inScope.some((o) => o.result === "allowed" && o.notFound !== true)) {
    return unprovenRefusal(id, title, outcome, `s3:PutObject of s3://${bucket}/${key}`);
  }
  if (outcome.result === "denied") {
    return withIds({ id, title, status: "pass", detail: `s3:PutObject of s3://${bucket}/${key} refused` }, [
      outcome.requestId,
    ]);
  }
  if (outcome.result === "allowed") {
    return withIds(
      {
        id,
        title,
        status: "fail",
        severity: "error",
        detail: `s3:PutObject of s3://${bucket}/${key}, outside every write prefix of the spec, was allowed.`,
        fix: 'Scope s3:PutObject to bucket/prefix/* (permissions.s3.write: "bucket/prefix/"), then crossrole apply.',
      },
      [outcome.requestId],
    );
  }
  return notJudged(id, title, outcome);
}

/** (e) One finding of the security lint run on the live documents. */
export function lintFindingCheck(finding: LintFinding): VerifyCheck {
  const status: CheckStatus =
    finding.severity === "error" ? "fail" : finding.severity === "warning" ? "warn" : "info";
  return {
    id: `lint:${finding.id}`,
    title: `live lint: ${finding.id}`,
    status,
    severity: finding.severity,
    detail: finding.message,
    fix: finding.fix,
  };
}

/** (e) The live lint found nothing for this part. */
export function cleanLintCheck(what: string): VerifyCheck {
  return {
    id: CHECK_IDS.liveLint,
    title: "live lint",
    status: "pass",
    detail: `no findings on the live ${what}`,
  };
}

/** A check that was not run, and why. */
export function skippedCheck(id: string, title: string, reason: string): VerifyCheck {
  return { id, title, status: "skip", detail: reason };
}

/** Counts per status. */
export function countChecks(checks: readonly VerifyCheck[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, info: 0, skip: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}

/** A short description of a probe's outcome: error code and message (or `allowed`), never credentials. */
export function describeOutcome(outcome: ProbeOutcome): string {
  if (outcome.result === "allowed")
    return outcome.notFound === true ? "allowed, resource not found" : "allowed";
  const code = outcome.code ?? outcome.result;
  return outcome.message === undefined || outcome.message === "" ? code : `${code}: ${outcome.message}`;
}

// --- internal ---

const NOT_JUDGED_FIX =
  "Nothing proves this check either way, so verify fails. Check the network, any proxy between here and AWS, and AWS_ENDPOINT_URL / --endpoint-url, then run verify again.";

/**
 * A probe AWS did not answer (throttling, 5xx, reset, timeout, a proxy's page, an unparseable body): a failure,
 * since verify never passes without proof.
 */
function notJudged(id: string, title: string, outcome: ProbeOutcome): VerifyCheck {
  return withIds(
    {
      id,
      title,
      status: "fail",
      severity: "error",
      detail: `could not be judged: ${describeOutcome(outcome)}.`,
      fix: NOT_JUDGED_FIX,
    },
    [outcome.requestId],
  );
}

/** A refusal outside the scope when nothing inside it was allowed: it proves nothing about the scope. */
function unprovenRefusal(id: string, title: string, outcome: ProbeOutcome, what: string): VerifyCheck {
  return withIds(
    {
      id,
      title,
      status: "fail",
      severity: "error",
      detail: `could not be judged: no probe inside the spec's scope was allowed either, so the refusal of ${what} (${outcome.code ?? "denied"}) proves nothing about how far the role reaches.`,
      fix: "Make the in-scope checks pass first (crossrole diff, crossrole apply), then run verify again.",
    },
    [outcome.requestId],
  );
}

function withIds(check: VerifyCheck, ids: ReadonlyArray<string | undefined>): VerifyCheck {
  const present = ids.filter((id): id is string => id !== undefined && id !== "");
  return present.length === 0 ? check : { ...check, requestIds: present };
}
