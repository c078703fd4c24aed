"""Matching in the portal: versioned policy, life cycle, runs and the proposal
(publishing it: test_publishing.py)."""
from __future__ import annotations

import threading
import time

import pytest

from functions.db import participants, programs, runs
from functions.domain import matching_runs
from tests.api.helpers import engine_matches, make_cohort
from tests.api.run_helpers import POLICY, match_now, populate, put_policy
from tests.conftest import post

def test_matching_needs_an_admin(client):
    populate()
    assert post(client, "/api/admin/cohorts/c1/runs", {}).status_code == 401
    assert client.get("/api/admin/programs/p1/policy").status_code == 401
    assert client.get("/api/admin/cohorts/c1/engine-input").status_code == 401


def test_policy_saves_are_versions_and_an_old_one_can_be_restored(admin_client):
    populate()
    first = admin_client.get("/api/admin/programs/p1/policy").get_json()
    assert first["version"] == 0 and first["history"] == []
    assert put_policy(admin_client, POLICY).get_json() == {"version": 1}
    heavier = {**POLICY, "criteria": [dict(POLICY["criteria"][0], weight=80)]
               + POLICY["criteria"][1:], "version": 1}
    assert put_policy(admin_client, heavier).get_json() == {"version": 2}
    stale = put_policy(admin_client, {**POLICY, "version": 1})
    assert stale.status_code == 409 and stale.get_json()["field"] == "version"
    assert put_policy(admin_client, {"restore": 1}).get_json() == {"version": 3}
    now = admin_client.get("/api/admin/programs/p1/policy").get_json()
    assert now["version"] == 3 and now["restored_from"] == 1
    assert now["criteria"][0]["weight"] == 40
    assert [h["version"] for h in now["history"]] == [3, 2, 1]
    assert "skills weight 40 → 80" in now["history"][1]["changes"]
    assert now["history"][0]["saved_by"] == "admin@example.org"


@pytest.mark.parametrize("change, field", [
    ({"criteria": [{"name": "x", "type": "same", "field": "shoe_size", "weight": 1}]},
     "criteria[0].field"),
    ({"criteria": [dict(POLICY["criteria"][0], weight=0)]}, "criteria"),
    ({"criteria": [dict(POLICY["criteria"][0], mentor_field="wants")]},
     "criteria[0].mentor_field"),
    ({"criteria": [dict(POLICY["criteria"][2], target=0)]}, "criteria[0].target"),
    ({"min_score": 101}, "min_score"),
    ({"mode": "lottery"}, "mode"),
])
def test_a_bad_policy_is_422_naming_the_field_and_saves_nothing(admin_client, change, field):
    populate()
    resp = put_policy(admin_client, {**POLICY, **change})
    assert resp.status_code == 422 and resp.get_json()["field"] == field, resp.get_json()
    assert admin_client.get("/api/admin/programs/p1/policy").get_json()["version"] == 0


def test_life_cycle_transitions_follow_the_one_life_cycle(admin_client):
    make_cohort(status="draft")

    def patch(status):
        return admin_client.patch("/api/admin/cohorts/c1", json={"status": status},
                                  headers={"X-Requested-With": "tandem"})
    assert patch("review").status_code == 409
    assert patch("enrolling").get_json()["status"] == "enrolling"
    assert patch("matching").get_json()["status"] == "matching"
    refused = patch("published")  # nothing to publish yet
    assert refused.status_code == 409 and refused.get_json()["field"] == "status"
    assert patch("someday").status_code == 422


def test_a_run_writes_a_proposal_equal_to_tandem_match_on_the_engine_input(admin_client):
    from functions.matching import match_cohort
    populate()
    put_policy(admin_client, POLICY)
    run = match_now(admin_client)
    assert run["status"] == "complete" and run["policy_version"] == 1
    proposal = admin_client.get("/api/admin/cohorts/c1/proposal").get_json()
    assert proposal["run"] == run["run"] and proposal["policy_version"] == 1
    engine_input = admin_client.get("/api/admin/cohorts/c1/engine-input").get_json()
    expected = match_cohort(engine_input).to_dict(timing=False)
    # The page's marks ride along: nothing here is locked or forbidden.
    assert all(not m.pop("locked") and not m.pop("forbidden") for m in proposal["matches"])
    assert proposal["matches"] == expected["matches"]
    assert proposal["unmatched"] == expected["unmatched"]
    assert {k: proposal["stats"][k] for k in ("matched", "unmatched", "mean_score")} == \
        {k: expected["stats"][k] for k in ("matched", "unmatched", "mean_score")}
    ids = {p["id"] for p in participants.list_participants("c1")}
    assert {m["mentee"] for m in proposal["matches"]} <= ids
    assert proposal["matches"][0]["reasons"][0]["criterion"] == "skills"
    assert programs.get_cohort("c1")["status"] == "review"


def test_two_match_now_at_once_give_one_run(admin_client):
    populate()
    started, ids = threading.Barrier(8), []

    def ask():
        started.wait()
        run = matching_runs.start_run("c1", None, "a@example.org", dispatch=lambda r: None)
        ids.append(run["run"])
    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ids) == 8 and len(set(ids)) == 1


def test_a_run_killed_half_way_and_taken_over_gives_the_clean_proposal(admin_client, settings):
    from functions.jobs.matching import execute
    from functions.matching import match_cohort
    populate()
    run, _ = runs.start_run("c1", runs.PROPOSAL, {k: POLICY[k] for k in POLICY}, 0, "x")
    # A first worker takes the run, writes one chunk of a wrong proposal, then dies;
    # its lease (one second) runs out.
    assert runs.take_lease(run["run"], "dead-worker", 1)
    runs.write_proposal(run["run"], [{"mentee": "bogus", "mentor": "bogus"}], [])
    assert runs.take_lease(run["run"], "eager-worker", 60) is None  # lease still held
    time.sleep(1.1)
    done = execute(settings, run["run"], owner="second-worker")
    assert done["status"] == "complete"
    clean = match_cohort(matching_runs.engine_input("c1", POLICY)[0]).to_dict(timing=False)
    proposal = matching_runs.proposal("c1")
    assert (engine_matches(proposal["matches"]), proposal["unmatched"]) == \
        (clean["matches"], clean["unmatched"])
    # Delivered again after it finished: nothing changes.
    assert execute(settings, run["run"])["status"] == "complete"
    assert engine_matches(matching_runs.proposal("c1")["matches"]) == clean["matches"]


def test_a_failed_run_leaves_the_cohort_as_it_was_and_says_why(admin_client, monkeypatch):
    populate()

    def broken(cohort, **kw):
        raise RuntimeError("solver exploded")
    monkeypatch.setattr("functions.matching.match_cohort", broken)
    run = match_now(admin_client)
    assert run["status"] == "failed" and "solver exploded" in run["error"]
    cohort = programs.get_cohort("c1")
    assert cohort["status"] == "matching"
    assert programs.run_pointers("c1") == {"active": None, "proposal": None, "published": None,
                                           "waiting": []}


def test_what_if_shows_the_difference_and_leaves_the_proposal(admin_client):
    populate()
    put_policy(admin_client, POLICY)
    proposal_run = match_now(admin_client)["run"]
    department_only = {"criteria": [POLICY["criteria"][1]], "min_score": 0, "mode": "admin"}
    what_if = match_now(admin_client, what_if=department_only)
    assert what_if["kind"] == "what_if" and what_if["status"] == "complete"
    diff = what_if["diff"]
    before = admin_client.get("/api/admin/cohorts/c1/proposal").get_json()
    assert before["run"] == proposal_run
    assert diff["matched"][0] == before["stats"]["matched"]
    assert diff["pairs_changed"] == len(diff["changed_mentees"]) > 0


def test_cohort_export_reproduces_the_proposal_offline(admin_client, settings, monkeypatch,
                                                      tmp_path, capsys):
    """`tandem cohort export` then `tandem match` on the file gives the proposal."""
    import json

    from functions.cli import main
    populate()
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", settings.dynamodb_endpoint)
    monkeypatch.setenv("TANDEM_STORE_KEY", settings.store_key)
    monkeypatch.setenv("TANDEM_TABLE_PREFIX", settings.table_prefix)
    exported = tmp_path / "cohort.json"
    assert main(["cohort", "export", "c1", "-o", str(exported)]) == 0
    served = admin_client.get("/api/admin/cohorts/c1/engine-input").get_data(as_text=True)
    assert exported.read_text(encoding="utf-8") == served
    out = tmp_path / "result.json"
    assert main(["match", str(exported), "-o", str(out)]) == 0
    offline = json.loads(out.read_text())
    proposal = admin_client.get("/api/admin/cohorts/c1/proposal").get_json()
    assert offline["matches"] == engine_matches(proposal["matches"])
    assert offline["unmatched"] == proposal["unmatched"]
    assert main(["cohort", "export", "nope"]) == 2
    assert "no cohort nope" in capsys.readouterr().err


def test_locks_and_forbids_are_kept_by_the_next_run(admin_client):
    populate()
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    first = admin_client.get("/api/admin/cohorts/c1/proposal").get_json()
    proposed = first["matches"][0]
    mentors = [p["id"] for p in participants.list_participants("c1") if p["role"] == "mentor"]
    # Move the second proposed mentee to a mentor the optimum did not give her.
    other = first["matches"][1]
    new_mentor = next(m for m in mentors if m != other["mentor"])

    def adjust(**body):
        return post(admin_client, "/api/admin/cohorts/c1/adjustments", body)
    assert adjust(kind="forbid", mentee=proposed["mentee"], mentor=proposed["mentor"]).status_code == 200
    assert adjust(kind="lock", mentee=other["mentee"], mentor=new_mentor).status_code == 200
    twice = adjust(kind="lock", mentee=other["mentee"],
                   mentor=next(m for m in mentors if m != new_mentor))
    assert twice.status_code == 409 and twice.get_json()["field"] == "mentee"
    wrong = adjust(kind="lock", mentee=proposed["mentor"], mentor=new_mentor)
    assert wrong.status_code == 422 and wrong.get_json()["field"] == "mentee"
    engine = admin_client.get("/api/admin/cohorts/c1/engine-input").get_json()
    assert engine["forbid"] == [[proposed["mentee"], proposed["mentor"]]]
    assert engine["require"] == [[other["mentee"], new_mentor]]
    match_now(admin_client)
    after = {m["mentee"]: m["mentor"] for m in
             admin_client.get("/api/admin/cohorts/c1/proposal").get_json()["matches"]}
    assert after[other["mentee"]] == new_mentor
    assert after.get(proposed["mentee"]) != proposed["mentor"]
    assert adjust(kind="forbid", mentee=proposed["mentee"], mentor=proposed["mentor"],
                  remove=True).status_code == 200
    assert [a["kind"] for a in admin_client.get(
        "/api/admin/cohorts/c1/adjustments").get_json()] == ["lock"]


def test_equity_audit_of_the_proposal_shows_no_small_cell(admin_client):
    populate(mentors=6, mentees=30)
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    audit = admin_client.get("/api/admin/cohorts/c1/equity").get_json()
    gender = next(a for a in audit["attributes"] if a["attribute"] == "gender")
    assert [r["group"] for r in gender["rows"]] == ["x", "not said"]
    shown = [v for r in gender["rows"] for v in r["counts"]] + gender["total"]
    assert all(v is None or v >= 10 for v in shown) and None in shown
    assert gender["total"][2] == 30  # every mentee counted once
    assert "e1@example.org" not in str(audit)


def test_matching_actions_land_in_the_audit_log_and_withdrawn_people_are_not_matched(
        admin_client):
    from functions.db import roster
    populate()
    withdrawn = next(p for p in participants.list_participants("c1") if p["role"] == "mentee")
    roster.withdraw("c1", withdrawn["id"])
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    engine = admin_client.get("/api/admin/cohorts/c1/engine-input").get_json()
    assert withdrawn["id"] not in {m["id"] for m in engine["mentees"]}
    assert post(admin_client, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    actions = [e["action"] for e in admin_client.get("/api/admin/audit").get_json()["entries"]]
    assert actions[:3] == ["cohort.publish", "run.start", "policy.save"]


def test_a_cohort_whose_questionnaire_asks_nothing_cannot_open(admin_client):
    programs.create_program("Empty", id="p2", questionnaire={"questions": []})
    make_cohort("draft", "c2", "p2", "Nothing to ask")
    resp = admin_client.patch("/api/admin/cohorts/c2", json={"status": "enrolling"},
                              headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 422 and resp.get_json()["field"] == "questionnaire"
    assert programs.get_cohort("c2")["status"] == "draft"
