"""AWS faults injected through botocore (issue 19): throttled and cancelled
DynamoDB calls and the matcher Lambda not starting (SES: test_faults_mail.py).

The API answers 503 with Retry-After and a JSON error, never 500; nothing is
left half-written; a matching run interrupted by a fault resumes to the same
proposal.
The faults come from ``tests.faults`` (a ``before-call`` hook: what the caller
meets once botocore's own retries are spent), seeded, so every run injects
the same ones.
"""
from __future__ import annotations

import time

import pytest

from functions.db import participants, programs, runs
from functions.db.participants import SelfIdentification
from functions.domain import matching_runs
from tests.api.helpers import engine_matches, make_cohort, mentee
from tests.api.run_helpers import POLICY, populate, put_policy, wait_for
from tests.conftest import admin_on, post
from tests.faults import faults  # noqa: F401 (fixture)

NOTHING_SAVED = "nothing was saved"


def assert_unavailable(resp, saved: str = NOTHING_SAVED):
    """503, Retry-After in seconds, the one JSON error shape."""
    assert resp.status_code == 503, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert int(resp.headers["Retry-After"]) >= 1
    body = resp.get_json()
    assert body["error"] == "unavailable", body
    assert saved in body["message"], body
    return body


# -- DynamoDB ------------------------------------------------------------------

def enrolled(resp) -> bool:
    """Enrolment answers 202 "check your e-mail" (201 before it did), whether
    the address was new or not: the store says which."""
    return resp.status_code in (201, 202)


@pytest.fixture
def enrol_client(tables, settings, monkeypatch):
    """No rate limit in the way of the retries these tests make."""
    from functions.app import create_app
    from functions.domain import enrolment
    monkeypatch.setattr(enrolment, "PER_ADDRESS", 1000, raising=False)
    return create_app(settings.with_(enrol_per_client=1000)).test_client()


def test_enrolment_under_throttling_is_503_and_a_retry_saves_exactly_one_record(
        enrol_client, faults):
    make_cohort()
    # Half the enrolment transactions and a third of the cohort reads are refused
    # for load, as DynamoDB does when a table's partition runs hot.
    writes = faults.fail("dynamodb", "TransactWriteItems", "ThrottlingException", share=0.5)
    reads = faults.fail("dynamodb", "GetItem", "ProvisionedThroughputExceededException",
                        share=0.3, table="cohorts")
    people = [mentee(name=f"Mentee {i}", email=f"e{i}@example.org") for i in range(8)]
    tries = {}
    for body in people:
        for attempt in range(1, 20):
            resp = post(enrol_client, "/api/cohorts/c1/enrollments", body)
            if enrolled(resp):
                break
            assert_unavailable(resp)  # nothing was saved, so a plain retry is safe
        tries[body["email"]] = attempt
    assert writes.fired and reads.fired, "no fault was injected: the test proves nothing"
    assert max(tries.values()) > 1
    faults.clear()
    stored = participants.list_participants("c1")
    assert sorted(p["email"] for p in stored) == sorted(b["email"] for b in people)
    # Sent again after it went through: still one record.
    assert enrolled(post(enrol_client, "/api/cohorts/c1/enrollments", people[0]))
    assert len(participants.list_participants("c1")) == len(people)


def test_a_transaction_cancelled_part_way_leaves_no_partial_record(enrol_client, faults):
    make_cohort()
    body = mentee(self_id={"consent": True, "gender": "woman"})
    # Three items: the cohort check, the participant, her self-identification;
    # DynamoDB cancels the whole transaction when one of them is throttled.
    cancel = faults.fail("dynamodb", "TransactWriteItems", "TransactionCanceledException",
                         reasons=["None", "None", "ThrottlingError"])
    resp = post(enrol_client, "/api/cohorts/c1/enrollments", body)
    assert_unavailable(resp)
    assert cancel.fired >= 2  # tried again before giving up
    assert participants.list_participants("c1") == []
    assert list(SelfIdentification.query("c1")) == []
    # A cancellation that passes is tried again inside the request: one answer, one record.
    faults.clear()
    faults.fail("dynamodb", "TransactWriteItems", "TransactionCanceledException",
                reasons=["None", "ProvisionedThroughputExceeded", "None"], times=2)
    made = post(enrol_client, "/api/cohorts/c1/enrollments", body)
    assert enrolled(made), made.get_json()
    [person] = participants.list_participants("c1")
    [record] = SelfIdentification.query("c1")
    assert person["id"] == record.participant_id


def test_a_transaction_refused_for_its_own_condition_is_not_a_503(enrol_client, faults):
    """Only load is a 503: a real condition failure among the reasons keeps its
    meaning (the address is taken), and nothing is written twice."""
    make_cohort()
    assert enrolled(post(enrol_client, "/api/cohorts/c1/enrollments", mentee()))
    cancel = faults.fail("dynamodb", "TransactWriteItems", "TransactionCanceledException",
                         reasons=["None", "ConditionalCheckFailed", "None"], times=1)
    resp = post(enrol_client, "/api/cohorts/c1/enrollments", mentee())
    assert cancel.fired == 1
    assert resp.status_code != 503 and resp.status_code < 500, resp.get_json()
    assert len(participants.list_participants("c1")) == 1


def test_throttled_reads_are_503_for_the_public_and_the_admin(admin_client, faults):
    make_cohort()
    faults.fail("dynamodb", "GetItem", "ThrottlingException", table="cohorts")
    faults.fail("dynamodb", "Query", "ProvisionedThroughputExceededException",
                table="participants")
    faults.fail("dynamodb", "Scan", "RequestLimitExceeded")
    faults.fail("dynamodb", "Query", "ProvisionedThroughputExceededException", table="cohorts")
    for url in ("/api/cohorts", "/api/cohorts/c1", "/api/admin/cohorts/c1/participants"):
        body = assert_unavailable(admin_client.get(url), saved="try again")
        assert "may or may not" not in body["message"]
    faults.clear()
    assert admin_client.get("/api/cohorts/c1").status_code == 200


def test_a_store_error_that_is_not_load_stays_a_500(admin_client, faults):
    """A 503 promises a retry will do; a validation error never will."""
    make_cohort()
    faults.fail("dynamodb", "GetItem", "ValidationException", table="cohorts")
    resp = admin_client.get("/api/cohorts/c1")
    assert resp.status_code == 500 and "Retry-After" not in resp.headers


def test_a_write_that_fails_after_another_went_through_does_not_say_nothing_was_saved(
        admin_client, faults):
    """Starting a run writes the run, then claims the cohort's slot: throttled
    on the second write, the first is undone, and the answer says so."""
    populate()
    put_policy(admin_client, POLICY)
    faults.fail("dynamodb", "UpdateItem", "ThrottlingException", table="cohorts", times=1)
    resp = post(admin_client, "/api/admin/cohorts/c1/runs", {})
    assert_unavailable(resp)
    assert runs.runs_of("c1") == []  # no run left "queued" that nobody will ever do
    assert programs.run_pointers("c1")["active"] is None
    started = post(admin_client, "/api/admin/cohorts/c1/runs", {})
    assert started.status_code == 202
    assert wait_for(admin_client, started.get_json()["run"])["status"] == "complete"


# -- The matcher Lambda ----------------------------------------------------------

def test_a_run_whose_lambda_invoke_fails_is_503_and_not_left_queued(faults, settings):
    from functions.jobs.matching import execute
    client, cloud = admin_on(settings, matcher_function="tandem-test-matcher")
    populate()
    put_policy(client, POLICY)
    invoked = []
    faults.stub("lambda", "Invoke", lambda payload: invoked.append(payload) or
                {"StatusCode": 202})
    faults.fail("lambda", "Invoke", "TooManyRequestsException")
    resp = post(client, "/api/admin/cohorts/c1/runs", {})
    body = assert_unavailable(resp, saved="not started")
    assert "matcher" in body["message"]
    # The run says why, and the cohort's one slot is free again.
    [run] = runs.runs_of("c1")
    assert run["status"] == "failed" and "could not be started" in run["error"]
    assert programs.run_pointers("c1")["active"] is None
    # Once Lambda takes work again, asking again starts (and invokes) a new run.
    faults.clear()
    again = post(client, "/api/admin/cohorts/c1/runs", {})
    assert again.status_code == 202
    new = again.get_json()["run"]
    assert new != run["run"]
    assert invoked == [{"command": "functions.jobs.run_matching", "run": new}]
    assert execute(cloud, new)["status"] == "complete"


def test_a_what_if_whose_invoke_fails_is_not_left_queued(faults, settings):
    client, _ = admin_on(settings, matcher_function="tandem-test-matcher")
    populate()
    faults.fail("lambda", "Invoke", "ServiceException")
    resp = post(client, "/api/admin/cohorts/c1/runs", {"what_if": POLICY})
    assert_unavailable(resp, saved="not started")
    assert [r["status"] for r in runs.runs_of("c1")] == ["failed"]


# -- The matching job -----------------------------------------------------------

def clean_proposal() -> tuple[list, list]:
    from functions.matching import match_cohort
    clean = match_cohort(matching_runs.engine_input("c1", POLICY)[0]).to_dict(timing=False)
    return clean["matches"], clean["unmatched"]


@pytest.mark.parametrize("where", ["proposal", "finish"])
def test_a_run_interrupted_by_a_fault_resumes_to_the_same_proposal(admin_client, faults,
                                                                   settings, where):
    """A fault mid-way: while writing the proposal, or marking the run complete
    after the cohort took it. The job raises (so Lambda invokes it again), the
    run is not failed, and the next invocation finishes the same proposal."""
    from functions.jobs.matching import execute
    populate()
    put_policy(admin_client, POLICY)
    run, _ = runs.start_run("c1", runs.PROPOSAL, dict(POLICY), 1, "x")
    if where == "proposal":
        fault = faults.fail("dynamodb", "BatchWriteItem", "ProvisionedThroughputExceededException",
                            table="proposals", times=1)
    else:  # the run's first update is the lease; its second marks it complete
        fault = faults.fail("dynamodb", "UpdateItem", "ThrottlingException", table="runs",
                            skip=1, times=1)
    with pytest.raises(Exception) as failed:
        execute(settings, run["run"])
    assert fault.fired == 1, failed.value
    stored = runs.get_run(run["run"])
    assert stored["status"] == "queued", stored  # handed back, not failed nor held
    done = execute(settings, run["run"])
    assert done["status"] == "complete", done
    matches, unmatched = clean_proposal()
    proposal = matching_runs.proposal("c1")
    assert proposal["run"] == run["run"]
    assert (engine_matches(proposal["matches"]), proposal["unmatched"]) == (matches, unmatched)
    assert programs.get_cohort("c1")["status"] == "review"
    assert programs.run_pointers("c1")["active"] is None


def test_a_run_whose_lease_cannot_be_handed_back_is_taken_over_later(admin_client, faults,
                                                                     settings, monkeypatch):
    """The store is down for the job's every write: the run stays held until
    its lease runs out, then "Match now" hands it to a worker again."""
    from functions.jobs import matching as job
    populate()
    run, _ = runs.start_run("c1", runs.PROPOSAL, dict(POLICY), 0, "x")
    monkeypatch.setattr(job, "LEASE_SECONDS", 1)
    faults.fail("dynamodb", "BatchWriteItem", "ThrottlingException", table="proposals")
    faults.fail("dynamodb", "UpdateItem", "ThrottlingException", table="runs", skip=1)
    with pytest.raises(Exception):
        job.execute(settings, run["run"])
    assert runs.get_run(run["run"])["status"] == "running"
    faults.clear()
    time.sleep(1.1)
    again = matching_runs.start_run("c1", None, "x", dispatch=lambda run_id: job.execute(
        settings, run_id))
    assert again["run"] == run["run"]
    assert runs.get_run(run["run"])["status"] == "complete"
