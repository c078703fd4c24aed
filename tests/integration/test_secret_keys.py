"""Match links survive restarts and key rotation under `tandem serve`: the
signing keys live in the data folder (0600), the newest signs, all verify."""
import stat
import subprocess

import pytest

from functions.domain import publishing
from functions.local.demo_journal import COHORT_ID
from functions.settings import Settings
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.servers import ROOT, TANDEM, start_server
from tests.integration.helpers import call, session

pytestmark = pytest.mark.integration


def folder_keys(data_dir) -> list[str]:
    return (data_dir / "secret-keys").read_text().split()


def link(keys, participant_id: str) -> str:
    """A match link's token as the server signs it with these keys."""
    return publishing.link_token(Settings(secret_key=",".join(keys)), COHORT_ID, participant_id)


def opens(server, token: str) -> int:
    status, _ = call(session(), "POST", server.url + "/api/my-match", {"token": token})
    return status


def test_a_link_made_before_a_restart_or_a_rotation_still_opens(tmp_path, monkeypatch):
    monkeypatch.delenv("TANDEM_SECRET_KEY", raising=False)
    data = tmp_path / "data"
    server = start_server(data)
    try:
        path = data / "secret-keys"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        admin = session()
        assert call(admin, "POST", server.url + "/api/admin/login",
                    {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})[0] == 200
        status, people = call(admin, "GET",
                              f"{server.url}/api/admin/cohorts/{COHORT_ID}/participants")
        assert status == 200
        someone = (people if isinstance(people, list) else people["participants"])[0]["id"]
        first = folder_keys(data)
        assert len(first) == 1
        before = link(first, someone)
        assert opens(server, before) == 200
    finally:
        server.stop()

    again = start_server(data, demo=False)
    try:
        assert folder_keys(data) == first  # reused, not replaced
        assert opens(again, before) == 200
    finally:
        again.stop()

    rotate = subprocess.run([TANDEM, "secret-keys", "rotate", "--data", str(data)],
                            cwd=ROOT, capture_output=True, text=True)
    assert rotate.returncode == 0, rotate.stderr
    rotated = folder_keys(data)
    assert rotated[0] == first[0] and len(rotated) == 2
    assert stat.S_IMODE((data / "secret-keys").stat().st_mode) == 0o600
    third = start_server(data, demo=False)
    try:
        assert opens(third, before) == 200  # signed with the old key
        assert opens(third, link(rotated[-1:], someone)) == 200  # with the new one
        assert opens(third, link(["a-key-this-folder-never-had"], someone)) == 401
    finally:
        third.stop()
