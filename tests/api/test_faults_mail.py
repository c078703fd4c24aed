"""SES faults injected through botocore (issue 19): publishing's e-mail when SES
throttles or refuses messages, and the notify job not starting. E-mail that
failed is tried again, and each person gets one message (``tests.faults``)."""
from __future__ import annotations

import time

import pytest

from functions import notify
from functions.db import participants, programs
from functions.domain import matching_runs
from tests.api.run_helpers import POLICY, populate, put_policy, wait_for
from tests.conftest import admin_on, post
from tests.faults import faults  # noqa: F401 (fixture)


# -- SES -------------------------------------------------------------------------

@pytest.fixture
def ses(faults, monkeypatch):
    """SES stubbed: SendEmail succeeds (recorded) unless a rule fails it."""
    monkeypatch.setattr(notify, "PAUSE", 0)
    delivered = []
    faults.stub("sesv2", "SendEmail", lambda body: delivered.append(
        body["Destination"]["ToAddresses"][0]) or {"MessageId": f"m{len(delivered)}"})
    return delivered


def matched_in_the_cloud(settings):
    """(admin client, its settings): SES as the sender, c1 matched with a
    complete proposal ready to publish."""
    client, cloud = admin_on(settings, mail_from="tandem@example.org",
                             public_url="http://portal.test")
    populate()
    put_policy(client, POLICY)
    run = post(client, "/api/admin/cohorts/c1/runs", {}).get_json()["run"]
    assert wait_for(client, run)["status"] == "complete"
    return client, cloud


def test_publish_with_ses_failing_on_a_share_retries_and_tells_nobody_twice(faults, ses,
                                                                                 settings):
    client, cloud = matched_in_the_cloud(settings)
    # SES throttles 30% of the sends; one address is refused every time.
    rejected = faults.fail("sesv2", "SendEmail", "MessageRejected",
                           when=lambda b: b["Destination"]["ToAddresses"] == ["e3@example.org"])
    busy = faults.fail("sesv2", "SendEmail", "TooManyRequestsException", share=0.3)
    resp = post(client, "/api/admin/cohorts/c1/publish", {})
    assert resp.status_code == 200, resp.get_json()
    people = sorted(p["email"] for p in participants.list_participants("c1"))
    deadline = time.monotonic() + 30
    while True:
        counts = client.get("/api/admin/cohorts/c1/overview").get_json()["notifications"]
        if counts["sent"] + counts["failed"] == len(people) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    tries: dict[str, list] = {}
    for service, _, body, injected in faults.log:
        if service == "sesv2":
            tries.setdefault(body["Destination"]["ToAddresses"][0], []).append(injected)
    assert busy.fired and rejected.fired == notify.ATTEMPTS
    went_on_a_retry = {to for to, t in tries.items() if len(t) > 1 and t[-1] is None}
    assert went_on_a_retry, "no message needed a second try: the retry path went untested"
    # Nobody got two; each message went, or failed every try and is counted so.
    assert len(ses) == len(set(ses)) and set(ses) | set(tries) == set(people)
    never = {to for to, t in tries.items() if t == [t[0]] * notify.ATTEMPTS and t[0]}
    assert set(people) - set(ses) == never and "e3@example.org" in never
    assert counts == {"sent": len(ses), "failed": len(never)}
    # A second publish (double click, retry) tells no one twice: it starts the
    # job again for those not told, and only they may get a message now.
    assert post(client, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    finish_jobs(client)
    assert len(ses) == len(set(ses)) and "e3@example.org" not in ses
    assert set(people) - set(ses) <= never
    counts = client.get("/api/admin/cohorts/c1/overview").get_json()["notifications"]
    assert counts == {"sent": len(ses), "failed": len(people) - len(ses)}


def finish_jobs(client) -> None:
    """Wait for the app's local worker to finish the jobs it was given."""
    from concurrent.futures import wait
    worker = client.application.config["TANDEM_DISPATCH"].__self__
    with worker._lock:
        pending = set(worker._pending)
    assert not wait(pending, timeout=30).not_done


def test_a_message_that_failed_every_try_is_sent_by_a_later_job(faults, ses, settings):
    from functions.domain import publishing
    client, cloud = matched_in_the_cloud(settings)
    faults.fail("sesv2", "SendEmail", "TooManyRequestsException",
                when=lambda b: b["Destination"]["ToAddresses"] == ["e3@example.org"])
    matching_runs.publish("c1")  # not through the API: the jobs below are run here
    publishing.notify_published(cloud, "c1")
    faults.clear()
    publishing.notify_published(cloud, "c1")  # the SES outage is over: the job again
    people = sorted(p["email"] for p in participants.list_participants("c1"))
    assert sorted(ses) == people  # e3 once, nobody twice


def test_a_failed_notify_invoke_after_publishing_can_be_sent_again(faults, ses, settings):
    """Published, but the e-mail job could not be started: the answer says so
    (503), the cohort stays published, and publishing again starts the job."""
    from functions.domain import publishing
    client, cloud = admin_on(settings, matcher_function="tandem-test-matcher",
                             mail_from="tandem@example.org", public_url="http://portal.test")
    populate()
    put_policy(client, POLICY)
    invoked = []
    faults.stub("lambda", "Invoke", lambda payload: invoked.append(payload) or
                {"StatusCode": 202})
    from functions.jobs.matching import execute
    run = post(client, "/api/admin/cohorts/c1/runs", {}).get_json()["run"]
    assert execute(cloud, run)["status"] == "complete"
    invoked.clear()
    faults.fail("lambda", "Invoke", "TooManyRequestsException", times=1)
    resp = post(client, "/api/admin/cohorts/c1/publish", {})
    assert resp.status_code == 503 and int(resp.headers["Retry-After"]) >= 1
    assert programs.get_cohort("c1")["status"] == "published"
    assert invoked == []
    again = post(client, "/api/admin/cohorts/c1/publish", {})
    assert again.status_code == 200, again.get_json()
    assert invoked == [{"command": "functions.jobs.notify_published", "cohort": "c1"}]
    # The job itself, as the Lambda would run it: everyone once.
    publishing.notify_published(cloud, "c1")
    people = sorted(p["email"] for p in participants.list_participants("c1"))
    assert sorted(ses) == people
    # Once started, another publish starts it no more.
    assert post(client, "/api/admin/cohorts/c1/publish", {}).status_code == 200
    assert len(invoked) == 1



def published_with_failures(client, faults, failing: set[str] | None) -> list[str]:
    """c1 matched and published, its e-mail job run with SES refusing every
    try to ``failing`` (everyone if None); the people's addresses."""
    from functions.domain import publishing
    populate()
    put_policy(client, POLICY)
    run = post(client, "/api/admin/cohorts/c1/runs", {}).get_json()["run"]
    assert wait_for(client, run)["status"] == "complete"
    faults.fail("sesv2", "SendEmail", "ServiceUnavailable",
                when=None if failing is None else
                lambda b: b["Destination"]["ToAddresses"][0] in failing)
    matching_runs.publish("c1")
    publishing.notify_published(client.application.config["TANDEM"], "c1")
    faults.clear()  # the SES outage is over
    return sorted(p["email"] for p in participants.list_participants("c1"))


def notifications(client) -> dict:
    return client.get("/api/admin/cohorts/c1/overview").get_json()["notifications"]


def test_retry_sends_only_to_the_untold_and_the_failed_count_goes_down(faults, ses, settings):
    client, _ = admin_on(settings, mail_from="tandem@example.org",
                         public_url="http://portal.test")
    failing = {"e3@example.org", "m1@example.org"}
    people = published_with_failures(client, faults, failing)
    assert sorted(ses) == sorted(set(people) - failing)
    assert notifications(client) == {"sent": len(people) - 2, "failed": 2}
    ses.clear()
    resp = post(client, "/api/admin/cohorts/c1/notifications/retry", {})
    assert resp.status_code == 202, resp.get_json()
    assert resp.get_json() == {"cohort": "c1", "untold": 2, "dispatched": True}
    finish_jobs(client)
    assert sorted(ses) == sorted(failing)  # only the two, once each
    assert notifications(client) == {"sent": len(people), "failed": 0}
    # Everyone told: a retry starts nothing, sends nothing.
    again = post(client, "/api/admin/cohorts/c1/notifications/retry", {})
    assert again.status_code == 202
    assert again.get_json() == {"cohort": "c1", "untold": 0, "dispatched": False}
    assert sorted(ses) == sorted(failing)


def test_retry_of_a_cohort_not_published_is_409(faults, ses, settings):
    client, _ = admin_on(settings, mail_from="tandem@example.org")
    populate()
    refused = post(client, "/api/admin/cohorts/c1/notifications/retry", {})
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["field"] == "cohort" and ses == []


def test_a_message_failing_again_on_retry_is_not_counted_twice(faults, ses, settings):
    from functions.domain import publishing
    client, cloud = admin_on(settings, mail_from="tandem@example.org",
                             public_url="http://portal.test")
    people = published_with_failures(client, faults, {"e3@example.org"})
    faults.fail("sesv2", "SendEmail", "MessageRejected")
    assert publishing.notify_published(cloud, "c1") == 0
    assert notifications(client) == {"sent": len(people) - 1, "failed": 1}
    assert publishing.untold("c1") == 1


def test_two_retries_at_once_e_mail_each_person_once(faults, ses, settings, monkeypatch):
    import threading

    from functions.domain import publishing
    client, cloud = admin_on(settings, mail_from="tandem@example.org",
                             public_url="http://portal.test")
    people = published_with_failures(client, faults, None)  # SES down for all
    assert ses == [] and notifications(client) == {"sent": 0, "failed": len(people)}
    real = notify.deliver

    def slow(*args, **parts):  # widen the window in which the two jobs overlap
        time.sleep(0.02)
        return real(*args, **parts)
    monkeypatch.setattr(notify, "deliver", slow)
    start, sent = threading.Barrier(2), []

    def job():
        start.wait()
        sent.append(publishing.notify_published(cloud, "c1"))
    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(ses) == people  # each once
    assert sum(sent) == len(people)
    assert notifications(client) == {"sent": len(people), "failed": 0}
