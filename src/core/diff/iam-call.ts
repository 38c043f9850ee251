import type { PolicyDocument } from "../plan/policy-document.js";

/**
 * One IAM write call crossrole intends to make, in core terms. `plan-changes.ts` and `plan-destroy.ts` produce
 * ordered lists of these; the apply/destroy workflows hand each one to the IAM port. Role and user names are
 * names without path (as the IAM API takes them).
 */
export type IamCall =
  | {
      kind: "CreateRole";
      roleName: string;
      path: string;
      trustPolicy: PolicyDocument;
      description?: string;
      maxSessionDuration: number;
      tags: Record<string, string>;
    }
  | { kind: "UpdateAssumeRolePolicy"; roleName: string; trustPolicy: PolicyDocument }
  | { kind: "UpdateRole"; roleName: string; maxSessionDuration: number; description?: string }
  | { kind: "TagRole"; roleName: string; tags: Record<string, string> }
  | { kind: "PutRolePolicy"; roleName: string; policyName: string; policy: PolicyDocument }
  | { kind: "DeleteRolePolicy"; roleName: string; policyName: string }
  | { kind: "AttachRolePolicy"; roleName: string; policyArn: string }
  | { kind: "DetachRolePolicy"; roleName: string; policyArn: string }
  | { kind: "DeleteRole"; roleName: string }
  | { kind: "PutUserPolicy"; userName: string; policyName: string; policy: PolicyDocument }
  | { kind: "DeleteUserPolicy"; userName: string; policyName: string }
  | { kind: "CreatePolicy"; policyName: string; path: string; policy: PolicyDocument }
  | { kind: "CreatePolicyVersion"; policyArn: string; policy: PolicyDocument }
  | { kind: "DeletePolicyVersion"; policyArn: string; versionId: string }
  | { kind: "DeletePolicy"; policyArn: string }
  | { kind: "AttachUserPolicy"; userName: string; policyArn: string }
  | { kind: "DetachUserPolicy"; userName: string; policyArn: string }
  | { kind: "CreateOpenIDConnectProvider"; url: string; clientIds: string[]; tags: Record<string, string> }
  | { kind: "AddClientIDToOpenIDConnectProvider"; providerArn: string; clientId: string }
  | { kind: "TagOpenIDConnectProvider"; providerArn: string; tags: Record<string, string> }
  | { kind: "DeleteOpenIDConnectProvider"; providerArn: string };

/** A one-line description of a call, for reports (`PutRolePolicy OurThingBuildRole/crossrole-permissions`). */
export function describeIamCall(call: IamCall): string {
  switch (call.kind) {
    case "CreateRole":
      return `CreateRole ${call.path}${call.roleName}`;
    case "UpdateAssumeRolePolicy":
    case "DeleteRole":
      return `${call.kind} ${call.roleName}`;
    case "UpdateRole":
      return `UpdateRole ${call.roleName} (MaxSessionDuration ${call.maxSessionDuration}${call.description === undefined ? "" : ", Description"})`;
    case "TagRole":
      return `TagRole ${call.roleName} ${Object.keys(call.tags).join(", ")}`;
    case "PutRolePolicy":
    case "DeleteRolePolicy":
      return `${call.kind} ${call.roleName}/${call.policyName}`;
    case "AttachRolePolicy":
    case "DetachRolePolicy":
      return `${call.kind} ${call.roleName} ${call.policyArn}`;
    case "PutUserPolicy":
    case "DeleteUserPolicy":
      return `${call.kind} ${call.userName}/${call.policyName}`;
    case "CreatePolicy":
      return `CreatePolicy ${call.path}${call.policyName}`;
    case "CreatePolicyVersion":
    case "DeletePolicy":
      return `${call.kind} ${call.policyArn}`;
    case "DeletePolicyVersion":
      return `DeletePolicyVersion ${call.policyArn} ${call.versionId}`;
    case "AttachUserPolicy":
    case "DetachUserPolicy":
      return `${call.kind} ${call.userName} ${call.policyArn}`;
    case "CreateOpenIDConnectProvider":
      return `CreateOpenIDConnectProvider ${call.url} (client ID ${call.clientIds.join(", ")})`;
    case "AddClientIDToOpenIDConnectProvider":
      return `AddClientIDToOpenIDConnectProvider ${call.providerArn} ${call.clientId}`;
    case "TagOpenIDConnectProvider":
      return `TagOpenIDConnectProvider ${call.providerArn} ${Object.keys(call.tags).join(", ")}`;
    case "DeleteOpenIDConnectProvider":
      return `DeleteOpenIDConnectProvider ${call.providerArn}`;
  }
}
