"""Reports: the dashboard's numbers, diversity suppressed; the participant list's pages."""
from tests.api.helpers import enrolled_id, make_cohort, mentee, mentor
from tests.conftest import post


def enrol(client, n, role, gender=None):
    for i in range(n):
        body = (mentor if role == "mentor" else mentee)(
            email=f"{role}{gender}{i}@example.org", name=f"{role} {gender} {i}")
        if gender:
            body["self_id"] = {"consent": True, "gender": gender}
        assert post(client, "/api/cohorts/c1/enrollments", body).status_code == 202


def test_the_cohort_report_counts_and_suppresses(admin_client):
    make_cohort()
    enrol(admin_client, 12, "mentor", "woman")
    enrol(admin_client, 15, "mentee", "woman")
    enrol(admin_client, 11, "mentor", "man")
    enrol(admin_client, 3, "mentee", "man")
    enrol(admin_client, 10, "mentee", "nonbinary")
    report = admin_client.get("/api/admin/cohorts/c1/report").get_json()
    assert report["counts"] == {"mentor": 23, "mentee": 28}
    assert report["seats"] == 46  # every mentor offers 2
    charts = {c["id"]: c for c in report["charts"]}
    assert charts["seats"]["rows"] == [["mentor seats", 46], ["mentees", 28]]
    assert charts["enrolment"]["rows"][-1][1:] == [23, 28]
    assert charts["scores"]["rows"] and all(n == 0 for _, n in charts["scores"]["rows"])
    assert charts["unmatched"]["rows"] == []
    for c in report["charts"]:
        assert c["text"] and c["title"]

    gender = charts["diversity-gender"]["enrolled"]
    shown = {r["group"]: r["counts"] for r in gender["rows"]}
    # man/mentee is 3: hidden, and so is enough around it that nothing gives it away.
    assert shown["man"][1] is None
    for counts in [*shown.values(), gender["total"]]:
        assert all(c is None or c >= 10 for c in counts)
        assert sum(c is None for c in counts) != 1
    # "not said" has 0 people in this cohort and does not appear.
    assert set(shown) == {"man", "nonbinary", "woman"}


def test_a_chart_downloads_as_csv(admin_client):
    make_cohort()
    enrol(admin_client, 2, "mentor")
    resp = admin_client.get("/api/admin/cohorts/c1/report/seats.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.get_data().decode("utf-8-sig") == "measure,count\r\nmentor seats,4\r\nmentees,0\r\n"
    assert admin_client.get("/api/admin/cohorts/c1/report/pie.csv").status_code == 422


def test_the_program_report_adds_up_its_cohorts(admin_client):
    make_cohort()
    make_cohort(cohort_id="c2", name="Autumn")
    enrol(admin_client, 3, "mentor")
    post(admin_client, "/api/cohorts/c2/enrollments", mentee(email="z@example.org"))
    report = admin_client.get("/api/admin/programs/p1/report").get_json()
    assert report["counts"] == {"mentor": 3, "mentee": 1}
    assert sorted(report["cohorts"]) == ["c1", "c2"]


def test_unknown_cohort_report_is_404(admin_client):
    assert admin_client.get("/api/admin/cohorts/nope/report").status_code == 404


def test_participants_list_filters_and_pages(admin_client):
    make_cohort()
    enrol(admin_client, 5, "mentor")
    enrol(admin_client, 7, "mentee")
    url = "/api/admin/cohorts/c1/participants"
    everyone = admin_client.get(url).get_json()
    assert isinstance(everyone, list) and len(everyone) == 12  # fits one page: the plain list
    assert {"id", "email", "name", "role"} <= set(everyone[0])
    assert len(admin_client.get(url + "?role=mentor").get_json()) == 5
    assert [p["email"] for p in admin_client.get(url + "?q=MENTEENONE3").get_json()] == [
        "menteenone3@example.org"]
    page = admin_client.get(url + "?limit=5").get_json()
    seen = []
    while True:
        seen += page["participants"]
        if not page["next"]:
            break
        page = admin_client.get(page["next"]).get_json()
    assert [p["id"] for p in seen] == [p["id"] for p in everyone]
    assert admin_client.get(url + "?role=boss").status_code == 422


def test_a_list_of_500_is_one_page(admin_client, tables):
    from functions.db import participants
    make_cohort()
    for i in range(500):
        participants.enroll("c1", role="mentee", name=f"M{i}", email=f"m{i}@example.org",
                            answers={}, capacity=None, self_id=None)
    listed = admin_client.get("/api/admin/cohorts/c1/participants").get_json()
    assert isinstance(listed, list) and len(listed) == 500


def test_a_participant_is_viewed_edited_and_withdrawn(admin_client):
    make_cohort()
    post(admin_client, "/api/cohorts/c1/enrollments", mentor())
    pid = enrolled_id("omar@example.org")
    url = f"/api/admin/cohorts/c1/participants/{pid}"
    assert admin_client.get(url).get_json()["email"] == "omar@example.org"
    h = {"X-Requested-With": "tandem"}
    resp = admin_client.put(url, json={"capacity": 4, "answers": {
        "offers": ["sql"], "department": "Sales"}}, headers=h)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["capacity"] == 4 and resp.get_json()["answers"]["offers"] == ["sql"]
    bad = admin_client.put(url, json={"answers": {"offers": ["cooking"], "department": "Sales"}},
                           headers=h)
    assert bad.status_code == 422 and bad.get_json()["field"].startswith("answers.offers")
    assert post(admin_client, url + "/withdraw", {}).get_json()["status"] == "withdrawn"
    assert post(admin_client, url + "/withdraw", {}).status_code == 409
    listed = admin_client.get("/api/admin/cohorts/c1/participants?status=withdrawn").get_json()
    assert [p["id"] for p in listed] == [pid]
    actions = [e["action"] for e in admin_client.get("/api/admin/audit").get_json()["entries"]]
    assert actions == ["participant.withdraw", "participant.update"]
    assert admin_client.get("/api/admin/cohorts/c1/participants/nope").status_code == 404


def test_published_matches_reach_the_export_the_report_and_the_filter(admin_client):
    """Over the matching runs' storage (functions.db.runs): a published proposal."""
    import csv
    import io

    from functions.db import runs
    from functions.db.programs import Cohort
    make_cohort()
    post(admin_client, "/api/cohorts/c1/enrollments", mentor())
    post(admin_client, "/api/cohorts/c1/enrollments", mentee())
    omar, maya = enrolled_id("omar@example.org"), enrolled_id("maya@example.org")
    post(admin_client, "/api/cohorts/c1/enrollments", mentee(email="lone@example.org"))
    reasons = [{"criterion": "skills", "similarity": 1.0, "points": 60.0,
                "detail": "shares python"}]
    runs.write_proposal("r1", [{"mentee": maya, "mentor": omar, "score": 72.5,
                                "reasons": reasons}],
                        [{"mentee": "x", "reason": "no mentor shares a language (required)"}])
    Cohort.get("c1").update(actions=[Cohort.published_run.set("r1")])

    text = admin_client.get("/api/admin/cohorts/c1/matches.csv").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(text)))[1] == [
        "Maya Mentee", "maya@example.org", "Omar Mentor", "omar@example.org", "72.5",
        "skills: shares python"]
    report = admin_client.get("/api/admin/cohorts/c1/report").get_json()
    charts = {c["id"]: c for c in report["charts"]}
    assert ["60–80", 1] in charts["scores"]["rows"]
    assert charts["unmatched"]["rows"] == [["no mentor shares a language (required)", 1]]
    url = "/api/admin/cohorts/c1/participants"
    matched = admin_client.get(url + "?matched=true").get_json()
    assert sorted(p["id"] for p in matched) == sorted([maya, omar])
    # The cohort page's one pass: every row says whether its person is matched.
    marked = admin_client.get(url + "?mark_matched=1").get_json()
    assert {p["id"]: p["matched"] for p in marked} == {
        maya: True, omar: True, enrolled_id("lone@example.org"): False}
    first = admin_client.get(url + "?mark_matched=1&limit=2").get_json()
    rest = admin_client.get(first["next"]).get_json()
    assert [p["matched"] for p in first["participants"] + rest["participants"]] == [
        p["matched"] for p in marked]
    refused = admin_client.get(url + "?mark_matched=perhaps")
    assert refused.status_code == 422 and refused.get_json()["field"] == "mark_matched"


def test_why_nots_are_counted_by_kind_not_by_their_numbers(admin_client):
    """Two mentees whose reasons differ only in a number are one bar."""
    from functions.db import runs
    from functions.db.programs import Cohort
    make_cohort()
    runs.write_proposal("why-nots", [], [  # as the matcher writes them
        {"mentee": "a", "reason": "123 allowed mentors, all full", "kind": "full"},
        {"mentee": "b", "reason": "124 allowed mentors, all full", "kind": "full"},
        {"mentee": "c", "reason": "the only allowed mentor is full", "kind": "full"},
        {"mentee": "d", "reason": "best allowed score 18 is below the minimum 30",
         "kind": "below_minimum"},
        {"mentee": "e", "reason": "no mentor shares a language (required)", "kind": "required"},
        {"mentee": "f", "reason": "no mentor meets all the required criteria (language, site)",
         "kind": "required"},
        {"mentee": "g", "reason": "all mentors forbidden", "kind": "forbidden"}])
    Cohort.get("c1").update(actions=[Cohort.published_run.set("why-nots")])
    report = admin_client.get("/api/admin/cohorts/c1/report").get_json()
    chart = next(c for c in report["charts"] if c["id"] == "unmatched")
    assert chart["rows"] == [["all allowed mentors full", 3], ["fails a required criterion", 2],
                             ["below the minimum score", 1], ["every mentor forbidden", 1]]
    assert "3: all allowed mentors full" in chart["text"]
