"""Criteria that tell pairs apart, and a what-if that shows its pairs.

A count run and a what-if run report, per criterion, the share of allowed
pairs at full points and at zero, and the spread of each mentee's best
score; a what-if's diff lists each changed mentee with her mentor and score
before and after.
"""
from __future__ import annotations

from functions.db import participants, programs, runs
from functions.domain import matching_runs
from functions.matching import count_allowed
from tests.api.helpers import make_cohort
from tests.api.run_helpers import POLICY, match_now, populate, put_policy
from tests.api.test_policy_count import count

YEARS = {"name": "years", "type": "gap", "field": "years", "target": 1, "weight": 30}
SKILLS = POLICY["criteria"][0]


def experienced(cohort_id="c1", mentors=6, mentees=12):
    """Mentors with 12 to 45 years of experience, mentees with 0 to 8."""
    make_cohort(cohort_id=cohort_id)
    for i in range(mentors):
        participants.enroll(cohort_id, role="mentor", name=f"Mentor {i}",
                            email=f"m{i}@example.org", capacity=2, self_id=None,
                            answers={"offers": [["python", "sql", "leadership"][i % 3]],
                                     "department": "Data", "years": 12 + i * 6})
    for i in range(mentees):
        participants.enroll(cohort_id, role="mentee", name=f"Mentee {i}",
                            email=f"e{i}@example.org", capacity=None, self_id=None,
                            answers={"wants": [["python", "sql", "leadership"][i % 3]],
                                     "department": "Sales", "years": i % 9})
    programs.move_status(cohort_id, "matching")


def policy(*criteria, min_score=0):
    return {"criteria": list(criteria), "min_score": min_score, "mode": "admin"}


def test_a_gap_with_target_1_on_years_gives_nearly_every_pair_full_points(admin_client):
    experienced()
    run = count(admin_client, policy(SKILLS, YEARS))
    assert run["status"] == "complete", run["error"]
    stats = run["stats"]
    shares = {c["name"]: c for c in stats["criteria"]}
    assert [c["name"] for c in stats["criteria"]] == ["skills", "years"]
    # Every mentor is at least 4 years above every mentee: the gap says nothing.
    assert shares["years"]["full_share"] > 0.9 and shares["years"]["zero_share"] == 0
    # Skills: one item each, three kinds: a third of pairs share it, the rest none.
    assert shares["skills"]["full_share"] == round(24 / 72, 3)
    assert shares["skills"]["zero_share"] == round(48 / 72, 3)
    best = stats["best_score"]
    assert best == {"min": 100.0, "median": 100.0, "max": 100.0}
    # The same figures as the matcher's own count.
    expected = count_allowed(matching_runs.engine_input("c1", policy(SKILLS, YEARS))[0],
                             spread=True)
    assert stats["criteria"] == expected["criteria"]
    assert stats["best_score"] == expected["best_score"]
    # A target of 30 years tells the pairs apart.
    wider = count(admin_client, policy(SKILLS, dict(YEARS, target=30)))["stats"]
    years = next(c for c in wider["criteria"] if c["name"] == "years")
    assert years["full_share"] < 0.5
    assert wider["best_score"]["min"] < wider["best_score"]["max"]


def test_shares_are_of_the_allowed_pairs_only(admin_client):
    experienced()
    required = policy(dict(SKILLS, required=True), YEARS)
    stats = count(admin_client, required)["stats"]
    assert stats["allowed_pairs"] == 24
    skills = next(c for c in stats["criteria"] if c["name"] == "skills")
    # A required criterion gives every allowed pair points: here all full.
    assert (skills["full_share"], skills["zero_share"]) == (1.0, 0.0)
    top = count(admin_client, policy(SKILLS, YEARS, min_score=100))["stats"]
    assert top["allowed_pairs"] == 24  # only the pairs sharing the skill reach 100
    none_left = count(admin_client, policy(dict(SKILLS, required=True),
                                           dict(YEARS, target=60), min_score=100))["stats"]
    assert none_left["allowed_pairs"] == 0
    assert none_left["best_score"] is None
    assert all(c["full_share"] is None for c in none_left["criteria"])


def test_a_what_if_reports_the_spread_and_its_changed_pairs_with_mentors_and_scores(
        admin_client):
    populate()
    put_policy(admin_client, POLICY)
    proposal = match_now(admin_client)
    before = {m["mentee"]: m for m in
              admin_client.get("/api/admin/cohorts/c1/proposal").get_json()["matches"]}
    department_only = policy(POLICY["criteria"][1])
    what_if = match_now(admin_client, what_if=department_only)
    assert what_if["status"] == "complete", what_if["error"]
    assert [c["name"] for c in what_if["stats"]["criteria"]] == ["department"]
    assert set(what_if["stats"]["best_score"]) == {"min", "median", "max"}
    after = {m["mentee"]: m for m in runs.complete_proposal(what_if["run"])[0]}
    diff = what_if["diff"]
    changed = sorted(e for e in before.keys() | after.keys()
                     if (before.get(e) or {}).get("mentor") != (after.get(e) or {}).get("mentor"))
    assert diff["pairs_changed"] == len(changed) > 0
    assert [p["mentee"] for p in diff["pairs"]] == changed

    def side(m):
        return None if m is None else {"mentor": m["mentor"], "score": m["score"]}
    for p in diff["pairs"]:
        assert p["before"] == side(before.get(p["mentee"])), p
        assert p["after"] == side(after.get(p["mentee"])), p
    # Both ends of a change are named: a mentee who keeps a mentor has both.
    assert any(p["before"] and p["after"] for p in diff["pairs"])
    # The proposal is untouched, and the earlier fields are still there.
    assert admin_client.get("/api/admin/cohorts/c1/proposal").get_json()["run"] == \
        proposal["run"]
    assert diff["changed_mentees"] == changed
    assert diff["matched"][1] == what_if["stats"]["matched"]


def test_the_diff_lists_at_most_500_pairs_and_counts_them_all():
    before = {"matches": [{"mentee": f"e{i:04}", "mentor": "m1", "score": 50.0}
                          for i in range(700)], "stats": {"matched": 700, "mean_score": 50.0}}
    after = [{"mentee": f"e{i:04}", "mentor": "m2", "score": 60.0} for i in range(600)]
    diff = matching_runs.diff(before, after, {"matched": 600, "mean_score": 60.0})
    assert diff["pairs_changed"] == 700 and len(diff["pairs"]) == 500
    assert diff["pairs"][0] == {"mentee": "e0000", "before": {"mentor": "m1", "score": 50.0},
                                "after": {"mentor": "m2", "score": 60.0}}
    gone = matching_runs.diff(before, after[:1], {})["pairs"][1]
    assert gone == {"mentee": "e0001", "before": {"mentor": "m1", "score": 50.0},
                    "after": None}
    assert matching_runs.diff(None, after[:1], {})["pairs"] == [
        {"mentee": "e0000", "before": None, "after": {"mentor": "m2", "score": 60.0}}]
