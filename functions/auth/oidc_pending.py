"""What the browser keeps between the two legs of single sign-on: the
``Pending`` sign-in (state, nonce, PKCE verifier, who, where to return),
signed with the portal's keys by itsdangerous (Flask's own signer) and good
for ``PENDING_SECONDS``. It carries no token; the cookie holding it is
HttpOnly and lives only under ``/api/auth/oidc/``."""
from __future__ import annotations

from functions.auth.oidc import PENDING_SECONDS, WHO, Pending
from functions.settings import Settings


def _serializer(settings: Settings):
    from itsdangerous import URLSafeTimedSerializer
    # itsdangerous takes keys oldest first and signs with the last, as Settings keeps them.
    return URLSafeTimedSerializer(list(settings.secret_keys), salt="tandem-oidc-pending")


def seal(settings: Settings, pending: Pending) -> str:
    return _serializer(settings).dumps([pending.state, pending.nonce, pending.verifier,
                                        pending.who, pending.next])


def unseal(settings: Settings, value: str | None) -> Pending | None:
    """The pending sign-in a cookie holds, or None (missing, forged, expired)."""
    from itsdangerous import BadData
    if not value:
        return None
    try:
        state, nonce, verifier, who, next_page = _serializer(settings).loads(
            value, max_age=PENDING_SECONDS)
    except (BadData, ValueError, TypeError):
        return None
    return Pending(state, nonce, verifier, who, next_page) if who in WHO else None
