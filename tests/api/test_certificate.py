"""A closed match's certificate of completion: both names, the program, the
goals reached, people's text escaped; 409 before the match is closed."""
from __future__ import annotations

from datetime import timedelta

from functions.vocab.dates import utc_today
from tests.api.participant_helpers import mail_app, pair, sign_in  # noqa: F401
from tests.conftest import post

XRW = {"X-Requested-With": "tandem"}
LATER = (utc_today() + timedelta(days=30)).isoformat()
CLOSURE = {"reason": "We reached our goals", "survey": {"satisfaction": 5}}


def test_the_certificate_names_both_people_the_program_and_the_goals_reached(mail_app, pair):
    url, maya, omar, _ = pair
    assert maya.get(f"{url}/certificate").status_code == 409
    reached = post(maya, f"{url}/goals", {"title": "Lead a <script>alert(1)</script> review",
                                          "target_date": LATER}).get_json()["id"]
    ms = post(maya, f"{url}/goals/{reached}/milestones", {"title": "Do it"}).get_json()["id"]
    assert maya.patch(f"{url}/goals/{reached}/milestones/{ms}", headers=XRW,
                      json={"done": True}).status_code == 200
    post(maya, f"{url}/goals", {"title": "Not reached yet", "target_date": LATER})
    assert post(maya, f"{url}/closure", CLOSURE).status_code == 201
    for client in (maya, omar):
        resp = client.get(f"{url}/certificate")
        assert resp.status_code == 200 and resp.mimetype == "text/html"
        page = resp.get_data(as_text=True)
        assert "Maya Mentee" in page and "Omar Mentor" in page and "Test program" in page
        assert "Lead a &lt;script&gt;alert(1)&lt;/script&gt; review" in page
        assert "<script>" not in page and "Not reached yet" not in page


def test_only_the_pair_gets_it(mail_app, pair):
    url, maya, _, _ = pair
    assert post(maya, f"{url}/closure", CLOSURE).status_code == 201
    mina = sign_in(mail_app, "mina@example.org")
    assert mina.get(f"{url}/certificate").status_code == 404
    assert mail_app.test_client().get(f"{url}/certificate").status_code == 401
