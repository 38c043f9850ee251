import type { AccessPlan, TargetPlan } from "../plan/access-plan.js";
import type { PolicyStatement } from "../plan/policy-document.js";
import { describeStatement } from "./describe-statement.js";
import { type LintFinding, lintFinding } from "./lint-finding.js";
import {
  isWildcardPrincipal,
  type PrincipalEntry,
  principalAccount,
  readPrincipals,
} from "./read-principals.js";

const NAME_ONE_PRINCIPAL =
  "Name the one principal builds run as: set build.principal in the spec to user/NAME or role/NAME (e.g. user/ci-builder), so the trust policy names only it.";

/**
 * Security check 1 on each trust policy: who may assume the role. Flags `*` principals, whole-account
 * principals (`:root` or a bare account ID, R14), NotPrincipal, service and federated principals, session ARNs
 * (R13), raw unique IDs left by a deleted principal (R16, check 12) and principals outside the BUILD account.
 */
export function lintTrustPrincipal(plan: AccessPlan): LintFinding[] {
  return plan.targets.flatMap((target) =>
    target.trustPolicy.Statement.flatMap((statement, i) => lintStatement(plan, target, statement, i)),
  );
}

// --- internal ---

function lintStatement(
  plan: AccessPlan,
  target: TargetPlan,
  statement: PolicyStatement,
  i: number,
): LintFinding[] {
  const where = `Target "${target.name}": trust policy ${describeStatement(statement, i)} of ${target.roleArn}`;
  const findings: LintFinding[] = [];
  if (statement.NotPrincipal !== undefined) {
    findings.push(
      lintFinding(
        "trust-not-principal",
        "error",
        target.name,
        `${where} uses NotPrincipal (${JSON.stringify(statement.NotPrincipal)}): with Allow it trusts everyone except the listed principals.`,
        `Replace NotPrincipal with Principal {"AWS": "${plan.build.principalArn}"}.`,
      ),
    );
  }
  if (statement.Effect !== "Allow") return findings;
  for (const entry of readPrincipals(statement.Principal)) {
    const finding = lintPrincipal(plan, target, where, entry);
    if (finding) findings.push(finding);
  }
  return findings;
}

function lintPrincipal(
  plan: AccessPlan,
  target: TargetPlan,
  where: string,
  entry: PrincipalEntry,
): LintFinding | undefined {
  const name = target.name;
  if (isWildcardPrincipal(entry)) {
    return lintFinding(
      "trust-principal-wildcard",
      "error",
      name,
      `${where} allows Principal ${entry.type === "*" ? '"*"' : `{"${entry.type}": "*"}`}: anyone in any AWS account who knows the ExternalId (not a secret) can assume the role.`,
      NAME_ONE_PRINCIPAL,
    );
  }
  if (entry.type === "Service") return serviceFinding(name, where, entry.value);
  if (entry.type === "Federated") return federatedFinding(name, where, entry.value);
  if (entry.type !== "AWS") return undefined;
  return awsPrincipalFinding(plan, name, where, entry.value);
}

function awsPrincipalFinding(
  plan: AccessPlan,
  name: string,
  where: string,
  value: string,
): LintFinding | undefined {
  const account = principalAccount(value);
  if (/^\d{12}$/.test(value) || /^arn:[^:]+:iam::\d{12}:root$/.test(value)) {
    return lintFinding(
      "trust-principal-account",
      "warning",
      name,
      `${where} trusts the whole account ${account} ("${value}"): this delegates to every admin in the BUILD account, since any user or role there that an identity policy allows sts:AssumeRole can assume the role.`,
      NAME_ONE_PRINCIPAL,
    );
  }
  if (/^A(?:ROA|IDA)[A-Z0-9]{12,}$/.test(value)) {
    return lintFinding(
      "trust-principal-unique-id",
      "warning",
      name,
      `${where} names the raw unique ID "${value}": IAM shows this when the principal the trust policy named was deleted, so the trust no longer works even if the principal is recreated.`,
      "Re-save the trust policy with the principal's ARN, after recreating the principal.",
    );
  }
  if (/^arn:[^:]+:sts::\d{12}:assumed-role\//.test(value)) {
    return lintFinding(
      "trust-principal-session",
      "warning",
      name,
      `${where} names the role session "${value}": a session ARN changes with every session, so the trust matches only that one.`,
      "Name the role itself (arn:aws:iam::ACCOUNT:role/NAME): set build.principal to role/NAME.",
    );
  }
  if (account !== undefined && account !== plan.build.account) {
    return lintFinding(
      "trust-principal-foreign-account",
      "warning",
      name,
      `${where} trusts "${value}" in account ${account}, which is not the BUILD account ${plan.build.account}.`,
      `Remove the principal unless that account is meant to run builds; the spec's BUILD principal is ${plan.build.principalArn}.`,
    );
  }
  return undefined;
}

function serviceFinding(name: string, where: string, value: string): LintFinding {
  return lintFinding(
    "trust-principal-service",
    "warning",
    name,
    `${where} also trusts the AWS service "${value}": the service can assume the build role on behalf of any caller that can use it, unless conditions limit it (confused deputy).`,
    `Remove "${value}" from the build role's trust, or give it a role of its own with an aws:SourceAccount or aws:SourceArn condition.`,
  );
}

function federatedFinding(name: string, where: string, value: string): LintFinding {
  return lintFinding(
    "trust-principal-federated",
    "warning",
    name,
    `${where} also trusts the federated identity provider "${value}": every identity that provider issues may assume the build role unless conditions (e.g. on :aud and :sub) restrict it.`,
    "Remove the federated principal from the build role, or give it a role of its own whose trust conditions pin the audience and subject.",
  );
}
