"""A program's colour in its e-mails: set on the program page, refused when
white text on it would be hard to read, drawn as the HTML part's header band
with the program's name (escaped); the plain-text part stays the words alone,
and the sign-in e-mail stays Tandem's."""
from __future__ import annotations

import pytest

from functions import notify
from functions.db import program_mail, programs
from functions.domain import email_colour, program_emails
from tests.api.helpers import QUESTIONS, make_cohort, mentor
from tests.api.participant_helpers import mail_app  # noqa: F401 (fixture)
from tests.conftest import admin_of, post

XRW = {"X-Requested-With": "tandem"}
PLUM = "#7a1f5c"
HOSTILE = '<script>alert(1)</script> & "Ops"'


def set_colour(client, colour, program="p1"):
    return client.put(f"/api/admin/programs/{program}/colour", json={"colour": colour}, headers=XRW)


def welcome_to(app, email="omar@example.org"):
    [msg] = [m for m in notify.outbox(app.config["TANDEM"]) if m["To"] == email]
    return msg


def test_the_colour_heads_the_html_part_with_the_name_escaped_and_the_text_stays_plain(mail_app):  # noqa: F811
    programs.create_program(HOSTILE, id="p1", questionnaire={"questions": QUESTIONS})
    make_cohort()
    admin = admin_of(mail_app)
    saved = set_colour(admin, PLUM.upper())
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["colour"] == PLUM  # stored in lower case
    assert admin.get("/api/admin/programs/p1/emails").get_json()["colour"] == PLUM

    assert post(mail_app.test_client(), "/api/cohorts/c1/enrollments", mentor()).status_code == 202
    msg = welcome_to(mail_app)
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert f'bgcolor="{PLUM}"' in html and f"background:{PLUM}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ops&quot;" in html
    assert "<script>" not in html
    # The text part is Tandem's words as they were, without markup or colour.
    expected = program_emails.compose(None, "welcome", {
        "name": "Omar Mentor", "first_name": "Omar", "program": HOSTILE, "cohort": "Spring",
        "role": "mentor", "my_mentoring_link": "http://portal.test/me.html"})[1]
    assert text.rstrip("\n") == expected.rstrip("\n")
    assert PLUM not in text and "<table" not in text

    # Sign-in is not a program's: Tandem's own plain message, no colour.
    assert post(mail_app.test_client(), "/api/sign-in", {"email": "omar@example.org"}).status_code == 202
    [link] = [m for m in notify.outbox(mail_app.config["TANDEM"]) if "sign-in" in m["Subject"]]
    assert link.get_body(("html",)) is None and PLUM not in link.get_content()


def test_without_a_colour_tandems_words_stay_plain_and_own_words_get_tandems_blue(mail_app):  # noqa: F811
    make_cohort()
    admin = admin_of(mail_app)
    assert post(mail_app.test_client(), "/api/cohorts/c1/enrollments", mentor()).status_code == 202
    assert welcome_to(mail_app).get_body(("html",)) is None
    own = {"welcome": {"subject": "Hi", "body": "Hello {{ name }}"}}
    assert f'bgcolor="{email_colour.DEFAULT}"' in program_emails.compose(
        own, "welcome", program_emails.KINDS["welcome"]["sample"])[2]
    # Back to Tandem's colour with null.
    assert set_colour(admin, PLUM).status_code == 200
    back = set_colour(admin, None)
    assert back.status_code == 200 and back.get_json()["shown"] == email_colour.DEFAULT
    assert program_mail.email_templates("p1").colour is None


@pytest.mark.parametrize("colour, words", [
    ("#ffcc00", "pick a darker colour, such as #"),   # yellow: 1.5:1
    ("#777777", "4.48:1"),                            # just under 4.5:1
    ("red", "six hexadecimal digits"),
    ("#12345", "six hexadecimal digits"),
    ("#1f4e8c; x: y", "six hexadecimal digits"),
])
def test_a_colour_white_text_cannot_be_read_on_is_refused_naming_the_field(mail_app, colour, words):  # noqa: F811
    make_cohort()
    admin = admin_of(mail_app)
    resp = set_colour(admin, colour)
    assert resp.status_code == 422 and resp.get_json()["field"] == "colour", resp.get_json()
    assert words in resp.get_json()["message"]
    assert program_mail.email_templates("p1").colour is None  # nothing written


def test_the_suggested_colour_passes_and_the_formula_matches_wcag_examples():
    # WCAG's own figures: white on black 21:1, on #767676 about 4.54:1.
    assert round(email_colour.contrast_with_white("#000000"), 1) == 21.0
    assert round(email_colour.contrast_with_white("#767676"), 2) == 4.54
    for colour in ("#ffcc00", "#00ff00", "#ff8800", "#ffffff", "#8ab4f8"):
        shade = email_colour.darker(colour)
        assert email_colour.contrast_with_white(shade) >= 4.5
        assert email_colour.check(shade) == shade


def test_the_colour_needs_an_admin_and_a_program(mail_app):  # noqa: F811
    make_cohort()
    assert set_colour(mail_app.test_client(), PLUM).status_code == 401
    admin = admin_of(mail_app)
    assert set_colour(admin, PLUM, program="nope").status_code == 404
