"""Several admins: invitations by e-mail, removal (never the last, never oneself)."""
import re
import threading
from urllib.parse import quote

import pytest

from functions.db import admins
from tests.conftest import ADMIN_EMAIL, post

H = {"X-Requested-With": "tandem"}


@pytest.fixture
def outbox_settings(app, tmp_path):
    settings = app.config["TANDEM"].with_(data_dir=str(tmp_path))
    app.config["TANDEM"] = settings
    return settings


def _token(settings) -> str:
    from functions.notify import outbox
    [msg] = outbox(settings)
    return re.search(r"#invitation=(\S+)", msg.get_content()).group(1)


def test_an_invited_admin_sets_a_password_once_and_signs_in(admin_client, auth,
                                                             outbox_settings):
    resp = post(admin_client, "/api/admin/admins", {"email": "Bea@Example.org"})
    assert resp.status_code == 201 and resp.get_json()["email"] == "bea@example.org"
    listed = admin_client.get("/api/admin/admins").get_json()
    assert [i["email"] for i in listed["invitations"]] == ["bea@example.org"]
    token = _token(outbox_settings)
    from functions.db.invitations import Invitation
    [stored] = list(Invitation.scan())
    assert stored.token_hash != token and len(stored.token_hash) == 64

    auth.logout()
    body = {"token": token, "password": "bea-long-password"}
    assert post(admin_client, "/api/admin/invitations/accept", body).status_code == 201
    # The link works once.
    again = post(admin_client, "/api/admin/invitations/accept", body)
    assert again.status_code == 422 and again.get_json()["field"] == "token"
    assert auth.login("bea@example.org", "bea-long-password").status_code == 200
    emails = [a["email"] for a in admin_client.get("/api/admin/admins").get_json()["admins"]]
    assert emails == [ADMIN_EMAIL, "bea@example.org"]
    actions = [e["action"] for e in admin_client.get("/api/admin/audit").get_json()["entries"]]
    assert actions == ["admin.accept", "admin.invite"]  # newest first


def test_an_expired_or_unknown_invitation_is_refused(admin_client, outbox_settings):
    from datetime import datetime, timedelta, timezone

    from functions.db.invitations import Invitation
    post(admin_client, "/api/admin/admins", {"email": "bea@example.org"})
    token = _token(outbox_settings)
    [stored] = list(Invitation.scan())
    stored.expires = datetime.now(timezone.utc) - timedelta(minutes=1)
    stored.save()
    for t in (token, "x" * 43):
        resp = post(admin_client, "/api/admin/invitations/accept",
                    {"token": t, "password": "bea-long-password"})
        assert resp.status_code == 422 and resp.get_json()["field"] == "token"
    assert admins.get_admin("bea@example.org") is None


def test_a_short_password_keeps_the_invitation(admin_client, outbox_settings):
    post(admin_client, "/api/admin/admins", {"email": "bea@example.org"})
    token = _token(outbox_settings)
    resp = post(admin_client, "/api/admin/invitations/accept", {"token": token, "password": "x"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "password"
    resp = post(admin_client, "/api/admin/invitations/accept",
                {"token": token, "password": "long-enough-password"})
    assert resp.status_code == 201


@pytest.mark.parametrize("email", ["not-an-address", ADMIN_EMAIL])
def test_inviting_a_bad_address_or_an_admin_is_refused(admin_client, email):
    resp = post(admin_client, "/api/admin/admins", {"email": email})
    assert resp.status_code in (409, 422) and resp.get_json()["field"] == "email"


def test_removing_an_admin_ends_her_sessions(admin_client, app, auth):
    auth.create("bea@example.org")
    other = app.test_client()
    assert post(other, "/api/admin/login", {"email": "bea@example.org",
                                            "password": "a-long-test-password"}).status_code == 200
    resp = admin_client.delete(f"/api/admin/admins/{quote('bea@example.org')}", headers=H)
    assert resp.status_code == 200
    assert other.get("/api/admin/me").status_code == 401
    assert admins.get_admin("bea@example.org") is None
    [entry] = admin_client.get("/api/admin/audit").get_json()["entries"]
    assert (entry["action"], entry["object_id"]) == ("admin.remove", "bea@example.org")


def test_an_admin_cannot_remove_herself(admin_client, auth):
    auth.create("bea@example.org")
    resp = admin_client.delete(f"/api/admin/admins/{quote(ADMIN_EMAIL)}", headers=H)
    assert resp.status_code == 409 and admins.get_admin(ADMIN_EMAIL)


def test_removing_an_unknown_admin_is_404(admin_client):
    resp = admin_client.delete("/api/admin/admins/nobody%40example.org", headers=H)
    assert resp.status_code == 404


def test_the_last_admin_cannot_be_removed_even_by_two_at_once(app, auth):
    """Two admins remove each other at the same moment: one removal wins."""
    auth.create()
    auth.create("bea@example.org")
    clients = {}
    for email in (ADMIN_EMAIL, "bea@example.org"):
        c = app.test_client()
        post(c, "/api/admin/login", {"email": email, "password": "a-long-test-password"})
        clients[email] = c
    answers = []
    barrier = threading.Barrier(2)

    def remove(me, other):
        barrier.wait()
        answers.append(clients[me].delete(f"/api/admin/admins/{quote(other)}",
                                          headers=H).status_code)

    threads = [threading.Thread(target=remove, args=(ADMIN_EMAIL, "bea@example.org")),
               threading.Thread(target=remove, args=("bea@example.org", ADMIN_EMAIL))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(admins.list_admins()) == 1
    # The loser is refused by the count (409), or finds herself removed (401).
    assert sorted(answers) in ([200, 401], [200, 409])


def test_the_counter_is_made_from_an_older_store(admin_client, auth):
    from functions.db.admins import COUNTER_KEY, Admin
    auth.create("bea@example.org")
    Admin(email=COUNTER_KEY).delete()  # a store from before the counter
    assert admin_client.delete(f"/api/admin/admins/{quote('bea@example.org')}",
                               headers=H).status_code == 200
    assert Admin.get(COUNTER_KEY).count == 1


def test_the_audit_log_is_paged_newest_first_and_exports_as_csv(admin_client):
    from functions.db import audit
    for i in range(7):
        audit.record(ADMIN_EMAIL, "test.step", "thing", str(i), {"i": i})
    page = admin_client.get("/api/admin/audit?limit=3").get_json()
    seen = [e["object_id"] for e in page["entries"]]
    while page["next"]:
        page = admin_client.get(page["next"]).get_json()
        seen += [e["object_id"] for e in page["entries"]]
    assert seen == ["6", "5", "4", "3", "2", "1", "0"]
    text = admin_client.get("/api/admin/audit.csv").get_data().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "at,admin,action,object_type,object_id,detail" and len(lines) == 8
    assert lines[1].split(",")[2:5] == ["test.step", "thing", "6"]


def test_the_audit_log_is_append_only():
    """No code path updates or deletes an entry, and the API role may not."""
    import inspect

    from functions.db import audit
    source = inspect.getsource(audit)
    assert ".delete(" not in source and ".update(" not in source
    assert "does_not_exist()" in source


def test_the_last_admin_is_never_removed(tables, auth):
    from functions.errors import Conflict
    auth.create()
    with pytest.raises(Conflict, match="last admin"):
        admins.remove_admin(ADMIN_EMAIL)
    assert admins.get_admin(ADMIN_EMAIL)


def test_without_email_set_up_the_inviter_gets_the_link(admin_client, auth):
    resp = post(admin_client, "/api/admin/admins", {"email": "bea@example.org"})
    assert resp.status_code == 201 and resp.get_json()["sent"] is False
    token = resp.get_json()["link"].split("#invitation=")[1]
    auth.logout()
    assert post(admin_client, "/api/admin/invitations/accept",
                {"token": token, "password": "bea-long-password"}).status_code == 201
