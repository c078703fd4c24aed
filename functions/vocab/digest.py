"""The one way Tandem keeps a secret or a personal key it must not store as
typed: its SHA-256, in hex. Session tokens, sign-in links and invitations are
looked up by it, and rate-limit counters are keyed by it, so a leaked table
holds no token, address or IP that could be replayed or read."""
from __future__ import annotations

import hashlib


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
