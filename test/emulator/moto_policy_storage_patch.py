"""What IAM checks when a policy is STORED, which moto 5.2.1 does not (pinned to moto 5.2.1).

Applied only with `moto_server.py --validate-stored-policies` (the acceptance suite's run on the emulator), so the
existing tests, which may create a trust before its principal, keep plain moto's storage rules.

- A trust policy (CreateRole, UpdateAssumeRolePolicy) naming an IAM user or role that does not exist is refused
  with MalformedPolicyDocument "Invalid principal in policy" (IAM User Guide, "AWS JSON policy elements: Principal":
  "If the principal in the trust policy does not exist, ... you receive an error"; aws-rules R16). Plain moto
  stores it.
- Inline policies: their total size per user, role or group may not exceed 2,048, 10,240 and 5,120 characters,
  white space not counted (IAM User Guide, "IAM and AWS STS quotas"); beyond it IAM answers LimitExceeded
  "Maximum policy size of N bytes exceeded for user NAME". Plain moto stores any size.
"""

from __future__ import annotations

import json
import re
from typing import Any

from moto.iam import models
from moto.iam.exceptions import LimitExceededException, MalformedPolicyDocument

INLINE_QUOTAS = {"user": 2048, "role": 10240, "group": 5120}
_IAM_PRINCIPAL = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):(user|role)(/.*)$")


def policy_size(document: str) -> int:
    """Characters IAM counts against a quota: white space is not counted."""
    return len(re.sub(r"\s", "", document))


def _aws_principals(document: str) -> list[str]:
    try:
        policy = json.loads(document)
    except ValueError:
        return []
    statements = policy.get("Statement", []) if isinstance(policy, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    found: list[str] = []
    for statement in statements:
        if not isinstance(statement, dict):
            continue
        for key in ("Principal", "NotPrincipal"):
            principal = statement.get(key)
            if isinstance(principal, dict):
                values = principal.get("AWS", [])
                found.extend(v for v in (values if isinstance(values, list) else [values]) if isinstance(v, str))
    return found


def _principal_exists(arn: str) -> bool:
    match = _IAM_PRINCIPAL.match(arn)
    if not match:
        return True  # root, account IDs, *, sessions, unique IDs: not judged here
    account, kind, path_and_name = match.groups()
    backend = models.iam_backends[account]["global"]
    if kind == "user":
        return any(user.arn == arn for user in backend.users.values())
    return any(role.arn == arn for role in backend.roles.values())


def check_trust_principals(document: str) -> None:
    for arn in _aws_principals(document):
        if not _principal_exists(arn):
            raise MalformedPolicyDocument(f'Invalid principal in policy: "AWS":"{arn}"')


def check_inline_quota(kind: str, name: str, existing: dict[str, Any], policy_name: str, document: str) -> None:
    quota = INLINE_QUOTAS[kind]
    total = policy_size(document) + sum(
        policy_size(text if isinstance(text, str) else json.dumps(text))
        for other, text in existing.items()
        if other != policy_name
    )
    if total > quota:
        raise LimitExceededException(f"Maximum policy size of {quota} bytes exceeded for {kind} {name}")


def apply() -> None:
    backend = models.IAMBackend
    create_role = backend.create_role
    update_assume_role_policy = backend.update_assume_role_policy
    put_user_policy = backend.put_user_policy
    put_role_policy = backend.put_role_policy
    put_group_policy = backend.put_group_policy

    def create_role_checked(self: Any, role_name: str, assume_role_policy_document: str, *args: Any, **kwargs: Any) -> Any:
        check_trust_principals(assume_role_policy_document)
        return create_role(self, role_name, assume_role_policy_document, *args, **kwargs)

    def update_assume_role_policy_checked(self: Any, role_name: str, policy_document: str) -> None:
        check_trust_principals(policy_document)
        update_assume_role_policy(self, role_name, policy_document)

    def put_user_policy_checked(self: Any, user_name: str, policy_name: str, policy_json: str) -> None:
        check_inline_quota("user", user_name, self.get_user(user_name).policies, policy_name, policy_json)
        put_user_policy(self, user_name, policy_name, policy_json)

    def put_role_policy_checked(self: Any, role_name: str, policy_name: str, policy_json: str) -> None:
        check_inline_quota("role", role_name, self.get_role(role_name).policies, policy_name, policy_json)
        put_role_policy(self, role_name, policy_name, policy_json)

    def put_group_policy_checked(self: Any, group_name: str, policy_name: str, policy_json: str) -> None:
        check_inline_quota("group", group_name, self.get_group(group_name).policies, policy_name, policy_json)
        put_group_policy(self, group_name, policy_name, policy_json)

    backend.create_role = create_role_checked
    backend.update_assume_role_policy = update_assume_role_policy_checked
    backend.put_user_policy = put_user_policy_checked
    backend.put_role_policy = put_role_policy_checked
    backend.put_group_policy = put_group_policy_checked
