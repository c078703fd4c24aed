"""Admin sessions end after an idle time as well as at their absolute end
(issue 19, finding 12), as participants' do."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from functions.auth import admin as auth
from functions.db.admins import AdminSession


def _session() -> AdminSession:
    [session] = list(AdminSession.scan())
    return session


def _set(**values) -> None:
    _session().update(actions=[getattr(AdminSession, k).set(v) if v is not None
                               else getattr(AdminSession, k).remove()
                               for k, v in values.items()])


def test_an_admin_session_ends_after_its_idle_time(admin_client):
    assert admin_client.get("/api/admin/me").status_code == 200
    _set(last_seen=datetime.now(timezone.utc) - auth.IDLE - timedelta(seconds=1))
    assert admin_client.get("/api/admin/me").status_code == 401


def test_a_request_moves_the_idle_clock(admin_client):
    almost = datetime.now(timezone.utc) - auth.IDLE + timedelta(minutes=1)
    _set(last_seen=almost)
    assert admin_client.get("/api/admin/me").status_code == 200
    assert _session().last_seen > almost + timedelta(minutes=1)
    assert admin_client.get("/api/admin/me").status_code == 200


def test_the_absolute_end_still_holds(admin_client):
    _set(expires=datetime.now(timezone.utc) - timedelta(seconds=1))
    assert admin_client.get("/api/admin/me").status_code == 401


def test_a_session_from_before_the_idle_clock_counts_from_its_start(admin_client):
    _set(last_seen=None, created_at=datetime.now(timezone.utc) - auth.IDLE - timedelta(minutes=1))
    assert admin_client.get("/api/admin/me").status_code == 401
