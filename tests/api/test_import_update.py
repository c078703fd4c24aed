"""Update mode of the participant import: an HR list imported again updates
the people already in the cohort and adds the new ones, all or nothing, and
never changes what a published match was made from."""
from __future__ import annotations

import pytest

from functions.db import roster as db_roster
from tests.api.manage_helpers import csv_text, import_csv, new_cohort, new_program, person
from tests.api.participant_helpers import world

COLUMNS = ["role", "name", "email", "capacity", "wants", "offers", "department", "level",
           "years", "bio"]


def update(client, cohort, body, dry_run=False):
    url_dry = "&dry_run=1" if dry_run else ""
    data = body.encode() if isinstance(body, str) else body
    return client.post(f"/api/admin/cohorts/{cohort}/participants/import?mode=update{url_dry}",
                       data=data, headers={"X-Requested-With": "tandem",
                                           "Content-Type": "text/csv"})


def listed(client, cohort) -> dict[str, dict]:
    people = client.get(f"/api/admin/cohorts/{cohort}/participants").get_json()
    return {p["email"]: p for p in people}


@pytest.fixture
def cohort(admin_client):
    cohort = new_cohort(admin_client, new_program(admin_client))
    rows = [person(1), person(2), person(3, "mentor")]
    assert import_csv(admin_client, cohort, csv_text(rows)).status_code == 200
    return cohort


def test_update_mode_previews_changes_per_person_then_updates_and_adds(admin_client, cohort):
    before = listed(admin_client, cohort)
    body = csv_text([person(1, name="Person One", department="Sales"), person(2),
                     person(3, "mentor", capacity="4"), person(4)])
    preview = update(admin_client, cohort, body, dry_run=True)
    assert preview.status_code == 200, preview.get_json()
    answer = preview.get_json()
    assert (answer["added"], answer["updated"], answer["unchanged"]) == (1, 2, 1)
    rows = {r["email"]: r for r in answer["rows"]}
    assert rows["p1@example.org"]["action"] == "update"
    assert rows["p1@example.org"]["changes"] == {
        "name": {"from": "Person 1", "to": "Person One"},
        "department": {"from": "Data", "to": "Sales"}}
    assert rows["p3@example.org"]["changes"] == {"capacity": {"from": 2, "to": 4}}
    assert rows["p2@example.org"]["action"] == "unchanged"
    assert rows["p4@example.org"]["action"] == "add"
    assert listed(admin_client, cohort) == before  # a preview writes nothing

    resp = update(admin_client, cohort, body)
    assert resp.status_code == 200, resp.get_json()
    assert (resp.get_json()["added"], resp.get_json()["updated"]) == (1, 2)
    after = listed(admin_client, cohort)
    assert after["p1@example.org"]["name"] == "Person One"
    assert after["p1@example.org"]["answers"]["department"] == "Sales"
    assert after["p1@example.org"]["id"] == before["p1@example.org"]["id"]
    assert after["p3@example.org"]["capacity"] == 4
    assert after["p2@example.org"] == before["p2@example.org"]
    assert "p4@example.org" in after
    [entry] = [e for e in admin_client.get("/api/admin/audit").get_json()["entries"]
               if e["action"] == "participants.import" and e["detail"].get("mode") == "update"]
    assert entry["detail"]["updated"] == 2


def test_a_column_the_file_leaves_out_keeps_everyones_value(admin_client, cohort):
    before = listed(admin_client, cohort)
    body = "role,name,email,job_title\nmentee,Person 1,p1@example.org,Data analyst\n"
    resp = update(admin_client, cohort, body)
    assert resp.status_code == 200, resp.get_json()
    p1 = listed(admin_client, cohort)["p1@example.org"]
    assert p1["job_title"] == "Data analyst"
    assert p1["answers"] == before["p1@example.org"]["answers"]


def test_an_update_with_a_bad_row_changes_nobody(admin_client, cohort):
    before = listed(admin_client, cohort)
    body = csv_text([person(1, name="Renamed"), person(2, role="mentor", capacity="2",
                                                       offers="python", wants="")])
    resp = update(admin_client, cohort, body)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert (error["row"], error["field"]) == (3, "role")
    assert "Person 2 is a mentee in this cohort" in error["message"]
    assert listed(admin_client, cohort) == before


def test_an_edit_racing_the_update_undoes_every_write(admin_client, cohort, monkeypatch):
    """130 people updated and 20 added in two transactions; someone edits the
    last person between the check and the writes: the first transaction's
    updates get their values back, its additions go, and the answer says who."""
    rows = [person(i) for i in range(10, 140)]
    assert import_csv(admin_client, cohort, csv_text(rows)).status_code == 200
    before = listed(admin_client, cohort)
    body = csv_text([person(i, name=f"New {i}") for i in range(10, 160)])
    real = db_roster.import_people

    def racing(cohort_id, people, statuses, updates=()):
        last = before["p139@example.org"]
        db_roster.update(cohort_id, last["id"], {"bio": "edited meanwhile"})
        return real(cohort_id, people, statuses, updates)

    monkeypatch.setattr(db_roster, "import_people", racing)
    resp = update(admin_client, cohort, body)
    assert resp.status_code == 409, resp.get_json()
    assert "p139@example.org" in resp.get_json()["message"]
    after = listed(admin_client, cohort)
    assert {e: p["name"] for e, p in after.items()} == {e: p["name"] for e, p in before.items()}
    assert after["p139@example.org"]["bio"] == "edited meanwhile"


@pytest.fixture
def published(admin_client):
    return world()  # c1 published: Omar mentors Maya and Mina; Sam unmatched


def test_someone_in_a_published_pair_keeps_her_matching_answers(admin_client, published):
    body = ("role,name,email,capacity,department,bio\n"
            "mentee,Maya Mentee,maya@example.org,,Data,\n"
            "mentee,Sam Single,sam@example.org,,Data,\n")
    resp = update(admin_client, "c1", body)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert (error["row"], error["field"]) == (2, "department")
    assert "published pair with Omar Mentor" in error["message"]
    assert "only her name, job title and bio" in error["message"]
    assert listed(admin_client, "c1")["sam@example.org"]["answers"]["department"] == "Sales"

    # Name, job title and bio may change; an unmatched person's answers too.
    body = ("role,name,email,job_title,department\n"
            "mentee,Maya M. Mentee,maya@example.org,Analyst,Sales\n"
            "mentee,Sam Single,sam@example.org,,Data\n")
    resp = update(admin_client, "c1", body)
    assert resp.status_code == 200, resp.get_json()
    people = listed(admin_client, "c1")
    assert people["maya@example.org"]["name"] == "Maya M. Mentee"
    assert people["maya@example.org"]["job_title"] == "Analyst"
    assert people["sam@example.org"]["answers"]["department"] == "Data"


def test_a_mentors_capacity_in_a_published_pair_stays(admin_client, published):
    body = "role,name,email,capacity\nmentor,Omar Mentor,omar@example.org,5\n"
    resp = update(admin_client, "c1", body, dry_run=True)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert error["field"] == "capacity" and "Maya Mentee" in error["message"]


def test_an_unknown_mode_is_refused(admin_client, cohort):
    resp = admin_client.post(f"/api/admin/cohorts/{cohort}/participants/import?mode=replace",
                             data=csv_text([person(1)]).encode(),
                             headers={"X-Requested-With": "tandem", "Content-Type": "text/csv"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "mode"


def test_someone_who_withdrew_is_not_brought_back(admin_client, cohort):
    p2 = listed(admin_client, cohort)["p2@example.org"]
    withdrawn = admin_client.post(f"/api/admin/cohorts/{cohort}/participants/{p2['id']}/withdraw",
                                  json={}, headers={"X-Requested-With": "tandem"})
    assert withdrawn.status_code == 200
    resp = update(admin_client, cohort, csv_text([person(2, name="Back again")]))
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert (error["row"], error["field"]) == (2, "email") and "withdrawn" in error["message"]
    assert listed(admin_client, cohort)["p2@example.org"]["name"] == "Person 2"
