import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { CallerIdentity } from "../core/diff/live-state.js";
import { AwsAuthError, AwsOperationError, CrossroleError } from "../core/errors.js";
import type { AssumedRole, AssumeRoleDiagnostics, StsPort } from "../core/ports/sts-port.js";
import type { AssumeRoleParameters } from "../core/session/validate-assume-request.js";
import { type AwsClientConfig, toSdkClientConfig } from "./aws-client-config.js";
import { isAwsAccessDenied } from "./describe-sdk-failure.js";
import { explainWebIdentityError } from "./explain-web-identity-error.js";
import { translateAwsError } from "./translate-aws-error.js";
import { webIdentityCredentials } from "./web-identity-credentials.js";

/**
 * An STS adapter on the source credentials `config` describes (explicit credentials, `profile`, or the SDK's
 * default chain), with the SDK's standard retries (throttling and 5xx only). Errors become CrossroleErrors:
 * an AccessDenied on AssumeRole lists its usual causes and says which ones the caller's identity rules out.
 */
export function createStsAdapter(config: AwsClientConfig): StsPort {
  const sdkConfig = toSdkClientConfig(config);
  const client = new STSClient({
    ...sdkConfig,
    ...(config.webIdentity === undefined
      ? {}
      : {
          credentials: webIdentityCredentials(config.webIdentity, {
            ...(sdkConfig.region === undefined ? {} : { region: sdkConfig.region }),
            ...(sdkConfig.endpoint === undefined ? {} : { endpoint: sdkConfig.endpoint }),
          }),
        }),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  const endpoint = config.endpoint;

  async function getCallerIdentity(): Promise<CallerIdentity> {
    try {
      const out = await client.send(new GetCallerIdentityCommand({}));
      return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
    } catch (error) {
      throw translateAwsError(error, { action: "sts:GetCallerIdentity", endpoint });
    }
  }

  async function assumeRole(
    request: AssumeRoleParameters,
    diagnostics: AssumeRoleDiagnostics = {},
  ): Promise<AssumedRole> {
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          DurationSeconds: request.durationSeconds,
          ...(request.externalId === undefined ? {} : { ExternalId: request.externalId }),
          ...(request.sourceIdentity === undefined ? {} : { SourceIdentity: request.sourceIdentity }),
          ...(request.tags === undefined || request.tags.length === 0
            ? {}
            : { Tags: request.tags.map((t) => ({ Key: t.key, Value: t.value })) }),
        }),
      );
      const c = out.Credentials;
      if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
        throw new AwsOperationError(
          "ASSUME_ROLE_EMPTY",
          `sts:AssumeRole on ${request.roleArn} returned no credentials.`,
        );
      }
      const result: AssumedRole = {
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
          expiration: c.Expiration ?? new Date(Date.now() + request.durationSeconds * 1000),
        },
      };
      if (out.AssumedRoleUser?.Arn !== undefined) result.assumedRoleArn = out.AssumedRoleUser.Arn;
      if (out.PackedPolicySize !== undefined) result.packedPolicySize = out.PackedPolicySize;
      return result;
    } catch (error) {
      throw await explainAssumeRoleError(error, request, diagnostics);
    }
  }

  async function explainAssumeRoleError(
    error: unknown,
    request: AssumeRoleParameters,
    diagnostics: AssumeRoleDiagnostics,
  ): Promise<CrossroleError> {
    // The BUILD hop's own refusal (a keyless build's CI token), already explained.
    if (error instanceof CrossroleError) return error;
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const name = e.name ?? "";
    const message = e.message ?? "";
    const context = { action: "sts:AssumeRole", resource: request.roleArn, endpoint };
    if (/PackedPolicyTooLarge/.test(name)) {
      return new CrossroleError(
        "PACKED_POLICY_TOO_LARGE",
        "invalid-input",
        `sts:AssumeRole on ${request.roleArn} was refused: the session tags (and policies) exceed STS's packed size limit.`,
        { hint: "Send fewer or shorter --tag values (keys and values both count).", cause: error },
      );
    }
    const webIdentity = explainWebIdentityError(error, process.env);
    if (webIdentity !== undefined) return webIdentity;
    if (!isAwsAccessDenied(error)) return translateAwsError(error, context);
    if (/sts:TagSession/.test(message)) {
      return new AwsAuthError(
        "TAG_SESSION_DENIED",
        `sts:AssumeRole on ${request.roleArn} with session tags was refused: the role's trust policy does not allow sts:TagSession.`,
        {
          hint: "Allow sts:TagSession in the trust (spec: allowSessionTags: true, then crossrole apply), or assume without --tag.",
          cause: error,
        },
      );
    }
    if (/sts:SetSourceIdentity/.test(message)) {
      return new AwsAuthError(
        "SET_SOURCE_IDENTITY_DENIED",
        `sts:AssumeRole on ${request.roleArn} with a source identity was refused: sts:SetSourceIdentity is not allowed.`,
        {
          hint: "Allow sts:SetSourceIdentity in the trust (spec: allowSourceIdentity: true, then crossrole apply) and in the BUILD grant, or assume without --source-identity.",
          cause: error,
        },
      );
    }
    const caller = await getCallerIdentity().catch(() => undefined);
    return new AwsAuthError("ASSUME_ROLE_DENIED", describeDenial(request, caller, diagnostics), {
      hint: denialHint(caller, diagnostics),
      cause: error,
    });
  }

  return { assumeRole, getCallerIdentity };
}

// --- internal ---

function describeDenial(
  request: AssumeRoleParameters,
  caller: CallerIdentity | undefined,
  diagnostics: AssumeRoleDiagnostics,
): string {
  const who = caller === undefined ? "the source credentials" : caller.arn;
  if (diagnostics.adminRole === true) {
    return [
      `access denied: ${who} may not assume the admin role ${request.roleArn} (admin.roleArn in the spec), which crossrole uses to administer that account. AWS gives the same AccessDenied when:`,
      `  1. the role's trust policy does not name ${who} (or the role does not exist in that account);`,
      "  2. the caller's identity policy does not allow sts:AssumeRole on it;",
      `  3. ${request.externalId === undefined ? "the trust policy requires an ExternalId and admin.externalId is not set" : "admin.externalId is not the one its trust policy requires"}.`,
    ].join("\n");
  }
  const extra: string[] = [];
  if (request.tags !== undefined && request.tags.length > 0) {
    extra.push("  4. session tags were sent: the trust policy must also allow sts:TagSession.");
  }
  if (request.sourceIdentity !== undefined) {
    extra.push(
      `  ${extra.length + 4}. a source identity was sent: the trust policy and the BUILD grant must allow sts:SetSourceIdentity.`,
    );
  }
  const externalId =
    request.externalId === undefined
      ? "no ExternalId was sent, and the trust policy may require one"
      : `the ExternalId sent (ending "${request.externalId.slice(-4)}") is not the one the trust policy requires`;
  const lines = [
    `access denied: ${who} may not assume ${request.roleArn}. AWS gives the same AccessDenied for each of these causes:`,
    `  1. BUILD grant missing: ${who} has no identity policy allowing sts:AssumeRole on this role.`,
    "  2. trust principal mismatch: the role's trust policy does not name this caller (or the role does not exist).",
    `  3. ExternalId mismatch: ${externalId}.`,
    ...extra,
  ];
  const verdict = judgePrincipal(caller, diagnostics.expectedPrincipalArn);
  if (verdict !== undefined) lines.push(verdict);
  return lines.join("\n");
}

/** What the caller's identity tells us, when we know both it and the spec's principal. */
function judgePrincipal(
  caller: CallerIdentity | undefined,
  expected: string | undefined,
): string | undefined {
  if (caller === undefined) {
    return "Which one cannot be told from here: sts:GetCallerIdentity failed too, so the source credentials themselves may be the problem.";
  }
  if (expected === undefined) {
    return `Told apart: you are ${caller.arn}. Causes 1-3 look identical from the BUILD side; compare that ARN with the role's trust policy.`;
  }
  if (principalMatches(caller.arn, expected)) {
    return `Told apart: you are ${caller.arn}, which is the spec's BUILD principal (${expected}), so cause 2 is unlikely unless the live trust policy drifted from the spec; causes 1 and 3 remain (AWS does not say which).`;
  }
  return `Told apart: you are ${caller.arn}, but the spec's BUILD principal is ${expected}: you are running as the wrong identity (cause 2, and likely 1). Fix the source credentials (--source-profile, AWS_PROFILE, the CI's keys).`;
}

function denialHint(caller: CallerIdentity | undefined, diagnostics: AssumeRoleDiagnostics): string {
  if (diagnostics.adminRole === true) {
    return "Run with credentials the admin role trusts (--target-profile P; for OrganizationAccountAccessRole, the management account's), or point admin.roleArn at a role these credentials may assume.";
  }
  if (
    caller !== undefined &&
    diagnostics.expectedPrincipalArn !== undefined &&
    !principalMatches(caller.arn, diagnostics.expectedPrincipalArn)
  ) {
    return `Run with the BUILD principal's credentials (${diagnostics.expectedPrincipalArn}); check with: aws sts get-caller-identity`;
  }
  return "Run crossrole diff to compare the live trust policy and BUILD grant with the spec, then crossrole apply; check the ExternalId with the target account's owner.";
}

/**
 * True when `callerArn` is (a session of) `expected`: same user ARN, a session of the expected role (assumed-role
 * ARNs carry no path, so account + role name are compared), or any principal of the account for `…:root`.
 */
function principalMatches(callerArn: string, expected: string): boolean {
  const caller = /^arn:([\w-]+):(?:iam|sts)::(\d{12}):(user|assumed-role|role)\/(.+)$/.exec(callerArn);
  const want = /^arn:([\w-]+):iam::(\d{12}):(root|user\/.+|role\/.+)$/.exec(expected);
  if (caller === null || want === null) return callerArn === expected;
  const [, , callerAccount, callerKind, callerRest = ""] = caller;
  const [, , wantAccount, wantWhat = ""] = want;
  if (callerAccount !== wantAccount) return false;
  if (wantWhat === "root") return true;
  if (callerKind === "user") return wantWhat === `user/${callerRest}`;
  if (wantWhat.startsWith("role/")) {
    const wantName = wantWhat.slice(wantWhat.lastIndexOf("/") + 1);
    const callerRole = callerKind === "assumed-role" ? callerRest.split("/")[0] : callerRest.split("/").pop();
    return callerRole === wantName;
  }
  return false;
}
