"""The equity audit by a question of the program: an imported cohort audited by department."""
from __future__ import annotations

import pytest

from tests.api.manage_helpers import csv_text, import_csv, new_cohort, new_program
from tests.api.run_helpers import match_now, put_policy

QUESTIONS = [
    {"id": "department", "label": "Your department", "type": "choice",
     "options": ["Data", "Sales", "Legal"], "required": False, "roles": ["mentor", "mentee"]},
    {"id": "wants", "label": "Grow in", "type": "multi_choice",
     "options": ["python", "sql"], "required": False, "roles": ["mentee"]},
    {"id": "bio", "label": "Bio", "type": "long_text", "required": False,
     "roles": ["mentor", "mentee"]},
]
#: Mentors only in Data, a required same department: Sales and Legal mentees
#: stay unmatched, and half of Data's (10 seats for 20).
SAME_DEPARTMENT = {"criteria": [{"name": "department", "type": "same", "field": "department",
                                 "weight": 100, "required": True}],
                   "min_score": 0, "mode": "admin"}
MENTEES = {"Data": 20, "Sales": 12, "Legal": 4}


@pytest.fixture
def program(admin_client):
    return new_program(admin_client, questionnaire={"questions": QUESTIONS})


@pytest.fixture
def matched_cohort(admin_client, program):
    """An imported cohort of 36 mentees in three departments, matched."""
    cohort = new_cohort(admin_client, program)
    rows = [{"role": "mentor", "name": f"Mentor {i}", "email": f"m{i}@example.org",
             "capacity": "5", "department": "Data"} for i in range(2)]
    for dept, n in MENTEES.items():
        rows += [{"role": "mentee", "name": f"{dept} {i}", "email": f"{dept}{i}@example.org",
                  "department": dept} for i in range(n)]
    resp = import_csv(admin_client, cohort, csv_text(
        rows, ["role", "name", "email", "capacity", "department"]))
    assert resp.status_code == 200 and resp.get_json()["imported"] == 38, resp.get_json()
    for status in ("enrolling", "matching"):
        moved = admin_client.patch(f"/api/admin/cohorts/{cohort}", json={"status": status},
                                   headers={"X-Requested-With": "tandem"})
        assert moved.status_code == 200, moved.get_json()
    assert put_policy(admin_client, SAME_DEPARTMENT, program=program).status_code == 200
    run = match_now(admin_client, cohort)
    assert run["stats"]["matched"] == 10
    return cohort


def test_an_imported_cohort_is_audited_by_department(admin_client, matched_cohort):
    resp = admin_client.get(f"/api/admin/cohorts/{matched_cohort}/equity?by=department")
    assert resp.status_code == 200, resp.get_json()
    audit = resp.get_json()
    [dept] = audit["attributes"]
    assert (dept["attribute"], dept["label"]) == ("department", "Your department")
    assert audit["threshold"] == 10 and audit["run"]
    rows = {r["group"]: r for r in dept["rows"]}
    assert list(rows) == ["Data", "Sales", "Legal"]  # the options' order, no "not said"
    assert rows["Data"]["counts"] == [10, 10, 20]
    assert rows["Data"]["matched_rate"] == 0.5 and rows["Data"]["mean_score"] == 100.0
    assert rows["Legal"]["counts"] == [None, None, None]  # 4 people: hidden
    assert rows["Legal"]["matched_rate"] is None and rows["Legal"]["mean_score"] is None
    truth = {"Data": [10, 10, 20], "Sales": [0, 12, 12], "Legal": [0, 4, 4]}
    for group, row in rows.items():
        assert all(v is None or (v >= 10 and v == t) for v, t in zip(row["counts"], truth[group]))
    assert dept["total"][2] == 36
    assert "Data0@example.org" not in str(audit)


def test_without_by_the_audit_is_by_self_identification(admin_client, matched_cohort):
    audit = admin_client.get(f"/api/admin/cohorts/{matched_cohort}/equity").get_json()
    assert [a["attribute"] for a in audit["attributes"]] == ["gender", "age_range", "ethnicity"]
    assert [r["group"] for r in audit["attributes"][0]["rows"]] == ["not said"]


@pytest.mark.parametrize("by, words", [
    ("office", "no such question"),                 # not in the questionnaire
    ("wants", "“Grow in” is not a single-choice"),  # several answers each
    ("bio", "“Bio” is not a single-choice"),        # free text
])
def test_a_question_mentees_cannot_be_grouped_by_is_422_naming_by(admin_client, program,
                                                                   by, words):
    cohort = new_cohort(admin_client, program)
    resp = admin_client.get(f"/api/admin/cohorts/{cohort}/equity?by={by}")
    assert resp.status_code == 422
    assert resp.get_json()["field"] == "by" and words in resp.get_json()["message"]
