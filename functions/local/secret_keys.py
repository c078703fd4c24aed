"""The keys that sign match links under `tandem serve`, kept in the data folder.

``DIR/secret-keys`` holds one key per line, oldest first: the last one signs,
every one verifies, so a link made before a rotation keeps working. It is
made on first start (mode 0600, created atomically) and reused on every start
after, so links promised for 30 days survive restarts. ``TANDEM_SECRET_KEY``,
when set, wins over the file.
"""
from __future__ import annotations

import os
from pathlib import Path

from functions.errors import StoreError
from functions.local import private_files
from functions.vocab import signing_keys

FILE = "secret-keys"


def _lines(keys: list[str]) -> str:
    return "".join(f"{k}\n" for k in keys)


def load_or_create(data_dir: str | os.PathLike) -> list[str]:
    """The folder's keys, oldest first; one new key if it has none yet."""
    path = Path(data_dir) / FILE
    keys = private_files.read_or_create(path, lambda: _lines([signing_keys.new_key()])).split()
    if not keys:
        raise StoreError(f"{path} holds no key; delete it to make a new one")
    return keys


def rotate(data_dir: str | os.PathLike, keep: int = 2) -> list[str]:
    """Add a new signing key, keeping the newest ``keep`` keys in all (so
    links signed with the previous key still open). Returns the keys."""
    keys = signing_keys.rotated(load_or_create(data_dir), keep)
    private_files.replace(Path(data_dir) / FILE, _lines(keys))
    return keys
