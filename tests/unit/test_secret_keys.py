"""The data folder's signing keys: made once, 0600, reused, rotated with the
old ones still verifying."""
import stat

import pytest

from functions.domain import publishing
from functions.errors import UsageError
from functions.local import secret_keys
from functions.settings import Settings


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_made_once_with_mode_0600_and_reused(tmp_path):
    keys = secret_keys.load_or_create(tmp_path)
    assert len(keys) == 1 and len(keys[0]) == 64
    assert mode(tmp_path / "secret-keys") == 0o600
    assert secret_keys.load_or_create(tmp_path) == keys
    assert [p.name for p in tmp_path.iterdir()] == ["secret-keys"]  # no temporary left


def test_a_loosened_file_is_made_private_again(tmp_path):
    keys = secret_keys.load_or_create(tmp_path)
    (tmp_path / "secret-keys").chmod(0o644)
    assert secret_keys.load_or_create(tmp_path) == keys
    assert mode(tmp_path / "secret-keys") == 0o600


def test_rotation_adds_a_key_at_the_end_and_keeps_the_newest(tmp_path):
    first = secret_keys.load_or_create(tmp_path)
    second = secret_keys.rotate(tmp_path)
    assert second[0] == first[0] and len(second) == 2
    third = secret_keys.rotate(tmp_path)
    assert third[0] == second[1] and len(third) == 2
    assert secret_keys.load_or_create(tmp_path) == third
    assert mode(tmp_path / "secret-keys") == 0o600
    with pytest.raises(UsageError):
        secret_keys.rotate(tmp_path, keep=1)


def test_the_newest_key_signs_and_every_key_verifies():
    old = publishing.link_token(Settings(secret_key="old-key"), "c1", "p1")
    both = Settings(secret_key="old-key, new-key")
    assert both.secret_keys == ("old-key", "new-key")
    assert publishing.read_token(both, old) == ("c1", "p1")
    new = publishing.link_token(both, "c1", "p2")
    assert publishing.read_token(Settings(secret_key="new-key"), new) == ("c1", "p2")
