"""Makes moto 5.2.1's STS AssumeRoleWithWebIdentity judge OIDC tokens the way AWS documents it.

Plain moto 5.2.1 does not even read WebIdentityToken: any string, any role (even a missing one) gets credentials.
Patched, AssumeRoleWithWebIdentity (an unsigned call, as in AWS):

1. parses the token as a JWS compact JWT (header.payload.signature); anything else -> InvalidIdentityToken;
2. finds the IAM OIDC identity provider for the token's `iss` (https:// stripped; host + path, as IAM stores it) in
   the ROLE's account -> else InvalidIdentityToken "No OpenIDConnect provider found in your account for ISS";
3. fetches the issuer's discovery document and JWKS, as AWS does, and verifies the signature (RS256/384/512 with
   the key named by `kid`) -> IDPCommunicationError when the issuer cannot be reached, InvalidIdentityToken when
   the key is missing or the signature is wrong;
4. checks `exp` (ExpiredTokenException), `nbf` and `iat` (InvalidIdentityToken; 60 s of clock skew allowed), and
   the audience (`azp` when present, else `aud`) against the provider's client IDs -> InvalidIdentityToken
   "Incorrect token audience";
5. judges the role's trust policy with moto_patch's evaluator: a statement must name the provider's ARN as
   `Federated` principal and allow `sts:AssumeRoleWithWebIdentity`; its conditions see the keys AWS documents for
   OIDC federation: `<provider>:sub`, `:aud` (azp, else aud), `:oaud` (aud when azp is present), `:amr`, `:email`,
   and, for GitHub's issuer only, the provider-specific claims AWS STS added in 2026 (actor, actor_id,
   job_workflow_ref, repository, repository_id, workflow, ref, environment, enterprise_id); plus global keys and
   sts:RoleSessionName. A missing role or no Allow -> AccessDenied "Not authorized to perform
   sts:AssumeRoleWithWebIdentity" (HTTP 403).

Where the issuer lives. A real issuer is https://HOST (no port, a public CA certificate). The test issuer (a
TypeScript server in the harness, test/emulator/oidc-issuer.ts) listens on loopback http with a free port, so
tokens can carry the REAL issuer names (https://token.actions.githubusercontent.com, https://gitlab.example.com):
the condition keys, provider ARNs and plans are then exactly those of AWS. The harness tells the emulator where
that issuer's discovery document is served, through an emulator-only endpoint:

    POST /crossrole-test/oidc-issuers   {"issuer": "https://token.actions.githubusercontent.com",
                                         "discoveryUrl": "http://127.0.0.1:PORT"}

Only loopback http(s) discovery URLs are accepted. The route is kept until /moto-api/reset (or replaced). At every
AssumeRoleWithWebIdentity the patch fetches DISCOVERY_URL/.well-known/openid-configuration, checks that its
`issuer` is the token's issuer, then fetches its `jwks_uri` (no cache: a rotated key is seen at once).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import threading
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlparse

import moto_patch
from moto_patch import ALLOW, Caller, Context

CLOCK_SKEW_SECONDS = 60
ISSUERS_PATH = "/crossrole-test/oidc-issuers"

# Claims AWS STS exposes as condition keys for GitHub Actions' issuer (announced 2026-01, "AWS STS supports
# validation of identity provider claims"), beside the standard OIDC keys.
_STANDARD_CLAIM_KEYS = ("sub", "amr", "email")
_PROVIDER_CLAIM_KEYS: dict[str, tuple[str, ...]] = {
    "token.actions.githubusercontent.com": (
        "actor",
        "actor_id",
        "job_workflow_ref",
        "repository",
        "repository_id",
        "workflow",
        "ref",
        "environment",
        "enterprise_id",
    ),
}

_routes: dict[str, str] = {}  # issuer (no trailing slash) -> discovery base URL on loopback
_routes_lock = threading.Lock()

_HASHES = {"RS256": "SHA256", "RS384": "SHA384", "RS512": "SHA512"}


class TokenRefused(Exception):
    """A refusal with AWS's error code, message and HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def _invalid(message: str) -> TokenRefused:
    return TokenRefused("InvalidIdentityToken", message)


def _not_authorized() -> TokenRefused:
    return TokenRefused("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403)


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def parse_jwt(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """(header, claims, signing input, signature) of a JWS compact token; InvalidIdentityToken otherwise."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _invalid("The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.")
    try:
        header = json.loads(_b64url(parts[0]))
        claims = json.loads(_b64url(parts[1]))
        signature = _b64url(parts[2])
    except (ValueError, json.JSONDecodeError) as error:
        raise _invalid(f"The web identity token that was passed could not be validated by AWS: {error}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _invalid("The web identity token that was passed could not be validated by AWS: not a JWT.")
    return header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def provider_url(issuer: str) -> str:
    """IAM's form of an issuer: host + path, without https:// and trailing slash."""
    parsed = urlparse(issuer)
    return (parsed.netloc + parsed.path).rstrip("/")


def find_provider(account_id: str, partition: str, issuer: str) -> Any | None:
    from moto.iam.models import iam_backends

    arn = f"arn:{partition}:iam::{account_id}:oidc-provider/{provider_url(issuer)}"
    try:
        return iam_backends[account_id][partition].open_id_providers.get(arn)
    except KeyError:
        return None


def register_route(issuer: str, discovery_url: str) -> None:
    parsed = urlparse(discovery_url)
    if parsed.scheme not in ("http", "https") or parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("discoveryUrl must be an http(s) URL on loopback (127.0.0.1, localhost, ::1)")
    if not issuer.startswith("https://"):
        raise ValueError("issuer must be an https:// URL, as IAM requires")
    with _routes_lock:
        _routes[issuer.rstrip("/")] = discovery_url.rstrip("/")


def clear_routes() -> None:
    with _routes_lock:
        _routes.clear()


def _fetch_json(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only, see register_route)
            return json.loads(response.read(1 << 20))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise TokenRefused(
            "IDPCommunicationError",
            f"The request could not be fulfilled because the identity provider (IDP) that was asked to verify the "
            f"incoming identity token could not be reached ({url}: {error}).",
        ) from None


def issuer_keys(issuer: str) -> list[dict[str, Any]]:
    """The issuer's JWKS keys, through its discovery document (as AWS fetches them)."""
    with _routes_lock:
        base = _routes.get(issuer.rstrip("/"))
    if base is None:
        raise TokenRefused(
            "IDPCommunicationError",
            f"The request could not be fulfilled because the identity provider (IDP) that was asked to verify the "
            f"incoming identity token could not be reached (the emulator knows no route to {issuer}; register one "
            f"with POST {ISSUERS_PATH}).",
        )
    discovery = _fetch_json(f"{base}/.well-known/openid-configuration")
    if not isinstance(discovery, dict) or discovery.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise _invalid("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements")
    jwks_uri = discovery.get("jwks_uri")
    jwks = _fetch_json(_local_jwks_url(base, jwks_uri)) if isinstance(jwks_uri, str) else None
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        raise _invalid("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements")
    return [k for k in keys if isinstance(k, dict)]


def _local_jwks_url(base: str, jwks_uri: str) -> str:
    """A jwks_uri under the real issuer name is served by the same loopback server: keep its path."""
    parsed = urlparse(jwks_uri)
    if parsed.hostname in ("127.0.0.1", "localhost", "::1"):
        return jwks_uri
    return base + parsed.path + (f"?{parsed.query}" if parsed.query else "")


def verify_signature(header: dict[str, Any], signing_input: bytes, signature: bytes, keys: list[dict[str, Any]]) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers

    alg = header.get("alg")
    if alg not in _HASHES:
        raise _invalid(f"The web identity token that was passed could not be validated by AWS: unsupported alg {alg!r}.")
    kid = header.get("kid")
    candidates = [k for k in keys if k.get("kty") == "RSA" and (kid is None or k.get("kid") == kid)]
    if not candidates:
        raise _invalid("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements")
    digest = getattr(hashes, _HASHES[alg])()
    for key in candidates:
        try:
            numbers = RSAPublicNumbers(int.from_bytes(_b64url(key["e"]), "big"), int.from_bytes(_b64url(key["n"]), "big"))
            numbers.public_key().verify(signature, signing_input, padding.PKCS1v15(), digest)
            return
        except (InvalidSignature, KeyError, ValueError, TypeError):
            continue
    raise _invalid("The web identity token that was passed could not be validated by AWS: invalid signature.")


def check_times(claims: dict[str, Any], now: float) -> None:
    def number(name: str) -> float | None:
        value = claims.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _invalid(f"The web identity token that was passed could not be validated by AWS: {name} is not a number.")
        return float(value)

    exp, nbf, iat = number("exp"), number("nbf"), number("iat")
    if exp is None:
        raise _invalid("The web identity token that was passed could not be validated by AWS: no exp claim.")
    if now >= exp:
        raise TokenRefused(
            "ExpiredTokenException",
            f"Token expired: current date/time {int(now)} must be before the expiration date/time{int(exp)}",
        )
    if nbf is not None and nbf > now + CLOCK_SKEW_SECONDS:
        raise _invalid(f"The web identity token that was passed is not valid yet: current date/time {int(now)} is before nbf {int(nbf)}.")
    if iat is not None and iat > now + CLOCK_SKEW_SECONDS:
        raise _invalid(f"The web identity token that was passed could not be validated by AWS: iat {int(iat)} is in the future.")


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [moto_patch._text(v) for v in values if isinstance(v, (str, int, float, bool))]


def token_context(url: str, claims: dict[str, Any]) -> Context:
    """The `<provider>:KEY` condition keys AWS derives from an OIDC token's claims."""
    context: Context = {}
    aud = _strings(claims.get("aud"))
    if "azp" in claims:
        context[f"{url}:aud"] = _strings(claims["azp"])
        context[f"{url}:oaud"] = aud
    else:
        context[f"{url}:aud"] = aud
    host = url.split("/", 1)[0]
    for claim in _STANDARD_CLAIM_KEYS + _PROVIDER_CLAIM_KEYS.get(host, ()):
        if claim in claims:
            context[f"{url}:{claim}"] = _strings(claims[claim])
    return {k.lower(): v for k, v in context.items() if v}


def judge(role_arn: str, token: str, session_name: str | None, region: str, now: float | None = None) -> None:
    """Raise TokenRefused unless AWS would let this token assume this role."""
    role = moto_patch.find_role(role_arn)
    header, claims, signing_input, signature = parse_jwt(token)
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise _invalid("The web identity token that was passed could not be validated by AWS: no iss claim.")
    match = moto_patch._ROLE_ARN.fullmatch(role_arn)
    if match is None:
        raise _not_authorized()
    partition, account = match.group(1), match.group(2)
    provider = find_provider(account, partition, issuer)
    if provider is None:
        raise _invalid(f"No OpenIDConnect provider found in your account for {issuer}")
    verify_signature(header, signing_input, signature, issuer_keys(issuer))
    check_times(claims, dt.datetime.now(dt.timezone.utc).timestamp() if now is None else now)
    audiences = _strings(claims.get("azp")) if "azp" in claims else _strings(claims.get("aud"))
    if not any(a in provider.client_id_list for a in audiences):
        raise _invalid("Incorrect token audience")
    if role is None:
        raise _not_authorized()

    url = provider_url(issuer)
    caller = Caller(
        account=account,
        partition=partition,
        arn=provider.arn,
        principal_arn=provider.arn,
        unique_id="",
        user_id=f"{url}:{claims.get('sub', '')}",
        user_name=None,
        key_status="Active",
        token_issue_time=None,
        federated=provider.arn,
    )
    now_dt = dt.datetime.now(dt.timezone.utc)
    context: Context = {
        "aws:currenttime": [now_dt.isoformat().replace("+00:00", "Z")],
        "aws:epochtime": [str(int(now_dt.timestamp()))],
        "aws:requestedregion": [region],
        "aws:securetransport": ["false"],
        "aws:federatedprovider": [provider.arn],
        **token_context(url, claims),
    }
    if session_name is not None:
        context["sts:rolesessionname"] = [session_name]
    document = role.assume_role_policy_document
    document = json.loads(document) if isinstance(document, str) else document
    decision, _ = moto_patch.evaluate([document], "sts:AssumeRoleWithWebIdentity", role.arn, context, caller)
    if decision != ALLOW:
        raise _not_authorized()


def wsgi_middleware(app: Any) -> Any:
    """Serves the emulator-only issuer routes in front of moto's WSGI app."""

    def middleware(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != ISSUERS_PATH:
            return app(environ, start_response)

        def answer(status: str, body: dict[str, Any]) -> list[bytes]:
            payload = json.dumps(body).encode("utf-8")
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
            return [payload]

        if environ.get("REQUEST_METHOD") == "GET":
            with _routes_lock:
                return answer("200 OK", {"routes": dict(_routes)})
        if environ.get("REQUEST_METHOD") != "POST":
            return answer("405 Method Not Allowed", {"error": "GET or POST"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length) or b"{}")
            register_route(str(body["issuer"]), str(body["discoveryUrl"]))
        except (KeyError, ValueError, TypeError) as error:
            return answer("400 Bad Request", {"error": str(error)})
        return answer("200 OK", {"registered": body["issuer"]})

    return middleware


def apply() -> None:
    """Install the AssumeRoleWithWebIdentity patch (after moto_patch.apply())."""
    from moto.core.exceptions import _RESTError
    from moto.moto_api._internal.models import MotoAPIBackend
    from moto.sts.responses import TokenResponse

    class WebIdentityError(_RESTError):
        def __init__(self, refused: TokenRefused):
            super().__init__(refused.code, refused.message)
            self.code = refused.status

    original = TokenResponse.assume_role_with_web_identity

    def assume_role_with_web_identity(self: TokenResponse) -> Any:
        token = self._get_param("WebIdentityToken")
        role_arn = self._get_param("RoleArn") or ""
        try:
            if not token:
                raise TokenRefused("ValidationError", "1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null")
            judge(role_arn, token, self._get_param("RoleSessionName"), self.region)
        except TokenRefused as refused:
            raise WebIdentityError(refused) from None
        return original(self)

    TokenResponse.assume_role_with_web_identity = assume_role_with_web_identity  # type: ignore[method-assign]

    # AssumeRoleWithWebIdentity is not signed (the token is the credential), so auth enforcement must not ask
    # for a signature, as AWS does not.
    original_auth = TokenResponse._authenticate_and_authorize_normal_action

    def authenticate(self: TokenResponse, resource: str = "*") -> None:
        if self._get_action() == "AssumeRoleWithWebIdentity":
            return
        original_auth(self, resource)

    TokenResponse._authenticate_and_authorize_normal_action = authenticate  # type: ignore[method-assign]

    original_reset = MotoAPIBackend.reset

    def reset(self: MotoAPIBackend) -> None:
        clear_routes()
        original_reset(self)

    MotoAPIBackend.reset = reset  # type: ignore[method-assign]
