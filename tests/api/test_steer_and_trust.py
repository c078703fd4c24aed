"""What a program manager publishes is what she asked for: adjustments are
binding (a proposal older than them is stale and cannot be published),
publishing is idempotent, a draft may go straight to matching, refusals name
the cohort, and a published cohort carries on with a waiting list."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from functions import notify
from functions.db import participants, programs
from functions.domain import matching_runs
from tests.api.run_helpers import (  # noqa: F401  (mail_client is a fixture)
    POLICY, mail_client, match_now, populate, put_policy,
)
from tests.api.helpers import make_cohort
from tests.conftest import post


def proposal(client, cohort="c1"):
    return client.get(f"/api/admin/cohorts/{cohort}/proposal").get_json()


def adjust(client, kind, mentee, mentor, **more):
    return post(client, "/api/admin/cohorts/c1/adjustments",
                {"kind": kind, "mentee": mentee, "mentor": mentor, **more})


def publish(client, cohort="c1"):
    return post(client, f"/api/admin/cohorts/{cohort}/publish", {})


def outbox_settles(settings, seconds=3.0):
    """The outbox once no new message has come for a while (the worker sends
    after the answer), so a test can count messages that must not come."""
    seen, quiet = -1, time.monotonic() + seconds
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        mail = notify.outbox(settings)
        if len(mail) != seen:
            seen, quiet = len(mail), time.monotonic() + seconds
        elif time.monotonic() > quiet:
            return mail
        time.sleep(0.1)
    return notify.outbox(settings)


def names():
    return {p["id"]: p["name"] for p in participants.list_participants("c1")}


def test_a_draft_cohort_goes_straight_to_matching(admin_client):
    make_cohort(status="draft")
    resp = admin_client.patch("/api/admin/cohorts/c1", json={"status": "matching"},
                              headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "matching"


def test_refusals_name_the_cohort_and_the_next_possible_step(admin_client):
    make_cohort(status="enrolling", name="Spring 2027")
    resp = post(admin_client, "/api/admin/cohorts/c1/runs", {})
    body = resp.get_json()
    assert resp.status_code == 409
    assert body["message"].startswith("Spring 2027 is open for enrolment")
    assert "close enrolment" in body["message"] and "c1" not in body["message"]
    back = admin_client.patch("/api/admin/cohorts/c1", json={"status": "draft"},
                              headers={"X-Requested-With": "tandem"})
    assert back.status_code == 409 and "Spring 2027" in back.get_json()["message"]
    waiting = post(admin_client, "/api/admin/cohorts/c1/runs", {"waiting": True})
    assert waiting.status_code == 409 and "Spring 2027" in waiting.get_json()["message"]


def test_a_forbidden_pair_is_never_published(mail_client):
    client, settings = mail_client
    populate()
    put_policy(client, POLICY)
    match_now(client)
    first = proposal(client)
    assert first["stale"] is False
    pair = first["matches"][0]
    assert adjust(client, "forbid", pair["mentee"], pair["mentor"]).status_code == 200

    stale = proposal(client)
    assert stale["stale"] is True and "forbidden" in stale["stale_reason"]
    # The page's proposal is sent as kept per process: it is the one built now.
    assert proposal(client) == stale == matching_runs.proposal("c1")
    [row] = [m for m in stale["matches"] if m["mentee"] == pair["mentee"]]
    assert row["forbidden"] is True and row["locked"] is False
    refused = publish(client)
    assert refused.status_code == 409
    assert "Match again" in refused.get_json()["message"]
    assert programs.get_cohort("c1")["status"] == "review"
    assert programs.run_pointers("c1")["published"] is None
    assert notify.outbox(settings) == []

    match_now(client)
    fresh = proposal(client)
    assert fresh["stale"] is False
    assert (pair["mentee"], pair["mentor"]) not in {(m["mentee"], m["mentor"])
                                                    for m in fresh["matches"]}
    assert publish(client).status_code == 200
    csv_text = client.get("/api/admin/cohorts/c1/matches.csv").get_data(as_text=True)
    who = names()
    assert not any(who[pair["mentee"]] in line and who[pair["mentor"]] in line
                   for line in csv_text.splitlines())
    assert who[pair["mentee"]] in csv_text or any(
        u["mentee"] == pair["mentee"] for u in fresh["unmatched"])


def test_a_locked_pair_is_marked_and_always_published(admin_client):
    populate()
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    first = proposal(admin_client)
    # Lock a mentee to a mentor she was not given, then undo a forbid: each is stale.
    pair = first["matches"][0]
    other = next(m["mentor"] for m in first["matches"] if m["mentor"] != pair["mentor"])
    assert adjust(admin_client, "lock", pair["mentee"], other).status_code == 200
    assert proposal(admin_client)["stale"] is True
    match_now(admin_client)
    locked = proposal(admin_client)
    assert locked["stale"] is False
    [row] = [m for m in locked["matches"] if m["mentee"] == pair["mentee"]]
    assert row["mentor"] == other and row["locked"] is True
    assert sum(m["locked"] for m in locked["matches"]) == 1
    # Undoing an adjustment makes the proposal stale too.
    assert adjust(admin_client, "lock", pair["mentee"], other, remove=True).status_code == 200
    assert proposal(admin_client)["stale"] is True
    assert publish(admin_client).status_code == 409


def test_a_policy_saved_after_the_proposal_makes_it_stale(admin_client):
    populate()
    put_policy(admin_client, POLICY)
    match_now(admin_client)
    put_policy(admin_client, {**POLICY, "min_score": 10})
    stale = proposal(admin_client)
    assert stale["stale"] is True and "policy version 1" in stale["stale_reason"]
    assert publish(admin_client).status_code == 409


def test_ten_publishes_at_once_all_succeed_and_each_person_is_told_once(mail_client):
    client, settings = mail_client
    populate()
    put_policy(client, POLICY)
    run = match_now(client)
    from functions.auth.admin import COOKIE_NAME
    session = client.get_cookie(COOKIE_NAME, path="/api/").value

    def one(_):  # ten tabs of the same signed-in admin
        tab = client.application.test_client()
        tab.set_cookie(COOKIE_NAME, session, path="/api/")
        return publish(tab)
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(one, range(10)))
    assert [a.status_code for a in answers] == [200] * 10
    assert {(a.get_json()["run"], a.get_json()["status"]) for a in answers} == \
        {(run["run"], "published")}
    again = publish(client)
    assert again.status_code == 200 and again.get_json()["run"] == run["run"]
    people = participants.list_participants("c1")
    mail = outbox_settles(settings)
    assert sorted(m["To"] for m in mail) == sorted(p["email"] for p in people)


def import_people(client, rows, cohort="c1"):
    header = "role,name,email,capacity,wants,offers,department,level"
    body = "\n".join([header, *rows]) + "\n"
    return client.post(f"/api/admin/cohorts/{cohort}/participants/import",
                       data=body.encode(), content_type="text/csv",
                       headers={"X-Requested-With": "tandem"})


def test_the_waiting_list_is_matched_against_free_seats_keeping_published_pairs(mail_client):
    client, settings = mail_client
    populate(mentors=4, mentees=9)  # 6 seats for 9 mentees: 3 wait
    put_policy(client, POLICY)
    match_now(client)
    assert publish(client).status_code == 200
    first_mail = outbox_settles(settings)
    published = proposal(client)
    old = {(m["mentee"], m["mentor"]) for m in published["matches"]}
    assert len(old) == 6 and len(published["unmatched"]) == 3
    # The unmatched are told they wait, and what happens next.
    waiting_mail = [m for m in first_mail if "waiting list" in m["Subject"]]
    assert len(waiting_mail) == 3 and "need not do anything" in waiting_mail[0].get_content()

    overview = client.get("/api/admin/cohorts/c1/overview").get_json()
    assert overview["waiting"] == 3
    # New mentors and a mentee arrive after publishing: an import adds them.
    resp = import_people(client, [
        "mentor,Nia New,nia@example.org,2,,python;sql;leadership,Data,5",
        "mentor,Ole New,ole@example.org,1,,python;sql;leadership,Sales,5",
        "mentee,Pia Late,pia@example.org,,python,,Sales,1"])
    assert resp.status_code == 200, resp.get_json()
    run = match_now(client, waiting=True)
    assert run["status"] == "complete" and run["kind"] == "waiting"
    waiting = proposal(client)
    assert waiting["kind"] == "waiting" and waiting["published"] is False
    new = {(m["mentee"], m["mentor"]) for m in waiting["matches"]}
    matched_before = {e for e, _ in old}
    assert new and not {e for e, _ in new} & matched_before  # only waiting mentees
    people = {p["id"]: p for p in participants.list_participants("c1")}
    seats = {pid: p["capacity"] for pid, p in people.items() if p["role"] == "mentor"}
    load = {}
    for _, mentor in old | new:
        load[mentor] = load.get(mentor, 0) + 1
    assert all(load[m] <= seats[m] for m in load)  # never over a mentor's seats
    # Four wait (three left over and Pia); the old mentors are full and the
    # new ones bring three seats (Nia 2, Ole 1), and every pair is allowed.
    assert len(new) == 3 and len(waiting["unmatched"]) == 1

    assert publish(client).status_code == 200
    assert client.get("/api/admin/cohorts/c1/overview").get_json()["waiting"] == 1
    # The review now shows the cohort as published: every pair, old and new,
    # and the one still waiting.
    shown = proposal(client)
    assert shown["published"] is True and shown["stale"] is False
    assert {(m["mentee"], m["mentor"]) for m in shown["matches"]} == old | new
    assert [u["mentee"] for u in shown["unmatched"]] == [u["mentee"] for u in waiting["unmatched"]]
    assert (shown["stats"]["matched"], shown["stats"]["unmatched"]) == (len(old | new), 1)
    mail = outbox_settles(settings)
    told = sorted(m["To"] for m in mail)
    for m in first_mail:
        told.remove(m["To"])
    assert sorted(told) == sorted({people[pid]["email"] for pair in new for pid in pair})
    after = client.get("/api/admin/cohorts/c1/matches.csv").get_data(as_text=True)
    assert len([line for line in after.splitlines()[1:] if line.strip()]) == len(old | new)
    assert publish(client).status_code == 200  # a repeat changes nothing
    assert len(outbox_settles(settings, 1.0)) == len(mail)


def test_a_scale_that_outgrows_its_criterion_is_flagged_on_the_policy(admin_client):
    made = post(admin_client, "/api/admin/programs", {"name": "Engineering mentoring",
                                                      "type": "one_to_one"})
    program = made.get_json()["id"]
    url = f"/api/admin/programs/{program}"
    policy = admin_client.get(f"{url}/policy").get_json()
    assert policy["warnings"] == []  # the default level (1–6) with target 2 is fine
    questions = admin_client.get(url).get_json()["questionnaire"]["questions"]
    years = [dict(q, label="Years of experience", type="number", min=0, max=45)
             if q["id"] == "level" else q for q in questions]
    resp = admin_client.put(url, json={"questionnaire": {"questions": years}},
                            headers={"X-Requested-With": "tandem"})
    assert resp.status_code == 200, resp.get_json()
    [flag] = admin_client.get(f"{url}/policy").get_json()["warnings"]
    assert flag["criterion"] == "level" and flag["question"] == "level"
    assert "Years of experience" in flag["message"] and "0–45" in flag["message"]
    assert "raise its target" in flag["message"]
    # She may keep it as it is: the flag goes, and a later edit keeps it gone…
    body = {"criteria": policy["criteria"], "min_score": 0, "confirmed": [flag["key"]]}
    assert put_policy(admin_client, body, program=program).status_code == 200
    assert admin_client.get(f"{url}/policy").get_json()["warnings"] == []
    assert put_policy(admin_client, {"criteria": policy["criteria"], "min_score": 5},
                      program=program).status_code == 200
    assert admin_client.get(f"{url}/policy").get_json()["warnings"] == []
    # …until the question changes again: a new scale is flagged anew.
    decades = [dict(q, max=60) if q["id"] == "level" else q for q in years]
    version = admin_client.get(url).get_json()["version"]
    assert admin_client.put(url, json={"questionnaire": {"questions": decades},
                                       "version": version},
                            headers={"X-Requested-With": "tandem"}).status_code == 200
    assert len(admin_client.get(f"{url}/policy").get_json()["warnings"]) == 1
    # Raising the target to fit the new scale clears the flag.
    fixed = [dict(c, target=9) if c["name"] == "level" else c for c in policy["criteria"]]
    assert put_policy(admin_client, {"criteria": fixed, "min_score": 0, "mode": "admin"},
                      program=program).status_code == 200
    assert admin_client.get(f"{url}/policy").get_json()["warnings"] == []


def test_a_choice_program_is_matched_by_choice_without_a_saved_policy(admin_client):
    """The program's matching mode is the one source: never a default of 'admin'."""
    made = post(admin_client, "/api/admin/programs", {"name": "Peer choice",
                                                      "type": "one_to_one",
                                                      "matching_mode": "choice"})
    program = made.get_json()["id"]
    assert admin_client.get(f"/api/admin/programs/{program}/policy").get_json()["mode"] == \
        "choice"
    cohort = post(admin_client, f"/api/admin/programs/{program}/cohorts",
                  {"name": "Autumn"}).get_json()["id"]
    assert admin_client.patch(f"/api/admin/cohorts/{cohort}", json={"status": "matching"},
                              headers={"X-Requested-With": "tandem"}).status_code == 200
    run = match_now(admin_client, cohort)
    from functions.db import runs
    assert runs.policy_of(run["run"])["mode"] == "choice"
    # A save that does not name the mode keeps the program's; one that does sets it.
    policy = admin_client.get(f"/api/admin/programs/{program}/policy").get_json()
    body = {"criteria": policy["criteria"], "min_score": 5}
    assert put_policy(admin_client, body, program=program).status_code == 200
    assert admin_client.get(f"/api/admin/programs/{program}/policy").get_json()["mode"] == \
        "choice"
    assert put_policy(admin_client, dict(body, mode="admin"),
                      program=program).status_code == 200
    assert admin_client.get(f"/api/admin/programs/{program}").get_json()["matching_mode"] == \
        "admin"
