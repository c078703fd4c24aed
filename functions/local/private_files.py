"""Small secrets in the data folder: files of mode 0600, written atomically.

A reader never sees half a file, and two processes creating the same file at
once end up with one of the two contents, both then reading it.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Callable


def _temp_with(folder: Path, text: str) -> str:
    """A new file in ``folder``, mode 0600 from the start, holding ``text``, synced."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".private-")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def read(path: Path) -> str:
    """The file's text; a file others could read is made private again first."""
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, 0o600)
    return path.read_text()


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The file's text, creating it with ``make()`` if it does not exist."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_with(path.parent, make())
        try:
            os.link(tmp, path)  # never replaces a file made meanwhile: that one wins
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return read(path)


def replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` all at once (mode 0600)."""
    os.replace(_temp_with(path.parent, text), path)
