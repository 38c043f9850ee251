import { lintWebIdentityTrust } from "../lint/lint-oidc-trust.js";
import type { BuildOidcPlan } from "../plan/oidc-plan.js";
import type { PolicyDocument } from "../plan/policy-document.js";
import { toList } from "../plan/policy-document.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import { describeOutcome, type VerifyCheck } from "./verify-checks.js";

/**
 * `verify` with a web identity (keyless builds): what a real CI token can prove live (the BUILD role accepts it; a
 * forged copy is refused), and what it cannot (a wrong `sub`, a wrong `aud`, an expired token: a CI job cannot mint
 * those), judged instead from the BUILD role's LIVE trust policy and labelled so. A check that cannot be judged
 * fails.
 */
export const WEB_IDENTITY_CHECK_IDS = {
  accepted: "web-identity-accepted",
  forged: "web-identity-forged-refused",
  sub: "web-identity-sub-pinned",
  aud: "web-identity-aud-pinned",
  expired: "web-identity-expired-refused",
} as const;

/** The token (from `source`) is accepted by the BUILD role: AssumeRoleWithWebIdentity gives its session. */
export function checkTokenAccepted(
  oidc: BuildOidcPlan,
  source: string,
  outcome: ProbeOutcome,
  sessionArn: string | undefined,
): VerifyCheck {
  const base = { id: WEB_IDENTITY_CHECK_IDS.accepted, title: "the CI token is accepted by the BUILD role" };
  const ids = outcome.requestId === undefined ? {} : { requestIds: [outcome.requestId] };
  if (outcome.result === "allowed") {
    return { ...base, status: "pass", detail: `${source}: session ${sessionArn ?? "(unnamed)"}`, ...ids };
  }
  return {
    ...base,
    status: "fail",
    severity: "error",
    detail:
      outcome.result === "denied" || outcome.result === "invalid-credentials"
        ? `${source}: sts:AssumeRoleWithWebIdentity on ${oidc.roleArn} was refused (${describeOutcome(outcome)}).`
        : `could not be judged: sts:AssumeRoleWithWebIdentity on ${oidc.roleArn} got no AWS answer (${describeOutcome(outcome)}).`,
    fix: `Check the token's sub and aud against build.oidc (subjects, audience) and that the OIDC provider ${oidc.providerArn} exists (crossrole diff --build-profile NAME); run crossrole apply.`,
    ...ids,
  };
}

/**
 * A copy of the token with one claim added and the signature kept must be refused (the signature is checked).
 * `real` is the real token's outcome: a refusal of the copy proves the signature check only when the real token,
 * identical but for that claim, was accepted; otherwise the copy was refused for whatever refused the real one, and
 * the check is not judged (a failure).
 */
export function checkForgedRefused(
  oidc: BuildOidcPlan,
  outcome: ProbeOutcome | undefined,
  real: ProbeOutcome,
): VerifyCheck {
  const base = { id: WEB_IDENTITY_CHECK_IDS.forged, title: "a forged token (payload changed) is refused" };
  if (outcome === undefined) {
    return {
      ...base,
      status: "fail",
      severity: "error",
      detail:
        "could not be judged: the token is not a JWT (header.payload.signature), so no forged copy could be made.",
      fix: "Point AWS_WEB_IDENTITY_TOKEN_FILE at the CI platform's OIDC token.",
    };
  }
  const ids = outcome.requestId === undefined ? {} : { requestIds: [outcome.requestId] };
  const refused = outcome.result === "denied" || outcome.result === "invalid-credentials";
  if (refused && real.result !== "allowed") {
    return {
      ...base,
      status: "fail",
      severity: "error",
      detail: `could not be judged: the real token was not accepted either (${describeOutcome(real)}), so the forged copy's refusal (${outcome.code ?? "denied"}) proves nothing about the signature check.`,
      fix: "Make the real token accepted first (see web-identity-accepted), then run verify again.",
      ...ids,
    };
  }
  if (refused) {
    return { ...base, status: "pass", detail: `refused (${outcome.code ?? "denied"})`, ...ids };
  }
  if (outcome.result === "allowed") {
    return {
      ...base,
      status: "fail",
      severity: "critical",
      detail: `sts:AssumeRoleWithWebIdentity on ${oidc.roleArn} accepted a token whose payload was changed after signing: the signature is not checked, so anyone can write their own claims.`,
      fix: `Check the IAM OIDC provider ${oidc.providerArn} (its URL must be the issuer's; AWS verifies tokens against the issuer's JWKS).`,
      ...ids,
    };
  }
  return {
    ...base,
    status: "fail",
    severity: "error",
    detail: `could not be judged: no AWS answer (${describeOutcome(outcome)}).`,
    fix: "Run verify again; if it persists, check the endpoint and network.",
    ...ids,
  };
}

/**
 * The checks a real token cannot run, judged from the BUILD role's live trust policy (`trust`), or failed as not
 * judged with `why` when it could not be read: `sub` pinned exactly to the spec's subjects, `aud` to its audience,
 * and the expiry, which STS enforces itself (reported as information, never as a pass).
 */
export function checkTrustStatically(
  oidc: BuildOidcPlan,
  trust: PolicyDocument | undefined,
  why: string,
): VerifyCheck[] {
  const label = `judged from the live trust policy of ${oidc.roleArn}, not by a token (a CI job cannot mint one with another sub or aud)`;
  const expired: VerifyCheck = {
    id: WEB_IDENTITY_CHECK_IDS.expired,
    title: "an expired token is refused",
    status: "info",
    severity: "info",
    detail:
      "not tested: a CI job cannot make an expired token its issuer signed; STS checks exp itself, whatever the trust policy says.",
  };
  if (trust === undefined) {
    const notJudged = (id: string, title: string): VerifyCheck => ({
      id,
      title,
      status: "fail",
      severity: "error",
      detail: `could not be judged: ${why}`,
      fix: "Pass --build-profile NAME (or set build.admin) with read access to the BUILD role (iam:GetRole).",
    });
    return [
      notJudged(WEB_IDENTITY_CHECK_IDS.sub, "a token with another sub is refused"),
      notJudged(WEB_IDENTITY_CHECK_IDS.aud, "a token with another aud is refused"),
      expired,
    ];
  }
  return [subCheck(oidc, trust, label), audCheck(oidc, trust, label), expired];
}

// --- internal ---

function subCheck(oidc: BuildOidcPlan, trust: PolicyDocument, label: string): VerifyCheck {
  const base = { id: WEB_IDENTITY_CHECK_IDS.sub, title: "a token with another sub is refused" };
  const findings = lintWebIdentityTrust(trust, { roleArn: oidc.roleArn }).filter(
    (f) => f.id === "oidc-trust-without-sub" || f.id === "oidc-sub-wildcard-too-broad",
  );
  const first = findings[0];
  if (first !== undefined) {
    return {
      ...base,
      status: "fail",
      severity: first.id === "oidc-trust-without-sub" ? "critical" : "error",
      detail: `${label}: ${findings.map((f) => f.message).join(" ")}`,
      fix: `${first.fix} Then run crossrole apply.`,
    };
  }
  const live = valuesOn(trust, oidc, "sub");
  const wanted = new Set(oidc.subjects);
  const extra = [...live].filter((v) => !wanted.has(v));
  const missing = [...wanted].filter((v) => !live.has(v));
  if (extra.length > 0 || missing.length > 0) {
    return {
      ...base,
      status: "fail",
      severity: "error",
      detail: `${label}: the trust pins sub to ${[...live].join(", ") || "nothing"}, the spec's subjects are ${oidc.subjects.join(", ")}${extra.length > 0 ? ` (not in the spec: ${extra.join(", ")})` : ""}.`,
      fix: "Run crossrole apply to write the spec's subjects (crossrole diff shows the drift).",
    };
  }
  return { ...base, status: "pass", detail: `${label}: sub must be ${oidc.subjects.join(" or ")}.` };
}

function audCheck(oidc: BuildOidcPlan, trust: PolicyDocument, label: string): VerifyCheck {
  const base = { id: WEB_IDENTITY_CHECK_IDS.aud, title: "a token with another aud is refused" };
  const statements = webIdentityStatements(trust, oidc);
  const key = `${oidc.providerUrl}:aud`.toLowerCase();
  // Every statement that admits tokens must require the audience with StringEquals, or one statement lets any in.
  const unpinned = statements.filter(
    (s) =>
      !Object.entries(s.Condition?.StringEquals ?? {}).some(
        ([k, v]) => k.toLowerCase() === key && toList(v).every((x) => String(x) === oidc.audience),
      ),
  );
  if (statements.length === 0 || unpinned.length > 0) {
    return {
      ...base,
      status: "fail",
      severity: "error",
      detail: `${label}: ${statements.length === 0 ? "no statement allows sts:AssumeRoleWithWebIdentity for the provider" : `${unpinned.length} statement(s) do not require ${oidc.providerUrl}:aud = "${oidc.audience}" with StringEquals`}.`,
      fix: "Run crossrole apply to write the audience condition (build.oidc.audience).",
    };
  }
  return { ...base, status: "pass", detail: `${label}: aud must be "${oidc.audience}" (StringEquals).` };
}

function webIdentityStatements(trust: PolicyDocument, oidc: BuildOidcPlan) {
  return trust.Statement.filter((s) => {
    if (s.Effect !== "Allow" || s.Principal === undefined || s.Principal === "*") return false;
    return toList(s.Principal.Federated).includes(oidc.providerArn);
  });
}

/** The values the live trust's positive string conditions allow for `<provider>:<claim>`. */
function valuesOn(trust: PolicyDocument, oidc: BuildOidcPlan, claim: string): Set<string> {
  const key = `${oidc.providerUrl}:${claim}`.toLowerCase();
  const values = new Set<string>();
  for (const s of webIdentityStatements(trust, oidc)) {
    for (const [operator, block] of Object.entries(s.Condition ?? {})) {
      if (operator !== "StringEquals" && operator !== "StringLike") continue;
      for (const [k, v] of Object.entries(block))
        if (k.toLowerCase() === key) for (const x of toList(v)) values.add(String(x));
    }
  }
  return values;
}
