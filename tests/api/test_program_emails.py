"""A program's e-mails in its manager's own words: saved with a check that
names the line of a broken template, previewed with sample values, reset to
Tandem's, and used for the program's real messages — escaped in the HTML
part, plain in the text part, whatever a person's name holds."""
from __future__ import annotations

import pytest

from functions import notify
from functions.domain import program_emails
from tests.api.helpers import make_cohort, mentor
from tests.api.participant_helpers import mail_app  # noqa: F401 (fixture)
from tests.conftest import admin_of, post

HOSTILE = "<script>alert(1)</script> =HYPERLINK(\"http://evil\")"


def put(client, kind, subject, body, program="p1"):
    return client.put(f"/api/admin/programs/{program}/emails/{kind}",
                      json={"subject": subject, "body": body},
                      headers={"X-Requested-With": "tandem"})


def parts(msg) -> tuple[str, str]:
    return (msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content())


def test_a_saved_welcome_is_what_a_new_mentor_gets_escaped_in_html_plain_in_text(mail_app):  # noqa: F811
    make_cohort()
    admin = admin_of(mail_app)
    saved = put(admin, "welcome", "Welcome to {{ program }}, {{ first_name }}",
                "Dear {{ name }},\n\nYou joined {{ cohort }} as a {{ role }}.\n"
                "Start here: {{ my_mentoring_link }}\n")
    assert saved.status_code == 200, saved.get_json()
    assert post(mail_app.test_client(), "/api/cohorts/c1/enrollments",
                mentor(name=HOSTILE)).status_code == 202
    [msg] = [m for m in notify.outbox(mail_app.config["TANDEM"]) if m["To"] == "omar@example.org"]
    text, html = parts(msg)
    assert msg["Subject"] == "Welcome to Test program, <script>alert(1)</script>"
    assert f"Dear {HOSTILE}," in text  # plain text: as she typed it
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;http://evil&quot;)" in html and 'href="http://evil' not in html
    assert '<a href="http://portal.test/me.html">' in html  # the link still works


@pytest.mark.parametrize("body,line,words", [
    ("Hello {{ first_name }},\n\nSee {{ link ", 3, "unexpected end of template"),
    ("Hi\n{% if reached %}\nno end", 2, "'endif'"),
    ("Hello {{ firstname }}", None, "firstname"),
    ("{{ ''.__class__.__mro__ }}", None, "not allowed"),
])
def test_a_broken_template_is_refused_naming_its_line_and_nothing_changes(
        mail_app, body, line, words):  # noqa: F811
    make_cohort()
    admin = admin_of(mail_app)
    resp = put(admin, "match", "Your match", body)
    assert resp.status_code == 422 and resp.get_json()["field"] == "body", resp.get_json()
    assert words in resp.get_json()["message"]
    if line:
        assert resp.get_json()["message"].startswith(f"body: line {line}: ")
    listed = admin.get("/api/admin/programs/p1/emails").get_json()["emails"]
    match = next(e for e in listed if e["kind"] == "match")
    assert not match["custom"] and match["body"] == program_emails.KINDS["match"]["body"]


def test_preview_reset_and_unknown_kinds(mail_app):  # noqa: F811
    make_cohort()
    admin = admin_of(mail_app)
    preview = admin.post("/api/admin/programs/p1/emails/reminder/preview",
                         json={"subject": "Check in, {{ first_name }}",
                               "body": "{{ partners }} is waiting: {{ my_mentoring_link }}"},
                         headers={"X-Requested-With": "tandem"}).get_json()
    assert preview["subject"] == "Check in, Ada"
    assert preview["text"].startswith("Grace Hopper is waiting: https://")
    assert "<h1" in preview["html"] and "Test program" in preview["html"]
    assert put(admin, "reminder", "Check in",
               "Time to check in: {{ my_mentoring_link }}").status_code == 200
    listed = {e["kind"]: e for e in admin.get("/api/admin/programs/p1/emails").get_json()["emails"]}
    assert listed["reminder"]["custom"] and listed["reminder"]["subject"] == "Check in"
    reset = admin.delete("/api/admin/programs/p1/emails/reminder", json={},
                         headers={"X-Requested-With": "tandem"})
    assert reset.status_code == 200 and reset.get_json()["custom"] is False
    listed = {e["kind"]: e for e in admin.get("/api/admin/programs/p1/emails").get_json()["emails"]}
    assert listed["reminder"]["subject"] == program_emails.KINDS["reminder"]["subject"]
    assert put(admin, "birthday", "Hi", "Hi").status_code == 404
    assert put(admin, "match", "Hi", "Hi", program="nope").status_code == 404
    assert mail_app.test_client().get("/api/admin/programs/p1/emails").status_code == 401


def test_every_default_renders_on_its_samples_as_plain_text_and_own_words_get_html():
    for kind, k in program_emails.KINDS.items():
        subject, text, html = program_emails.compose(None, kind, k["sample"])
        assert subject and "\n" not in subject and text.strip() and "{{" not in text, kind
        assert html is None  # Tandem's own words: plain text, as they always were
        program_emails.check(kind, k["subject"], k["body"])
        own = {kind: {"subject": k["subject"], "body": k["body"]}}
        assert program_emails.compose(own, kind, k["sample"])[2].startswith("<!doctype html>")
