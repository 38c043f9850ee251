"""Patches that make moto 5.2.1's CloudFormation StackSets deploy like AWS (used by `crossrole rollout` tests).

Imported by moto_server.py after moto_patch.py (same pinning: every patched name was read from moto 5.2.1). What
plain moto 5.2.1 does instead, and what each patch changes:

1. UpdateStackSet stores the new template and parameters but never touches the stacks; and instances created
   later still get the OLD template. Patched: every existing instance's stack is updated (template, StackSet
   parameters with the instance's overrides on top), and later instances use the new template.
2. AWS::IAM::Role updates ignore AssumeRolePolicyDocument, Policies and ManagedPolicyArns, and set
   MaxSessionDuration from the wrong property. Patched: all four are applied, as CloudFormation does.
   Inline `Policies` created by a stack are stored as JSON text (plain moto keeps a Python dict, so GetRolePolicy
   returns its repr, which no client can parse).
3. Service-managed StackSets: AutoDeployment is ignored and DescribeStackSet returns no OrganizationalUnitIds.
   Patched: DescribeStackSet returns AutoDeployment and the OUs deployed to; when Organizations MoveAccount
   moves an account into a deployed OU, the StackSet gets an instance there (in every region it was deployed to,
   with the StackSet's parameters), and moving it out deletes that instance unless RetainStacksOnAccountRemoval.
   DeleteStackInstances with DeploymentTargets.OrganizationalUnitIds deletes the instances of those OUs' accounts
   (plain moto ignores DeploymentTargets there).

Not modelled: operation queuing and failures, OperationPreferences, CallAs, drift detection.
"""

from __future__ import annotations

import json
from typing import Any

import moto

PINNED_MOTO_VERSION = "5.2.1"


def _as_dict(parameters: Any) -> dict[str, str]:
    """StackSet/instance parameters come as {key: value} or [{"ParameterKey": k, "ParameterValue": v}, ...]."""
    if isinstance(parameters, dict):
        return {str(k): str(v) for k, v in parameters.items()}
    if isinstance(parameters, list):
        return {p["ParameterKey"]: p["ParameterValue"] for p in parameters if "ParameterKey" in p}
    return {}


def _policy_text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


def _ou_ids(deployment_targets: Any) -> list[str]:
    if not isinstance(deployment_targets, dict):
        return []
    return list(deployment_targets.get("OrganizationalUnitIds") or [])


def apply() -> None:
    """Install the patches (call once, before the server handles a request)."""
    if moto.__version__ != PINNED_MOTO_VERSION:
        raise RuntimeError(f"moto_stackset_patch is written for moto {PINNED_MOTO_VERSION}, found {moto.__version__}")

    from moto.cloudformation import models as cfn
    from moto.cloudformation.responses import CloudFormationResponse
    from moto.core.responses import ActionResult
    from moto.iam.models import Role, get_partition, iam_backends
    from moto.organizations.models import OrganizationsBackend

    # --- 2. AWS::IAM::Role create/update --------------------------------------------------------------------

    original_role_create = Role.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]

    def role_create(cls: type[Role], resource_name: str, cloudformation_json: dict[str, Any], account_id: str,
                    region_name: str, **kwargs: Any) -> Role:
        role = original_role_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        for name in list(role.policies):
            role.policies[name] = _policy_text(role.policies[name])
        backend = iam_backends[account_id][get_partition(region_name)]
        for arn in cloudformation_json["Properties"].get("ManagedPolicyArns", []) or []:
            backend.attach_role_policy(arn, role.name)
        return role

    def role_update(cls: type[Role], original_resource: Role, new_resource_name: str,
                    cloudformation_json: dict[str, Any], account_id: str, region_name: str) -> Role:
        backend = iam_backends[account_id][get_partition(region_name)]
        props = cloudformation_json["Properties"]
        role = original_resource
        role.description = props.get("Description", "")
        role.max_session_duration = props.get("MaxSessionDuration", 3600)
        trust = props.get("AssumeRolePolicyDocument")
        if trust is not None:
            backend.update_assume_role_policy(role.name, _policy_text(trust))
        wanted = {p["PolicyName"]: _policy_text(p["PolicyDocument"]) for p in props.get("Policies", []) or []}
        for name in [n for n in role.policies if n not in wanted]:
            role.delete_policy(name)
        for name, text in wanted.items():
            role.put_policy(name, text)
        managed = set(props.get("ManagedPolicyArns", []) or [])
        for arn in [a for a in role.managed_policies if a not in managed]:
            backend.detach_role_policy(arn, role.name)
        for arn in [a for a in managed if a not in role.managed_policies]:
            backend.attach_role_policy(arn, role.name)
        return role

    Role.create_from_cloudformation_json = classmethod(role_create)  # type: ignore[method-assign,assignment]
    Role.update_from_cloudformation_json = classmethod(role_update)  # type: ignore[method-assign,assignment]

    # --- 1. UpdateStackSet reaches the stacks ----------------------------------------------------------------

    original_stackset_update = cfn.StackSet.update

    def stackset_update(self: cfn.StackSet, *args: Any, **kwargs: Any) -> Any:
        result = original_stackset_update(self, *args, **kwargs)
        self.instances.template = self.template
        self.instances.parameters = self.parameters
        base = _as_dict(self.parameters)
        for instance in self.instances.stack_instances:
            instance.template = self.template
            instance.stack.update(self.template, parameters={**base, **_as_dict(instance.parameters)})
        return result

    cfn.StackSet.update = stackset_update  # type: ignore[method-assign]

    # --- 3. Service-managed StackSets: OUs and AutoDeployment ------------------------------------------------

    original_create_instances = cfn.StackSet.create_stack_instances

    def create_stack_instances(self: cfn.StackSet, accounts: list[str], regions: list[str],
                               deployment_targets: dict[str, Any] | None, parameters: list[dict[str, Any]]) -> str:
        before = len(self.instances.stack_instances)
        result = original_create_instances(self, accounts, regions, deployment_targets, parameters)
        if not parameters:  # moto records the StackSet's parameters as overrides; AWS records none
            for instance in self.instances.stack_instances[before:]:
                instance.parameters = []
        ous = _ou_ids(deployment_targets)
        if ous:
            self.organizational_unit_ids = sorted({*getattr(self, "organizational_unit_ids", []), *ous})
            self.deployed_regions = sorted({*getattr(self, "deployed_regions", []), *regions})
        return result

    cfn.StackSet.create_stack_instances = create_stack_instances  # type: ignore[method-assign]

    original_create_stack_set = CloudFormationResponse.create_stack_set
    original_update_stack_set = CloudFormationResponse.update_stack_set

    def remember_auto_deployment(response: CloudFormationResponse) -> None:
        auto = response._get_params().get("AutoDeployment")
        if not isinstance(auto, dict):
            return
        stackset = response.cloudformation_backend.describe_stack_set(response._get_param("StackSetName"))
        stackset.auto_deployment = {
            "Enabled": str(auto.get("Enabled")).lower() == "true",
            "RetainStacksOnAccountRemoval": str(auto.get("RetainStacksOnAccountRemoval")).lower() == "true",
        }

    def create_stack_set(self: CloudFormationResponse) -> Any:
        result = original_create_stack_set(self)
        remember_auto_deployment(self)
        return result

    def update_stack_set(self: CloudFormationResponse) -> Any:
        result = original_update_stack_set(self)
        remember_auto_deployment(self)
        return result

    CloudFormationResponse.create_stack_set = create_stack_set  # type: ignore[method-assign]
    CloudFormationResponse.update_stack_set = update_stack_set  # type: ignore[method-assign]

    original_delete_instances = CloudFormationResponse.delete_stack_instances

    def delete_stack_instances(self: CloudFormationResponse) -> Any:
        ous = _ou_ids(self._get_params().get("DeploymentTargets"))
        if not ous:
            return original_delete_instances(self)
        stackset = self.cloudformation_backend.describe_stack_set(self._get_param("StackSetName"))
        regions = self._get_param("Regions", [])
        org = organizations_of(stackset)
        accounts = accounts_in(org, ous)
        self.cloudformation_backend.delete_stack_instances(stackset.name, accounts, regions)
        stackset.organizational_unit_ids = [o for o in getattr(stackset, "organizational_unit_ids", []) if o not in ous]
        return ActionResult({"OperationId": stackset.operations[-1]["OperationId"]})

    CloudFormationResponse.delete_stack_instances = delete_stack_instances  # type: ignore[method-assign]

    def organizations_of(stackset: cfn.StackSet) -> OrganizationsBackend:
        return stackset.instances.org_backend

    def accounts_in(org: OrganizationsBackend, ous: list[str]) -> list[str]:
        """Accounts directly in `ous` or in their child OUs (any depth)."""
        wanted = set(ous)
        grew = True
        while grew:
            children = {ou.id for ou in org.ou if ou.parent_id in wanted}
            grew = not children <= wanted
            wanted |= children
        return [a.id for a in org.accounts if a.parent_id in wanted]

    def auto_deploy(org: OrganizationsBackend, account_id: str) -> None:
        """After an account moved: add or remove it in every auto-deploying StackSet of the management account."""
        for backend in list(cfn.cloudformation_backends[org.account_id].values()):
            for stackset in list(backend.stacksets.values()):
                auto = getattr(stackset, "auto_deployment", None)
                if stackset.status == "DELETED" or not auto or not auto.get("Enabled"):
                    continue
                belongs = account_id in accounts_in(org, getattr(stackset, "organizational_unit_ids", []))
                regions = getattr(stackset, "deployed_regions", [])
                present = {i.region_name for i in stackset.instances.stack_instances if i.account_id == account_id}
                if belongs:
                    missing = [r for r in regions if r not in present]
                    if missing:
                        before = len(stackset.instances.stack_instances)
                        stackset.instances.create_instances(
                            [account_id], missing, stackset.parameters, {}, permission_model=stackset.permission_model
                        )
                        for instance in stackset.instances.stack_instances[before:]:
                            instance.parameters = []
                elif present and not auto.get("RetainStacksOnAccountRemoval"):
                    stackset.instances.delete([account_id], sorted(present))

    original_move_account = OrganizationsBackend.move_account

    def move_account(self: OrganizationsBackend, **kwargs: Any) -> None:
        original_move_account(self, **kwargs)
        auto_deploy(self, kwargs["AccountId"])

    OrganizationsBackend.move_account = move_account  # type: ignore[method-assign]
