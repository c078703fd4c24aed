"""Builders for the program-management API tests: programs, cohorts, CSV files."""
from __future__ import annotations

import csv
import io

from tests.api.helpers import QUESTIONS
from tests.conftest import post

CSV_HEADERS = {"X-Requested-With": "tandem", "Content-Type": "text/csv; charset=utf-8"}


def new_program(client, **over) -> str:
    body = {"name": "Data mentoring", "type": "one_to_one", "description": "Grow in data",
            "questionnaire": {"questions": QUESTIONS}}
    body.update(over)
    resp = post(client, "/api/admin/programs", body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def new_cohort(client, program_id: str, **over) -> str:
    body = {"name": "Autumn", "enrolment_closes": "2030-01-10", "matching_at": "2030-01-12"}
    body.update(over)
    resp = post(client, f"/api/admin/programs/{program_id}/cohorts", body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or ["role", "name", "email", "capacity", "wants", "offers",
                          "department", "level", "years", "bio"]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return out.getvalue()


def person(i: int, role: str = "mentee", **over) -> dict:
    row = {"role": role, "name": f"Person {i}", "email": f"p{i}@example.org",
           "department": "Data" if i % 2 else "Sales", "level": str(1 + i % 5)}
    if role == "mentor":
        row.update(capacity="2", offers="python;sql")
    else:
        row.update(wants="leadership")
    row.update(over)
    return row


def import_csv(client, cohort_id: str, body, dry_run: bool = False, headers=None):
    url = f"/api/admin/cohorts/{cohort_id}/participants/import"
    if dry_run:
        url += "?dry_run=1"
    data = body.encode() if isinstance(body, str) else body
    return client.post(url, data=data, headers=headers or CSV_HEADERS)
