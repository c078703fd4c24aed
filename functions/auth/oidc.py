"""Single sign-on with the organisation's OpenID Connect provider.

The authorization code flow with PKCE (S256), ``state`` and ``nonce``, done
with Authlib (a well-kept, widely used OAuth/OIDC library) rather than
hand-written token code: its requests client builds the authorization URL
and exchanges the code (``client_secret_basic``), joserfc (Authlib's JOSE
library, which Authlib itself uses) checks the ID token's signature against
the provider's JWKS, and Authlib's ``CodeIDToken`` checks issuer, audience,
expiry, nonce and ``at_hash``.

What the browser holds between the two legs is ``Pending`` (state, nonce,
PKCE verifier, who is signing in), signed with the portal's keys and good
for ``PENDING_SECONDS`` (``oidc_pending``), in an HttpOnly cookie the API
sets; no token from the provider ever reaches the browser. Every way this can fail raises
``SignInProblem`` with one of ``PROBLEMS``, which the API turns into a page
in plain words.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from functions.settings import Settings

SCOPES = "openid email profile"
PENDING_SECONDS = 600
#: Seconds of clock difference allowed with the provider on exp/iat.
LEEWAY = 60
#: Discovery and keys are fetched once per process for this long.
METADATA_SECONDS = 3600
HTTP_TIMEOUT = 10
WHO = ("admin", "participant")
PROBLEMS = ("setup", "state", "denied", "code", "signature", "audience", "expired", "token",
            "unverified", "no_email", "provider", "not_admin", "unexpected")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class SignInProblem(Exception):
    """Single sign-on failed; ``problem`` is one of ``PROBLEMS`` (what the
    person is told), ``detail`` what the audit log keeps."""

    def __init__(self, problem: str, detail: str = "", email: str | None = None):
        assert problem in PROBLEMS, problem
        super().__init__(f"{problem}: {detail}")
        self.problem, self.detail, self.email = problem, detail[:300], email


@dataclass(frozen=True)
class Pending:
    state: str
    nonce: str
    verifier: str
    who: str
    #: The page to return to (a path of this site, ``NEXT_PAGES``).
    next: str


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in, from the checked ID token (and userinfo)."""
    subject: str
    email: str
    name: str
    claims: dict


def setup_problem(settings: Settings) -> str | None:
    """Why single sign-on cannot work with these settings, or None when it can."""
    if not settings.oidc_issuer:
        return "TANDEM_OIDC_ISSUER is not set"
    parts = urlsplit(settings.oidc_issuer)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in _LOOPBACK):
        return "TANDEM_OIDC_ISSUER must be an https URL (plain http only on loopback)"
    if not (settings.oidc_client_id and settings.oidc_client_secret):
        return "TANDEM_OIDC_CLIENT_ID and TANDEM_OIDC_CLIENT_SECRET must both be set"
    if not settings.secret_keys:
        return "no signing keys (TANDEM_SECRET_KEY) to protect the sign-in's state"
    return None


def enabled(settings: Settings) -> bool:
    return setup_problem(settings) is None


# -- the provider's metadata and keys -------------------------------------------

_CACHE: dict[str, tuple[float, dict]] = {}


def _get_json(url: str) -> dict:
    import requests  # here: the API's cold start does not pay for it
    try:
        resp = requests.get(url, timeout=HTTP_TIMEOUT)
        resp.raise_for_status()
        data = resp.json()
    except (requests.RequestException, ValueError) as exc:
        raise SignInProblem("provider", f"GET {url}: {exc}") from None
    if not isinstance(data, dict):
        raise SignInProblem("provider", f"GET {url}: not a JSON object")
    return data


def _cached(url: str, force: bool = False) -> dict:
    hit = _CACHE.get(url)
    if hit and not force and time.monotonic() - hit[0] < METADATA_SECONDS:
        return hit[1]
    data = _get_json(url)
    _CACHE[url] = (time.monotonic(), data)
    return data


def metadata(settings: Settings) -> dict:
    """The provider's discovery document (cached), checked to be its own."""
    issuer = settings.oidc_issuer.rstrip("/")
    meta = _cached(issuer + "/.well-known/openid-configuration")
    if meta.get("issuer", "").rstrip("/") != issuer:
        _CACHE.pop(issuer + "/.well-known/openid-configuration", None)
        raise SignInProblem("provider", f"the discovery document names issuer "
                                        f"{meta.get('issuer')!r}, not {issuer!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(meta.get(key), str):
            raise SignInProblem("provider", f"the discovery document has no {key}")
    return meta


def _client(settings: Settings, redirect_uri: str, token: dict | None = None):
    from authlib.integrations.requests_client import OAuth2Session
    return OAuth2Session(settings.oidc_client_id, settings.oidc_client_secret, scope=SCOPES,
                         redirect_uri=redirect_uri, code_challenge_method="S256",
                         token_endpoint_auth_method="client_secret_basic", token=token)


# -- the two legs ----------------------------------------------------------------

def begin(settings: Settings, who: str, redirect_uri: str,
          next_page: str) -> tuple[str, Pending]:
    """The provider's sign-in URL for ``who`` and what to keep until the callback."""
    from authlib.common.security import generate_token
    meta = metadata(settings)
    pending = Pending(state=generate_token(32), nonce=generate_token(32),
                      verifier=generate_token(64), who=who, next=next_page)
    url, _ = _client(settings, redirect_uri).create_authorization_url(
        meta["authorization_endpoint"], state=pending.state, nonce=pending.nonce,
        code_verifier=pending.verifier)
    return url, pending


def finish(settings: Settings, pending: Pending | None, args: dict,
           redirect_uri: str) -> Identity:
    """Check the provider's answer ``args`` against ``pending``, exchange the
    code and check the ID token; the person it names, or ``SignInProblem``."""
    if pending is None:
        raise SignInProblem("state", "no pending sign-in in this browser (or it expired)")
    if not secrets.compare_digest(str(args.get("state") or ""), pending.state):
        raise SignInProblem("state", "the state does not match this browser's sign-in")
    if args.get("error"):
        raise SignInProblem("denied", f"{args.get('error')}: {args.get('error_description', '')}")
    if not args.get("code"):
        raise SignInProblem("code", "the provider sent no code")
    meta = metadata(settings)
    if args.get("iss") and args["iss"].rstrip("/") != meta["issuer"].rstrip("/"):
        # RFC 9207: an answer from another provider (a mix-up attack).
        raise SignInProblem("token", f"the answer names issuer {args['iss']!r}")
    token = _exchange(settings, meta, args["code"], pending, redirect_uri)
    claims = check_id_token(settings, meta, token, pending.nonce)
    return _identity(settings, meta, token, claims, redirect_uri)


def _exchange(settings: Settings, meta: dict, code: str, pending: Pending,
              redirect_uri: str) -> dict:
    import requests
    from authlib.integrations.base_client.errors import OAuthError
    try:
        token = _client(settings, redirect_uri).fetch_token(
            meta["token_endpoint"], grant_type="authorization_code", code=code,
            code_verifier=pending.verifier, timeout=HTTP_TIMEOUT)
    except OAuthError as exc:
        # invalid_grant: the code was used already, expired, or is not this client's.
        raise SignInProblem("code", f"{exc.error}: {exc.description}") from None
    except (requests.RequestException, ValueError) as exc:
        raise SignInProblem("provider", f"token endpoint: {exc}") from None
    if not token.get("id_token"):
        raise SignInProblem("token", "the token answer holds no ID token")
    return dict(token)


def check_id_token(settings: Settings, meta: dict, token: dict, nonce: str) -> dict:
    """The ID token's claims once its signature (the provider's JWKS),
    issuer, audience, expiry, nonce and ``at_hash`` are checked."""
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.errors import (BadSignatureError, ExpiredTokenError, InvalidClaimError,
                                InvalidKeyIdError, JoseError, MissingClaimError)
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    algorithms = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
    # Never "none", never a MAC keyed with the client secret's public twin.
    registry = JWSRegistry(algorithms=[a for a in algorithms if a != "none"])

    def decode(force: bool):
        keys = KeySet.import_key_set(_cached(meta["jwks_uri"], force=force))
        return jwt.decode(token["id_token"], keys, registry=registry)

    try:
        try:
            decoded = decode(False)
        except (InvalidKeyIdError, BadSignatureError):
            decoded = decode(True)  # the provider may have rotated its keys since
    except BadSignatureError as exc:
        raise SignInProblem("signature", f"ID token signature: {exc}") from None
    except (JoseError, ValueError, TypeError) as exc:
        raise SignInProblem("signature", f"ID token not readable: {exc}") from None
    issuer = meta["issuer"]
    claims = CodeIDToken(decoded.claims, decoded.header,
                         {"iss": {"essential": True, "value": issuer},
                          "aud": {"essential": True, "value": settings.oidc_client_id}},
                         {"nonce": nonce, "client_id": settings.oidc_client_id,
                          "access_token": token.get("access_token")})
    try:
        claims.validate(leeway=LEEWAY)
    except ExpiredTokenError as exc:
        raise SignInProblem("expired", f"ID token: {exc}") from None
    except (InvalidClaimError, MissingClaimError) as exc:
        claim = getattr(exc, "claim", "") or str(exc)
        problem = "audience" if "aud" in claim or "azp" in claim else "token"
        raise SignInProblem(problem, f"ID token: {exc}") from None
    except (JoseError, ValueError, TypeError) as exc:
        raise SignInProblem("token", f"ID token: {exc}") from None
    return dict(claims)


def admin_claim(settings: Settings) -> tuple[str, str] | None:
    """``TANDEM_OIDC_ADMIN_CLAIM`` as (claim, value), or None."""
    raw = (settings.oidc_admin_claim or "").strip()
    if "=" not in raw:
        return None
    claim, value = raw.split("=", 1)
    return (claim.strip(), value.strip()) if claim.strip() and value.strip() else None


def carries(claims: dict, wanted: tuple[str, str] | None) -> bool:
    """Whether ``claims`` hold the admin claim: the value itself, or in a list."""
    if wanted is None:
        return False
    have = claims.get(wanted[0])
    if isinstance(have, list):
        return wanted[1] in [str(v) for v in have]
    return have is not None and str(have) == wanted[1]


def _identity(settings: Settings, meta: dict, token: dict, claims: dict,
              redirect_uri: str) -> Identity:
    wanted = admin_claim(settings)
    needed = {"email", "name"} | ({wanted[0]} if wanted else set())
    if "email_verified" not in claims and "xms_edov" not in claims:
        needed.add("email_verified")
    if needed - claims.keys() and meta.get("userinfo_endpoint"):
        # Many providers put scope claims only in userinfo (OpenID Core 5.4).
        info = _userinfo(settings, meta, token, redirect_uri)
        if info.get("sub") == claims.get("sub"):
            claims = {**info, **claims}
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise SignInProblem("no_email", "the provider gave no e-mail address")
    if not _verified(claims):
        raise SignInProblem("unverified", "email_verified is not true", email=email)
    name = str(claims.get("name") or "").strip()[:100]
    return Identity(subject=str(claims.get("sub")), email=email, name=name, claims=claims)


def _verified(claims: dict) -> bool:
    """Whether the provider vouches for the address: ``email_verified``, or
    where a provider never sends it, Microsoft Entra ID's ``xms_edov`` (the
    tenant verified it owns the address's domain; an optional claim)."""
    if "email_verified" in claims:
        return claims["email_verified"] is True
    return claims.get("xms_edov") is True


def _userinfo(settings: Settings, meta: dict, token: dict, redirect_uri: str) -> dict:
    import requests
    try:
        resp = _client(settings, redirect_uri, token=token).get(
            meta["userinfo_endpoint"], timeout=HTTP_TIMEOUT)
        resp.raise_for_status()
        data = resp.json()
    except (requests.RequestException, ValueError) as exc:
        raise SignInProblem("provider", f"userinfo: {exc}") from None
    return data if isinstance(data, dict) else {}
