import type { IamCall } from "../core/diff/iam-call.js";
import type { IamPort } from "../core/ports/iam-port.js";

/** Performs one planned IAM write call through the port. */
export async function executeIamCall(iam: IamPort, call: IamCall): Promise<void> {
  switch (call.kind) {
    case "CreateRole":
      return iam.createRole({
        roleName: call.roleName,
        path: call.path,
        trustPolicy: call.trustPolicy,
        maxSessionDuration: call.maxSessionDuration,
        tags: call.tags,
        ...(call.description === undefined ? {} : { description: call.description }),
      });
    case "UpdateAssumeRolePolicy":
      return iam.updateAssumeRolePolicy(call.roleName, call.trustPolicy);
    case "UpdateRole":
      return iam.updateRole(call.roleName, {
        maxSessionDuration: call.maxSessionDuration,
        ...(call.description === undefined ? {} : { description: call.description }),
      });
    case "TagRole":
      return iam.tagRole(call.roleName, call.tags);
    case "PutRolePolicy":
      return iam.putRolePolicy(call.roleName, call.policyName, call.policy);
    case "DeleteRolePolicy":
      return iam.deleteRolePolicy(call.roleName, call.policyName);
    case "AttachRolePolicy":
      return iam.attachRolePolicy(call.roleName, call.policyArn);
    case "DetachRolePolicy":
      return iam.detachRolePolicy(call.roleName, call.policyArn);
    case "DeleteRole":
      return iam.deleteRole(call.roleName);
    case "PutUserPolicy":
      return iam.putUserPolicy(call.userName, call.policyName, call.policy);
    case "DeleteUserPolicy":
      return iam.deleteUserPolicy(call.userName, call.policyName);
    case "CreatePolicy":
      return iam.createPolicy({
        policyName: call.policyName,
        path: call.path,
        policy: call.policy,
        description:
          "Part of the crossrole BUILD grant: sts:AssumeRole on exactly the target roles (managed by crossrole)",
      });
    case "CreatePolicyVersion":
      return iam.createPolicyVersion(call.policyArn, call.policy);
    case "DeletePolicyVersion":
      return iam.deletePolicyVersion(call.policyArn, call.versionId);
    case "DeletePolicy":
      return iam.deletePolicy(call.policyArn);
    case "AttachUserPolicy":
      return iam.attachUserPolicy(call.userName, call.policyArn);
    case "DetachUserPolicy":
      return iam.detachUserPolicy(call.userName, call.policyArn);
    case "CreateOpenIDConnectProvider":
      return iam.createOidcProvider({ url: call.url, clientIds: call.clientIds, tags: call.tags });
    case "AddClientIDToOpenIDConnectProvider":
      return iam.addOidcProviderClientId(call.providerArn, call.clientId);
    case "TagOpenIDConnectProvider":
      return iam.tagOidcProvider(call.providerArn, call.tags);
    case "DeleteOpenIDConnectProvider":
      return iam.deleteOidcProvider(call.providerArn);
  }
}
