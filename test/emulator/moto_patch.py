"""Patches that make moto 5.2.1 judge STS AssumeRole, ECR and session revocation like AWS.

Imported by moto_server.py before the server starts. Pinned to moto 5.2.1: every patched name below was read
from that version's source and the launcher refuses any other version. What is patched and why is listed in
test/emulator/README.md ("What is patched"). In short:

1. AssumeRole (always, whatever the auth-enforcement switch says):
   the role is looked up in the RoleArn's account (missing -> AccessDenied) and its trust policy is evaluated as
   AWS documents it: principals (root ARN, bare account id, user ARN, role ARN admitting its sessions, session
   ARN, "*"), Allow/Deny/NotPrincipal, and conditions on sts:ExternalId, sts:RoleSessionName, sts:SourceIdentity,
   aws:PrincipalArn, aws:PrincipalAccount, aws:TokenIssueTime, ... The caller is the owner of the signing key.
   sts:TagSession / sts:SetSourceIdentity (session tags, SourceIdentity) are judged as separate actions, each with
   only the request keys AWS documents for it (no sts:ExternalId: see _ACTION_REQUEST_KEYS).
   Plain moto looks the role up in the CALLER's account (so cross-account trust is never judged), only knows
   StringEquals, never matches root/account principals, and gives HTTP 500 for a Service principal.
2. Identity policies (only while enforcement is on, as in plain moto): evaluated by the same evaluator, so
   conditions are judged (plain moto counts every operator but StringEquals, and every unknown key, as true).
   That is what makes an "AWSRevokeOlderSessions" Deny (DateLessThan aws:TokenIssueTime) block only old sessions.
   For sts:AssumeRole the caller's identity policy must allow, except in the same account when the trust policy
   names the caller directly (AWS rule R17). Inactive access keys are rejected (InvalidClientTokenId).
3. ECR actions are authorised against the repository ARN (plain moto: "*"), and ECR denials are JSON
   AccessDeniedException (plain moto: an XML body the JS SDK cannot parse).
4. Every AssumeRole session records token_issue_time (ISO 8601, UTC) and source_identity; both show up in
   /moto-api/data.json next to moto's own external_id and session_name.

Not modelled: session policies, permissions boundaries, SCPs/RCPs, policy variables (${aws:username}),
ECR repository policies, session expiry, unique-ID rewriting of principals (R16).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import moto

PINNED_MOTO_VERSION = "5.2.1"

ALLOW = "Allow"
DENY = "Deny"
NEUTRAL = "Neutral"

Context = dict[str, list[str]]  # lower-cased condition key -> values present in the request


# --------------------------------------------------------------------------------------------------------------
# A small IAM policy evaluator (statements, principals, conditions).
# --------------------------------------------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    """Policy values may be JSON booleans or numbers; IAM compares their string forms."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _wildcard(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM wildcard match: * is any run of characters, ? exactly one."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _arn_like(pattern: str, value: str) -> bool:
    """ArnLike/ArnEquals: the six colon-separated ARN parts are matched one by one (wildcards stay in a part)."""
    p_parts, v_parts = pattern.split(":", 5), value.split(":", 5)
    return len(p_parts) == len(v_parts) == 6 and all(_wildcard(p, v) for p, v in zip(p_parts, v_parts))


def _date(value: str) -> dt.datetime:
    """ISO 8601 (with or without time/zone) or epoch seconds, as IAM accepts for date conditions."""
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc)
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _ip_in(policy: str, value: str) -> bool:
    return ipaddress.ip_address(value) in ipaddress.ip_network(policy, strict=False)


# operator -> (is_negated, positive comparison(policy_value, request_value))
_OPERATORS: dict[str, tuple[bool, Callable[[str, str], bool]]] = {
    "StringEquals": (False, lambda p, v: p == v),
    "StringNotEquals": (True, lambda p, v: p == v),
    "StringEqualsIgnoreCase": (False, lambda p, v: p.casefold() == v.casefold()),
    "StringNotEqualsIgnoreCase": (True, lambda p, v: p.casefold() == v.casefold()),
    "StringLike": (False, _wildcard),
    "StringNotLike": (True, _wildcard),
    "NumericEquals": (False, lambda p, v: float(v) == float(p)),
    "NumericNotEquals": (True, lambda p, v: float(v) == float(p)),
    "NumericLessThan": (False, lambda p, v: float(v) < float(p)),
    "NumericLessThanEquals": (False, lambda p, v: float(v) <= float(p)),
    "NumericGreaterThan": (False, lambda p, v: float(v) > float(p)),
    "NumericGreaterThanEquals": (False, lambda p, v: float(v) >= float(p)),
    "DateEquals": (False, lambda p, v: _date(v) == _date(p)),
    "DateNotEquals": (True, lambda p, v: _date(v) == _date(p)),
    "DateLessThan": (False, lambda p, v: _date(v) < _date(p)),
    "DateLessThanEquals": (False, lambda p, v: _date(v) <= _date(p)),
    "DateGreaterThan": (False, lambda p, v: _date(v) > _date(p)),
    "DateGreaterThanEquals": (False, lambda p, v: _date(v) >= _date(p)),
    "Bool": (False, lambda p, v: p.lower() == v.lower()),
    "BinaryEquals": (False, lambda p, v: p == v),
    "IpAddress": (False, _ip_in),
    "NotIpAddress": (True, _ip_in),
    "ArnEquals": (False, _arn_like),
    "ArnLike": (False, _arn_like),
    "ArnNotEquals": (True, _arn_like),
    "ArnNotLike": (True, _arn_like),
}


def _safe(compare: Callable[[str, str], bool], policy_value: str, request_value: str) -> bool:
    try:
        return compare(policy_value, request_value)
    except (ValueError, TypeError):  # unparseable number/date/IP: the values do not match
        return False


def condition_holds(operator: str, key: str, policy_values: list[Any], context: Context) -> bool:
    """One operator/key pair of a Condition block: OR across the policy's values.

    An absent key makes a positive operator false and a negated one (StringNotEquals, ArnNotLike, ...) true;
    ...IfExists is true when the key is absent; ForAllValues is true on an empty set, ForAnyValue false; Null
    tests presence. These are the rules of the IAM User Guide, "Condition operators".
    """
    set_mode = ""
    for prefix in ("ForAllValues:", "ForAnyValue:"):
        if operator.startswith(prefix):
            set_mode, operator = prefix, operator[len(prefix) :]
    request_values = context.get(key.lower(), [])
    wanted = [_text(v) for v in policy_values]

    if operator == "Null":
        return any((w.lower() == "true") == (not request_values) for w in wanted)

    if_exists = operator.endswith("IfExists")
    if if_exists:
        operator = operator[: -len("IfExists")]
    entry = _OPERATORS.get(operator)
    if entry is None:
        return False  # AWS refuses to store such a policy; here it simply never matches
    negated, compare = entry

    if not request_values:
        if if_exists or set_mode == "ForAllValues:":
            return True
        if set_mode == "ForAnyValue:":
            return False
        return negated

    def one(request_value: str) -> bool:
        matched = any(_safe(compare, w, request_value) for w in wanted)
        return not matched if negated else matched

    if set_mode == "ForAllValues:":
        return all(one(v) for v in request_values)
    if set_mode == "ForAnyValue:":
        return any(one(v) for v in request_values)
    return one(request_values[0])


@dataclass(frozen=True)
class Caller:
    """Who signed the request: an IAM user or an assumed-role session (found by the access key)."""

    account: str
    partition: str
    arn: str  # user ARN, or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION
    principal_arn: str  # aws:PrincipalArn: the user ARN or the ROLE ARN (with path)
    unique_id: str  # AIDA... (user) or AROA... (role)
    user_id: str  # aws:userid
    user_name: str | None
    key_status: str
    token_issue_time: str | None  # sessions only (R20)
    federated: str | None = None  # AssumeRoleWithWebIdentity: the OIDC provider ARN the token was issued under


DIRECT = "direct"  # the principal names this user, this role (its sessions), this session, or is "*"
ACCOUNT = "account"  # the principal names the caller's account (root ARN or bare id)


def principal_match(principal: Any, caller: Caller) -> str | None:
    """How a Principal element matches the caller: DIRECT, ACCOUNT or None.

    Only the AWS key can name an IAM user or a role session; Service, Federated and CanonicalUser principals never
    match such a caller (plain moto answers HTTP 500 for them). A web identity caller (`federated` set) is matched
    only by `{"Federated": PROVIDER_ARN}` (moto_web_identity_patch.py); "*" matches anyone, as in AWS.
    """
    if principal == "*":
        return DIRECT
    if not isinstance(principal, dict):
        return None
    if caller.federated is not None:  # a web identity: only a Federated principal naming its provider matches
        return DIRECT if caller.federated in [_text(v) for v in _as_list(principal.get("Federated"))] else None
    found: str | None = None
    for value in _as_list(principal.get("AWS")):
        value = _text(value)
        if value in ("*", caller.principal_arn, caller.arn, caller.unique_id):
            return DIRECT
        if value in (caller.account, f"arn:{caller.partition}:iam::{caller.account}:root"):
            found = ACCOUNT
    return found


def _statement_applies(
    statement: dict[str, Any], action: str, resource: str, context: Context, caller: Caller | None
) -> tuple[bool, str | None]:
    if "NotAction" in statement:
        if any(_wildcard(_text(a), action, ignore_case=True) for a in _as_list(statement["NotAction"])):
            return False, None
    elif not any(_wildcard(_text(a), action, ignore_case=True) for a in _as_list(statement.get("Action"))):
        return False, None

    if "NotResource" in statement:
        if any(_wildcard(_text(r), resource) for r in _as_list(statement["NotResource"])):
            return False, None
    elif "Resource" in statement:  # trust policies have no Resource element
        if not any(_wildcard(_text(r), resource) for r in _as_list(statement["Resource"])):
            return False, None

    how: str | None = None
    if caller is not None:  # resource-based (trust) policy: the principal must match
        if "Principal" in statement:
            how = principal_match(statement["Principal"], caller)
            if how is None:
                return False, None
        elif "NotPrincipal" in statement:
            if principal_match(statement["NotPrincipal"], caller) is not None:
                return False, None
        else:
            return False, None

    for operator, block in (statement.get("Condition") or {}).items():
        for key, values in block.items():
            if not condition_holds(operator, key, _as_list(values), context):
                return False, None
    return True, how


def evaluate(
    documents: list[dict[str, Any]], action: str, resource: str, context: Context, caller: Caller | None = None
) -> tuple[str, bool]:
    """ALLOW / DENY / NEUTRAL for one action, plus whether an Allow named the caller directly (R17).

    Pass `caller` for a resource-based (trust) policy, whose statements must name the caller as Principal.
    """
    allowed, direct = False, False
    for document in documents:
        for statement in _as_list(document.get("Statement")):
            applies, how = _statement_applies(statement, action, resource, context, caller)
            if not applies:
                continue
            if statement.get("Effect") == "Deny":
                return DENY, False
            if statement.get("Effect") == "Allow":
                allowed, direct = True, direct or how == DIRECT
    return (ALLOW, direct) if allowed else (NEUTRAL, False)


# --------------------------------------------------------------------------------------------------------------
# Glue to moto's backends.
# --------------------------------------------------------------------------------------------------------------


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def resolve_caller(access_key_id: str) -> Caller | None:
    """The IAM user or assumed-role session that owns an access key, in whichever account it lives."""
    from moto.iam.models import iam_backends
    from moto.sts.models import sts_backends

    for account_id, by_partition in list(sts_backends.items()):
        for partition, backend in list(by_partition.items()):
            for session in list(backend.assumed_roles):
                if session.access_key_id != access_key_id:
                    continue
                try:
                    role = iam_backends[account_id][partition].get_role_by_arn(session.role_arn)
                    role_id = role.id
                except Exception:  # the role was deleted after the session was issued
                    role_id = "AROA-DELETED"
                return Caller(
                    account=account_id,
                    partition=partition,
                    arn=session.arn,
                    principal_arn=session.role_arn,
                    unique_id=role_id,
                    user_id=f"{role_id}:{session.session_name}",
                    user_name=None,
                    key_status=session.access_key.status,
                    token_issue_time=getattr(session, "token_issue_time", None),
                )
    for account_id, by_partition in list(iam_backends.items()):
        for partition, backend in list(by_partition.items()):
            user = backend.get_user_from_access_key_id(access_key_id)
            if user is None:
                continue
            key = next(k for k in user.access_keys if k.access_key_id == access_key_id)
            return Caller(
                account=account_id,
                partition=partition,
                arn=user.arn,
                principal_arn=user.arn,
                unique_id=user.id,
                user_id=user.id,
                user_name=user.name,
                key_status=key.status,
                token_issue_time=None,
            )
    return None


def request_context(caller: Caller, region: str, extra: Context) -> Context:
    """Global condition keys AWS puts in every request context, plus the request-specific ones in `extra`."""
    now = dt.datetime.now(dt.timezone.utc)
    context: Context = {
        "aws:principalarn": [caller.principal_arn],
        "aws:principalaccount": [caller.account],
        "aws:principaltype": ["AssumedRole" if caller.token_issue_time else "User"],
        "aws:userid": [caller.user_id],
        "aws:requestedregion": [region],
        "aws:currenttime": [now.isoformat().replace("+00:00", "Z")],
        "aws:epochtime": [str(int(now.timestamp()))],
        "aws:securetransport": ["false"],
    }
    if caller.user_name is not None:
        context["aws:username"] = [caller.user_name]
    if caller.token_issue_time is not None:  # absent for long-term keys (R20)
        context["aws:tokenissuetime"] = [caller.token_issue_time]
    context.update({k.lower(): v for k, v in extra.items()})
    return context


def assume_role_context(params: dict[str, Any]) -> Context:
    """sts:* keys of an AssumeRole request (params: RoleSessionName, ExternalId, SourceIdentity, Tags)."""
    context: Context = {}
    for key, param in (
        ("sts:ExternalId", "ExternalId"),
        ("sts:RoleSessionName", "RoleSessionName"),
        ("sts:SourceIdentity", "SourceIdentity"),
    ):
        if params.get(param) is not None:
            context[key.lower()] = [str(params[param])]
    tags = params.get("Tags") or []
    if tags:
        context["aws:tagkeys"] = [str(t["Key"]) for t in tags]
        for tag in tags:
            context[f"aws:requesttag/{tag['Key']}".lower()] = [str(tag["Value"])]
    return context


def _query_params(data: dict[str, Any]) -> dict[str, Any]:
    """AssumeRole parameters from moto's raw query dict (values are lists), Tags.member.N.Key/Value included."""
    first = {k: (v[0] if isinstance(v, list) and v else v) for k, v in data.items()}
    tags: dict[str, dict[str, str]] = {}
    for key, value in first.items():
        match = re.fullmatch(r"Tags\.member\.(\d+)\.(Key|Value)", key)
        if match:
            tags.setdefault(match.group(1), {})[match.group(2)] = value
    first["Tags"] = [tags[n] for n in sorted(tags, key=int) if "Key" in tags[n]]
    return first


def assume_role_actions(params: dict[str, Any]) -> list[str]:
    """Actions the trust policy must allow: sts:AssumeRole, plus SetSourceIdentity / TagSession when used (R5, R9)."""
    actions = ["sts:AssumeRole"]
    if params.get("SourceIdentity") is not None:
        actions.append("sts:SetSourceIdentity")
    if params.get("Tags"):
        actions.append("sts:TagSession")
    return actions


_ROLE_ARN = re.compile(r"arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role/.+")


def find_role(role_arn: str | None) -> Any | None:
    """The role named by RoleArn, looked up in the RoleArn's own account (exact ARN, path included)."""
    from moto.iam.exceptions import NotFoundException
    from moto.iam.models import iam_backends

    match = _ROLE_ARN.fullmatch(role_arn or "")
    if not match:
        return None
    try:
        return iam_backends[match.group(2)][match.group(1)].get_role_by_arn(role_arn)
    except NotFoundException:
        return None


# Request-specific condition keys each trust action's request context has, as AWS's Service Authorization
# Reference for STS lists them (https://docs.aws.amazon.com/service-authorization/latest/reference/
# list_awssecuritytokenservice.html): AssumeRole: aws:RequestTag/${TagKey}, aws:TagKeys, sts:ExternalId,
# sts:RoleSessionName, sts:SourceIdentity, sts:TransitiveTagKeys; TagSession: aws:RequestTag/${TagKey},
# aws:TagKeys, sts:TransitiveTagKeys; SetSourceIdentity: sts:SourceIdentity. So a statement conditioned on
# sts:ExternalId never matches TagSession or SetSourceIdentity (the key is absent for them). Global keys
# (aws:PrincipalArn, aws:CurrentTime, ...) are in every action's context.
_ACTION_REQUEST_KEYS: dict[str, tuple[str, ...]] = {
    "sts:assumerole": (
        "aws:requesttag/",
        "aws:tagkeys",
        "sts:externalid",
        "sts:rolesessionname",
        "sts:sourceidentity",
        "sts:transitivetagkeys",
    ),
    "sts:tagsession": ("aws:requesttag/", "aws:tagkeys", "sts:transitivetagkeys"),
    "sts:setsourceidentity": ("sts:sourceidentity",),
}
_REQUEST_KEYS = tuple(sorted({k for keys in _ACTION_REQUEST_KEYS.values() for k in keys}))


def action_context(action: str, context: Context) -> Context:
    """The request context `action` is authorised with: the global keys plus the request keys it documents."""
    own = _ACTION_REQUEST_KEYS.get(action.lower(), _REQUEST_KEYS)
    return {
        key: values
        for key, values in context.items()
        if not key.startswith(_REQUEST_KEYS) or key.startswith(own)
    }


def judge_trust(role: Any, caller: Caller, context: Context, actions: list[str]) -> tuple[bool, bool]:
    """(allowed, every Allow named the caller directly) for the role's trust policy, each action judged with its
    own request context (action_context)."""
    document = role.assume_role_policy_document
    document = json.loads(document) if isinstance(document, str) else document
    direct_all = True
    for action in actions:
        decision, direct = evaluate([document], action, role.arn, action_context(action, context), caller)
        if decision != ALLOW:
            return False, False
        direct_all = direct_all and direct
    return True, direct_all


def access_denied_message(caller_arn: str, action: str, resource: str) -> str:
    return f"User: {caller_arn} is not authorized to perform: {action} on resource: {resource}"


# --------------------------------------------------------------------------------------------------------------
# The patches.
# --------------------------------------------------------------------------------------------------------------


def apply() -> None:
    """Install the patches (call once, before the server handles a request)."""
    if moto.__version__ != PINNED_MOTO_VERSION:
        raise RuntimeError(f"moto_patch is written for moto {PINNED_MOTO_VERSION}, found {moto.__version__}")

    from moto.core.exceptions import AccessDeniedError, InvalidClientTokenIdError, JsonRESTError, _RESTError
    from moto.ecr.responses import ECRResponse
    from moto.iam.access_control import IAMPolicy, IAMRequestBase, S3IAMRequest
    from moto.sts.exceptions import STSValidationError
    from moto.sts.models import AssumedRole
    from moto.sts.responses import TokenResponse

    class AssumeRoleAccessDenied(AccessDeniedError):
        """STS-style AccessDenied that names the resource, as AWS does."""

        def __init__(self, caller_arn: str, action: str, resource: str):
            _RESTError.__init__(self, "AccessDenied", access_denied_message(caller_arn, action, resource))

    def deny(request: IAMRequestBase, caller_arn: str, resource: str) -> None:
        if isinstance(request, S3IAMRequest):
            request._raise_access_denied()  # moto's S3 error shapes are already right
        message = access_denied_message(caller_arn, request._action, resource)
        if request._service == "ecr":  # ECR speaks JSON: moto's XML error reaches the JS SDK as a SyntaxError
            error = JsonRESTError("AccessDeniedException", message)
            error.code = 403
            raise error
        raise AssumeRoleAccessDenied(caller_arn, request._action, resource)

    # --- 1. Identity policies, judged with conditions (runs only while auth enforcement is on). ---------------
    def check_action_permitted(self: IAMRequestBase, resource: str) -> None:
        caller = resolve_caller(self._access_key._access_key_id)
        if caller is None:  # moto found the key but we did not: should not happen
            raise RuntimeError("crossrole emulator: cannot resolve the caller of a signed request")
        if caller.key_status != "Active":  # plain moto accepts inactive keys
            self._raise_invalid_access_key("InvalidId")
        if self._action == "sts:GetCallerIdentity":  # always allowed, even under an explicit Deny (AWS)
            return

        extra: Context = {}
        params: dict[str, Any] = {}
        if self._action == "sts:AssumeRole":
            params = _query_params(self._data)
            extra = assume_role_context(params)
        elif self._service == "s3" and self._data.get("prefix"):
            extra = {"s3:prefix": [_query_params(self._data)["prefix"]]}
        context = request_context(caller, self._region, extra)
        documents = [IAMPolicy(p)._policy_json for p in self._access_key.collect_policies()]

        decision, _ = evaluate(documents, self._action, resource, context)
        if decision == DENY:
            deny(self, caller.arn, resource)
        if decision == ALLOW:
            return  # for AssumeRole the trust policy is judged by the AssumeRole handler below
        if self._action == "sts:AssumeRole":
            # R17: in the role's own account a trust policy that names the caller directly is enough.
            role = find_role(resource)
            if role is not None and role.account_id == caller.account:
                allowed, direct = judge_trust(role, caller, context, assume_role_actions(params))
                if allowed and direct:
                    return
        deny(self, caller.arn, resource)

    IAMRequestBase.check_action_permitted = check_action_permitted  # type: ignore[method-assign]

    # --- 2. AssumeRole: trust policy always judged, in the RoleArn's account. ----------------------------------
    original_assume_role = TokenResponse.assume_role

    def assume_role(self: TokenResponse) -> Any:
        if self._get_param("RoleSessionName") is None:  # plain moto: HTTP 500
            raise STSValidationError(
                "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: "
                "Member must not be null"
            )
        caller = resolve_caller(self.get_access_key())
        if caller is None:
            # AWS would reject an unknown key; without a caller the trust policy cannot be judged.
            raise InvalidClientTokenIdError()
        params = {
            name: self._get_param(name) for name in ("RoleSessionName", "ExternalId", "SourceIdentity", "Tags")
        }
        role_arn = self._get_param("RoleArn") or ""
        role = find_role(role_arn)
        context = request_context(caller, self.region, assume_role_context(params))
        if role is None or not judge_trust(role, caller, context, assume_role_actions(params))[0]:
            raise AssumeRoleAccessDenied(caller.arn, "sts:AssumeRole", role_arn)
        result = original_assume_role(self)
        result.result["Credentials"].source_identity = params["SourceIdentity"]
        return result

    TokenResponse.assume_role = assume_role  # type: ignore[method-assign]

    # --- 4. Sessions remember when they were issued (aws:TokenIssueTime). --------------------------------------
    original_init = AssumedRole.__init__

    def assumed_role_init(self: AssumedRole, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.token_issue_time = _now_iso()
        self.source_identity = None

    AssumedRole.__init__ = assumed_role_init  # type: ignore[method-assign]

    # --- 3. ECR: authorise against the repository ARN. ---------------------------------------------------------
    def ecr_resource(self: ECRResponse) -> str:
        name = self._get_param("repositoryName")
        if self._get_action() == "GetAuthorizationToken" or not name:
            return "*"
        registry = self._get_param("registryId") or self.current_account
        return f"arn:{self.partition}:ecr:{self.region}:{registry}:repository/{name}"

    ECRResponse._determine_resource = ecr_resource  # type: ignore[attr-defined]
