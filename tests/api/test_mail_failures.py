"""A message that does not go (issue 19, finding 4): it is tried again, logged
and counted on the cohort for the admin, and never undoes what was done nor
turns its answer into an error."""
from __future__ import annotations

import logging
import time

import pytest

from functions import notify
from functions.db import choices as store, programs
from functions.domain import publishing
from tests.api.participant_helpers import mail_app, sign_in, world  # noqa: F401
from tests.api.choice_helpers import ask, choice, published_choice
from tests.conftest import AuthActions


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(notify, "PAUSE", 0, raising=False)


def overview(app, cohort="c1") -> dict:
    from functions.db import admins
    admin = app.test_client()
    if not admins.any_admin():
        AuthActions(admin).create()
    assert AuthActions(admin).login().status_code == 200
    return admin.get(f"/api/admin/cohorts/{cohort}/overview").get_json()


def test_a_program_name_with_a_line_break_from_before_still_reaches_everyone(mail_app):
    world()
    # Stored before names were checked; the API refuses it now.
    programs.Program(id="p1").update(actions=[programs.Program.name.set("Test\r\nprogram")],
                                     add_version_condition=False)
    settings = mail_app.config["TANDEM"]
    assert publishing.notify_published(settings, "c1") == 4
    subjects = [m["Subject"] for m in notify.outbox(settings)]
    assert len(subjects) == 4 and all(s.startswith("Test program: ") for s in subjects)
    assert overview(mail_app)["notifications"] == {"sent": 4, "failed": 0}


def test_a_failed_message_is_tried_again_logged_and_counted(mail_app, monkeypatch, caplog):
    world()
    real, tries = notify.send, []

    def flaky(settings, to, subject, text, **parts):
        tries.append(to)
        if to == "maya@example.org" or (to == "mina@example.org" and tries.count(to) == 1):
            raise RuntimeError("SES said no")
        return real(settings, to, subject, text, **parts)

    monkeypatch.setattr(notify, "send", flaky)
    settings = mail_app.config["TANDEM"]
    with caplog.at_level(logging.WARNING, logger="tandem.notify"):
        assert publishing.notify_published(settings, "c1") == 3
    assert tries.count("maya@example.org") == notify.ATTEMPTS
    assert tries.count("mina@example.org") == 2  # went on the second try
    assert sorted(m["To"] for m in notify.outbox(settings)) == [
        "mina@example.org", "omar@example.org", "sam@example.org"]
    assert any("maya@example.org not sent after 3 tries" in r.getMessage()
               for r in caplog.records)
    assert overview(mail_app)["notifications"] == {"sent": 3, "failed": 1}
    # Counts add up over jobs: a second one for the same cohort sends only
    # the message that never went, which is then no longer counted failed.
    monkeypatch.setattr(notify, "send", real)
    assert publishing.notify_published(settings, "c1") == 1
    assert sorted(m["To"] for m in notify.outbox(settings))[0] == "maya@example.org"
    assert overview(mail_app)["notifications"] == {"sent": 4, "failed": 0}


def test_a_cohort_with_no_mail_yet_shows_zero_counts(mail_app):
    world()
    assert overview(mail_app)["notifications"] == {"sent": 0, "failed": 0}


def test_a_choice_request_whose_e_mail_fails_is_stored_and_answered_201(mail_app, monkeypatch):
    w = published_choice(mail_app)
    deadline = time.monotonic() + 30
    while overview(mail_app)["notifications"]["sent"] < len(w["people"]):  # publishing's
        assert time.monotonic() < deadline, "publishing's e-mail did not go"
        time.sleep(0.1)
    mentee = sign_in(mail_app, "e0@example.org")
    first = choice(mentee).get_json()["suggestions"][0]["mentor"]

    def down(settings, to, subject, text):
        raise RuntimeError("SES is down")

    monkeypatch.setattr(notify, "send", down)
    made = ask(mentee, first["id"])
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["status"] == "requested"
    e0 = w["people"]["e0@example.org"]["id"]
    assert store.get_request("c1", e0)["status"] == "requested"
    assert choice(mentee).get_json()["request"]["status"] == "requested"
    assert overview(mail_app)["notifications"] == {"sent": len(w["people"]), "failed": 1}
