"""The keys that sign match links, wherever they are kept (a file under
``tandem serve``, an SSM SecureString in the cloud): oldest first, the last
one signs and every one verifies, so a rotation breaks no link sent."""
from __future__ import annotations

import secrets

from functions.errors import UsageError


def new_key() -> str:
    return secrets.token_hex(32)


def rotated(keys: list[str], keep: int = 2) -> list[str]:
    """``keys`` with a new key at the end, the newest ``keep`` in all."""
    if keep < 2:
        raise UsageError("--keep: keep at least 2 keys, or every link sent so far stops working")
    return (list(keys) + [new_key()])[-keep:]
