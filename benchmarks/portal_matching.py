"""Matching in the portal at scale: a cohort stored in Amazon DynamoDB Local.

Stores MENTEES × MENTORS people (the demo's varied profiles) in a fresh
DynamoDB Local, then does what "Match now" does — load the cohort with
Queries, turn it into the engine's input, match, write the proposal in
chunks, mark the run complete — and reports each part, the process's peak
memory and DynamoDB Local's; then a count run (the policy editor's figure).
Then publishes (one conditional write) and writes every participant's e-mail
to a local outbox. Last, WAITING more mentees arrive and "Match the waiting"
runs (the waiting against the seats still free, published pairs fixed),
end to end from the run's start to its complete proposal; its baseline, from
the same run, is matching the whole cohort (the first run above).

    .venv/bin/python benchmarks/portal_matching.py [--mentees 10000 --mentors 3000 --waiting 1000]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def java_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fill(cohort_id: str, mentees: int, mentors: int, *, seed: int = 11,
         prefix: str = "p") -> None:
    from functions.db import participants
    from functions.local import demo
    people = demo.people(mentors=mentors, mentees=mentees, seed=seed)
    now = datetime.now(timezone.utc)
    with participants.Participant.batch_write() as batch:
        for i, p in enumerate(people):
            batch.save(participants.Participant(
                cohort_id=cohort_id, email=f"{prefix}.{p['email']}", id=f"{prefix}{i:06d}",
                role=p["role"],
                name=p["name"], capacity=p["capacity"], answers=p["answers"], consent=True,
                created_at=now))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=3_000)
    parser.add_argument("--waiting", type=int, default=1_000)
    args = parser.parse_args()

    from functions import db
    from functions.db import program_admin, programs, runs
    from functions.domain import matching_runs, publishing
    from functions.jobs.matching import execute
    from functions.local import demo, dynamodb_local
    from functions.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        store = dynamodb_local.start(Path(tmp) / "data")
        try:
            settings = Settings(table_prefix="bench-", dynamodb_endpoint=store.endpoint,
                                store_key=store.access_key,
                                secret_key="benchmark", data_dir=tmp,
                                public_url="http://127.0.0.1:8000")
            db.create_tables(settings)
            programs.create_program("Bench", id="p", questionnaire={"questions": demo.QUESTIONS},
                                    criteria=demo.CRITERIA)
            program_admin.create_cohort("p", name="Bench", id="c")
            programs.move_status("c", "matching")
            began = time.monotonic()
            fill("c", args.mentees, args.mentors)
            print(f"stored {args.mentees:,} mentees and {args.mentors:,} mentors in "
                  f"{time.monotonic() - began:.1f} s (batch writes; not part of the run)")

            policy = {"criteria": demo.CRITERIA, "min_score": 30, "mode": "admin"}
            began = time.monotonic()
            run, _ = runs.start_run("c", runs.PROPOSAL, policy, 0, "benchmark")
            done = execute(settings, run["run"])
            total = time.monotonic() - began
            s = done["stats"]
            assert done["status"] == "complete", done
            write = s["seconds"] - s["load_seconds"] - s["match_seconds"]
            print(f"run: {total:.1f} s in all — load {s['load_seconds']:.1f} s, match "
                  f"{s['match_seconds']:.1f} s, write proposal {write:.1f} s "
                  f"({-(-args.mentees // runs.CHUNK)} items); matched {s['matched']:,}, "
                  f"mean score {s['mean_score']}")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"peak memory: this process {peak:,.0f} MB, DynamoDB Local "
                  f"{java_peak_mb(store.process.pid):,.0f} MB")

            began = time.monotonic()
            count_run, _ = runs.start_run("c", runs.COUNT, dict(policy, min_score=50), None,
                                          "benchmark")
            counted = execute(settings, count_run["run"])
            c = counted["stats"]
            assert counted["status"] == "complete", counted
            print(f"count run (the policy editor's figure: the edited and the saved policy, "
                  f"one load): {time.monotonic() - began:.1f} s; {c['allowed_pairs']:,} pairs "
                  f"allowed ({c['saved']['allowed_pairs']:,} with the saved policy)")

            began = time.monotonic()
            matching_runs.publish("c")
            print(f"publish: {time.monotonic() - began:.2f} s, 1 conditional write")
            began = time.monotonic()
            with contextlib.redirect_stdout(io.StringIO()):  # one line per message
                sent = publishing.notify_published(settings, "c")
            print(f"e-mail to every participant (local outbox): {sent:,} messages in "
                  f"{time.monotonic() - began:.1f} s")

            # Mentees and a few mentors arrive after publishing (imported).
            fill("c", args.waiting, max(1, args.waiting // 10), seed=12, prefix="w")
            began = time.monotonic()
            run, _ = runs.start_run("c", runs.WAITING, policy, 0, "benchmark")
            done = execute(settings, run["run"])
            waited = time.monotonic() - began
            assert done["status"] == "complete", done
            w = done["stats"]
            print(f"waiting-list run, {w['matched'] + w['unmatched']:,} waiting: "
                  f"{waited:.1f} s end to end (load {w['load_seconds']:.1f} s, match "
                  f"{w['match_seconds']:.1f} s); matched {w['matched']:,}; "
                  f"baseline (matching the whole cohort again) {total:.1f} s: "
                  f"{waited / total:.2f}× its time")
            began = time.monotonic()
            matching_runs.publish("c")
            with contextlib.redirect_stdout(io.StringIO()):
                sent = publishing.notify_waiting(settings, run["run"])
            print(f"publish the waiting list and e-mail only its new pairs: {sent:,} "
                  f"messages in {time.monotonic() - began:.1f} s")
        finally:
            store.stop()


if __name__ == "__main__":
    main()
