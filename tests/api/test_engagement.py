"""The admin's engagement report: figures from the pairs' journals, counts
and means only, answers under 10 suppressed."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from functions.db import journal
from functions.domain import engagement
from functions.vocab.dates import utc_today
from tests.api.helpers import make_cohort
from tests.api.participant_helpers import enrol, mail_app, publish, sign_in  # noqa: F401
from tests.conftest import post

TOMORROW = (utc_today() + timedelta(days=1)).isoformat()
#: "Today" for the report, so quiet pairs and months do not depend on the clock.
TODAY = date(2027, 3, 20)
URL = "/api/admin/cohorts/c1/engagement"


def patch(client, url, body):
    return client.patch(url, json=body, headers={"X-Requested-With": "tandem"})


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(engagement, "utc_today", lambda: TODAY)


def _cohort_of_four():
    """Omar mentors Maya, Mina and Mo; Olga mentors Nia: four matches,
    published 45 days ago (so a check-in is due)."""
    make_cohort()
    ids = {n: enrol("c1", "mentor", f"{n.title()} Mentor", f"{n}@example.org")
           for n in ("omar", "olga")}
    ids |= {n: enrol("c1", "mentee", f"{n.title()} Mentee", f"{n}@example.org")
            for n in ("maya", "mina", "mo", "nia")}
    publish("c1", [(ids["maya"], ids["omar"]), (ids["mina"], ids["omar"]),
                   (ids["mo"], ids["omar"]), (ids["nia"], ids["olga"])], days_ago=45)
    return ids


def _goal(client, url, title, milestones, done):
    goal = post(client, f"{url}/goals", {"title": title, "target_date": TOMORROW}).get_json()["id"]
    for i in range(milestones):
        ms = post(client, f"{url}/goals/{goal}/milestones", {"title": f"{title} step {i}"})
        assert ms.status_code == 201
        if i < done:
            tick = patch(client, f"{url}/goals/{goal}/milestones/{ms.get_json()['id']}",
                         {"done": True})
            assert tick.status_code == 200


def _meeting(client, url, day):
    body = {"date": day, "minutes": 45, "topics": ["secret-topic"], "notes": "private-note"}
    assert post(client, f"{url}/meetings", body).status_code == 201


@pytest.fixture
def journals(mail_app, admin_client):
    """The four matches' journals, written through the participant API."""
    ids = _cohort_of_four()
    m = {n: f"/api/matches/c1.{ids[n]}" for n in ("maya", "mina", "mo", "nia")}
    maya, mina, mo, omar = (sign_in(mail_app, f"{n}@example.org")
                            for n in ("maya", "mina", "mo", "omar"))
    _goal(maya, m["maya"], "Lead a review", 3, 1)   # 33%
    _goal(omar, m["maya"], "Give a talk", 2, 2)     # complete
    _goal(maya, m["maya"], "Read more", 0, 0)       # no milestones
    _goal(mina, m["mina"], "Learn SQL", 1, 0)       # 0%
    for day in ("2027-01-10", "2027-01-20", "2027-03-12"):
        _meeting(maya, m["maya"], day)
    _meeting(mina, m["mina"], "2027-01-15")
    for client, url, body in [
            (maya, m["maya"], {"satisfaction": 4, "meeting": True}),
            (omar, m["maya"], {"satisfaction": 5, "meeting": True, "flag": "worried-flag"}),
            (mina, m["mina"], {"satisfaction": 2, "meeting": False})]:
        assert post(client, f"{url}/check-ins", body).status_code == 201, body
    for client, rating in ((maya, 5), (omar, 4)):
        fb = post(client, f"{m['maya']}/feedback", {"rating": rating, "text": "feedback-text"})
        assert fb.status_code == 201
    closed = post(mo, f"{m['mo']}/closure", {"reason": "moved-teams-reason", "rematch": True,
                                             "survey": {"satisfaction": 2,
                                                        "comment": "survey-comment"}})
    assert closed.status_code == 201
    return ids


def test_the_report_counts_what_the_pairs_logged(journals, admin_client, today):
    resp = admin_client.get(URL)
    assert resp.status_code == 200
    e = resp.get_json()
    assert (e["published"], e["matches"], e["open"], e["closed"]) == (True, 4, 3, 1)
    assert e["meetings_per_month"] == [
        {"month": "2027-01", "meetings": 3, "pairs_meeting": 2, "per_pair": 0.75},
        {"month": "2027-02", "meetings": 0, "pairs_meeting": 0, "per_pair": 0},
        {"month": "2027-03", "meetings": 1, "pairs_meeting": 1, "per_pair": 0.25}]
    # Mina's last meeting was 64 days ago, Nia's pair never met and started
    # long before TODAY; Maya's met 8 days ago; Mo's match is closed.
    assert e["quiet"] == {"count": 2, "threshold_days": 30}
    assert e["goals"] == {"total": 4, "with_milestones": 3, "milestones": 6, "done": 3,
                          "progress_buckets": [
                              {"label": "0–25%", "goals": 1}, {"label": "25–50%", "goals": 1},
                              {"label": "50–75%", "goals": 0}, {"label": "75–100%", "goals": 0},
                              {"label": "complete", "goals": 1}]}
    # Three answers: every cell is under 10, so none is shown.
    assert e["check_ins"] == {"answered": 3, "not_meeting": None, "flagged": None,
                              "satisfaction": [{"score": s, "count": None} for s in range(1, 6)]}
    assert e["closures"] == {"count": 1, "rematch_asked": 1, "reasons": [
        {"reason": "asked for a new partner", "count": 1},
        {"reason": "no new partner asked", "count": 0}]}
    assert e["feedback"] == {"count": 2, "mean_rating": None}
    charts = {c["id"]: c for c in e["charts"]}
    assert set(charts) == {"meetings", "goals", "satisfaction", "closures"}
    assert charts["meetings"]["rows"][0] == ["2027-01", 3, 2, 0.75]
    assert "4 meetings logged" in charts["meetings"]["text"]


def test_no_names_ids_or_free_text_reach_the_admin(journals, admin_client, today):
    text = admin_client.get(URL).get_data(as_text=True)
    for name in ("Omar", "Maya", "Mina", "Mo Mentee", "Nia", "example.org", *journals.values(),
                 "Lead a review", "secret-topic", "private-note", "worried-flag",
                 "feedback-text", "moved-teams-reason", "survey-comment"):
        assert name not in text, name
    for chart in ("meetings", "goals", "satisfaction", "closures"):
        csv = admin_client.get(f"{URL}/{chart}.csv").get_data(as_text=True)
        assert "Maya" not in csv and "worried-flag" not in csv and "moved-teams" not in csv


def test_each_table_downloads_as_csv(journals, admin_client, today):
    resp = admin_client.get(f"{URL}/meetings.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.get_data().decode("utf-8-sig") == (
        "month,meetings,pairs meeting,per pair\r\n2027-01,3,2,0.75\r\n"
        "2027-02,0,0,0.0\r\n2027-03,1,1,0.25\r\n")
    # Suppressed cells are empty, never their count.
    assert admin_client.get(f"{URL}/satisfaction.csv").get_data().decode("utf-8-sig") == (
        "score,check-ins\r\n1,\r\n2,\r\n3,\r\n4,\r\n5,\r\n")
    bad = admin_client.get(f"{URL}/pie.csv")
    assert bad.status_code == 422 and bad.get_json()["field"] == "chart"


def test_ten_answers_alike_are_shown_and_nothing_smaller_can_be_worked_out(admin_client, today):
    make_cohort()
    mentors = [enrol("c1", "mentor", f"Mentor {i}", f"mentor{i}@example.org") for i in range(5)]
    mentees = [enrol("c1", "mentee", f"Mentee {i}", f"mentee{i}@example.org") for i in range(15)]
    publish("c1", [(e, mentors[i // 3]) for i, e in enumerate(mentees)], days_ago=45)
    # Twelve say 4 and three say 5; eleven met, one flagged.
    for i, e in enumerate(mentees):
        journal.check_in(f"c1.{e}", 0, e, {"satisfaction": 4 if i < 12 else 5,
                                           "meeting": i < 11, "flag": "x" if i == 0 else ""})
    c = admin_client.get(URL).get_json()["check_ins"]
    assert c["answered"] == 15
    assert [s["count"] for s in c["satisfaction"]] == [None, None, None, 12, None]
    # Four of 15 did not meet: under 10, so "met" (11) is withheld with it.
    assert c["not_meeting"] is None and c["flagged"] is None


def _items(scores: list[int], met: int, flagged: int) -> list[dict]:
    answers = [s for s, n in zip(range(1, 6), scores) for _ in range(n)]
    return [{"match": "c.m", "kind": "check-in", "key": f"checkin#0000#{i}",
             "data": {"satisfaction": s, "meeting": i < met, "flag": "f" if i < flagged else ""}}
            for i, s in enumerate(answers)]


@hsettings(max_examples=300, deadline=None)
@given(scores=st.lists(st.integers(0, 25), min_size=5, max_size=5), data=st.data())
def test_no_answer_cell_under_10_is_shown_or_derivable(scores, data):
    n = sum(scores)
    met = data.draw(st.integers(0, n))
    flagged = data.draw(st.integers(0, n))
    c = engagement.figures(True, {"c.m": "2027-01-01"}, _items(scores, met, flagged),
                           TODAY)["check_ins"]
    assert c["answered"] == n
    shown = [s["count"] for s in c["satisfaction"]]
    for true, cell in zip(scores, shown):
        assert cell is None or (cell == true and cell >= 10)
    # The total is published: a hidden cell with someone in it must share the
    # rest of the total with at least one other hidden cell, or it is given away.
    hidden = [true for true, cell in zip(scores, shown) if cell is None]
    assert not any(hidden) or len(hidden) >= 2
    # Met / did not meet and flagged / not: a shown count gives away the other
    # (total minus it), so both must be 10 or more.
    if c["not_meeting"] is not None:
        assert c["not_meeting"] == n - met and min(met, n - met) >= 10
    if c["flagged"] is not None:
        assert c["flagged"] == flagged and min(flagged, n - flagged) >= 10


def test_a_mean_rating_needs_ten_ratings():
    items = [{"match": "c.m", "kind": "feedback", "key": f"feedback#{i}",
              "data": {"rating": 3 + i % 2}} for i in range(10)]
    assert engagement.figures(True, {"c.m": None}, items[:9], TODAY)["feedback"] == {
        "count": 9, "mean_rating": None}
    assert engagement.figures(True, {"c.m": None}, items, TODAY)["feedback"] == {
        "count": 10, "mean_rating": 3.5}


def test_items_of_matches_not_published_are_not_counted():
    items = [{"match": "c.other", "kind": "meeting", "key": "meeting#1",
              "data": {"date": "2027-01-02", "minutes": 30}}]
    e = engagement.figures(True, {"c.m": "2027-01-01"}, items, TODAY)
    assert e["meetings_per_month"] == [] and e["quiet"]["count"] == 1


def test_quiet_pairs_follow_the_follow_up_rule():
    def meeting(match, day):
        return {"match": match, "kind": "meeting", "key": f"meeting#{match}{day}", "data": {"date": day}}
    starts = {"a": "2027-01-01", "b": "2027-01-01", "c": "2027-03-01", "d": "2027-01-01"}
    items = [meeting("a", "2027-02-18"),   # 30 days before TODAY: quiet
             meeting("b", "2027-02-19"),   # 29 days: not yet
             meeting("d", "2027-04-02")]   # a planned meeting: not quiet
    # c started 19 days ago and has not met: not quiet yet.
    assert engagement.figures(True, starts, items, TODAY)["quiet"] == {"count": 1,
                                                                       "threshold_days": 30}


def test_a_cohort_not_published_yet_is_all_zeros(admin_client):
    make_cohort()
    enrol("c1", "mentor", "Omar Mentor", "omar@example.org")
    resp = admin_client.get(URL)
    assert resp.status_code == 200
    e = resp.get_json()
    assert (e["published"], e["matches"], e["open"], e["closed"]) == (False, 0, 0, 0)
    assert e["meetings_per_month"] == [] and e["quiet"]["count"] == 0
    assert e["goals"]["total"] == 0 and e["check_ins"]["answered"] == 0
    assert e["closures"]["count"] == 0 and e["feedback"] == {"count": 0, "mean_rating": None}


def test_unknown_cohort_is_404(admin_client):
    assert admin_client.get("/api/admin/cohorts/nope/engagement").status_code == 404


def test_admins_only(client):
    make_cohort()
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/meetings.csv").status_code == 401
