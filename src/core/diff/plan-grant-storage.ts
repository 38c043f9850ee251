import type { GrantLayout } from "../plan/access-plan.js";
import { BUILD_GRANT_POLICY_NAME } from "../plan/access-plan.js";
import { GRANT_POLICY_PATH } from "../plan/grant-layout.js";
import { diffPolicy } from "./diff-policy.js";
import type { IamCall } from "./iam-call.js";
import type { LiveGrantStorage } from "./live-state.js";

/** IAM keeps at most 5 versions of a managed policy; the default one cannot be deleted. */
const MAX_POLICY_VERSIONS = 5;

/**
 * The IAM calls that make one spec's part of the grant (inline `policyName`, or its managed parts) on a BUILD user
 * or role match `layout` (undefined: no part at all), given what is stored now. Other specs' parts are not in
 * `live` and never touched. New or changed parts are written and attached FIRST, and only then are the inline
 * policy, parts no longer needed and an adopted unnamed grant removed, so builds never lose access in between. A
 * changed part gets a new default version (the oldest other version is deleted first when IAM's 5 are used). Pure.
 */
export function planGrantStorage(
  principal: { kind: "user" | "role"; name: string },
  layout: GrantLayout | undefined,
  live: LiveGrantStorage,
  policyName: string = BUILD_GRANT_POLICY_NAME,
): IamCall[] {
  const calls: IamCall[] = [];
  const wanted = new Set(layout?.kind === "managed" ? layout.parts.map((p) => p.policyArn) : []);
  if (
    layout?.kind === "inline" &&
    (live.inline === undefined || !diffPolicy(layout.policy, live.inline).equal)
  ) {
    calls.push(
      principal.kind === "user"
        ? { kind: "PutUserPolicy", userName: principal.name, policyName, policy: layout.policy }
        : { kind: "PutRolePolicy", roleName: principal.name, policyName, policy: layout.policy },
    );
  }
  if (layout?.kind === "managed") {
    for (const part of layout.parts) {
      const current = live.managed.find((m) => m.policyArn === part.policyArn);
      if (current === undefined) {
        calls.push({
          kind: "CreatePolicy",
          policyName: part.policyName,
          path: GRANT_POLICY_PATH,
          policy: part.policy,
        });
      } else if (current.document === undefined || !diffPolicy(part.policy, current.document).equal) {
        if (current.otherVersionIds.length >= MAX_POLICY_VERSIONS - 1) {
          const oldest = current.otherVersionIds[0] as string;
          calls.push({ kind: "DeletePolicyVersion", policyArn: part.policyArn, versionId: oldest });
        }
        calls.push({ kind: "CreatePolicyVersion", policyArn: part.policyArn, policy: part.policy });
      }
      if (current?.attached !== true) calls.push(attach(principal, part.policyArn));
    }
  }
  if (layout?.kind !== "inline" && live.inline !== undefined) calls.push(deleteInline(principal, policyName));
  const adopted = live.adopted;
  if (adopted?.inline !== undefined) calls.push(deleteInline(principal, adopted.inlineName));
  const stales = [...live.managed, ...(adopted?.managed ?? [])].filter((m) => !wanted.has(m.policyArn));
  for (const stale of stales) {
    if (stale.attached) calls.push(detach(principal, stale.policyArn));
    for (const versionId of stale.otherVersionIds)
      calls.push({ kind: "DeletePolicyVersion", policyArn: stale.policyArn, versionId });
    calls.push({ kind: "DeletePolicy", policyArn: stale.policyArn });
  }
  return calls;
}

// --- internal ---

function deleteInline(principal: { kind: "user" | "role"; name: string }, policyName: string): IamCall {
  return principal.kind === "user"
    ? { kind: "DeleteUserPolicy", userName: principal.name, policyName }
    : { kind: "DeleteRolePolicy", roleName: principal.name, policyName };
}

function attach(principal: { kind: "user" | "role"; name: string }, policyArn: string): IamCall {
  return principal.kind === "user"
    ? { kind: "AttachUserPolicy", userName: principal.name, policyArn }
    : { kind: "AttachRolePolicy", roleName: principal.name, policyArn };
}

function detach(principal: { kind: "user" | "role"; name: string }, policyArn: string): IamCall {
  return principal.kind === "user"
    ? { kind: "DetachUserPolicy", userName: principal.name, policyArn }
    : { kind: "DetachRolePolicy", roleName: principal.name, policyArn };
}
