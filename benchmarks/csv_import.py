"""CSV import of participants into a cohort, end to end, on Amazon DynamoDB Local.

Each size is timed through the Flask app (the same handler the admin page
calls): parse and check every row against the questionnaire, look up the
cohort's e-mails, then write everyone in transactions of 99. The preview
(``?dry_run=1``) is timed apart. A fresh cohort per run; DynamoDB Local runs
in a temporary folder on this machine (see ``functions.local.dynamodb_local``).
Targets (issue 12): 500 rows in 10 s or less, 5,000 in 60 s or less.

    .venv/bin/python benchmarks/csv_import.py                 # 500 and 5,000 rows, 3 runs each
    .venv/bin/python benchmarks/csv_import.py --sizes 500 --runs 1
    .venv/bin/python benchmarks/csv_import.py --formats utf-8,windows-1252,xlsx --runs 1

``--formats``: the same people as CSV in UTF-8 (commas), as Excel's
Windows-1252 CSV with semicolons, or as an .xlsx workbook.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS = {"X-Requested-With": "tandem", "Content-Type": "text/csv; charset=utf-8"}
ADMIN = ("bench@example.org", "a-long-benchmark-password")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def people_file(n: int, form: str = "utf-8") -> tuple[bytes, str]:
    """``n`` people for the demo questionnaire, one mentor in four, as a file
    of the given form, and its Content-Type."""
    import csv
    import io
    from functions.domain import roster_columns, spreadsheet
    from functions.local import demo
    questions = demo.QUESTIONS
    rows = demo.people(mentors=n // 4, mentees=n - n // 4, seed=7)
    for i, p in enumerate(rows):
        p["email"] = f"person{i}@example.org"  # demo names repeat over thousands
    if form == "xlsx":
        return spreadsheet.write_xlsx(roster_columns.header(questions),
                                      roster_columns.table(questions, rows)), XLSX
    if form == "windows-1252":
        text = roster_columns.export(questions, rows)
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
            csv.reader(io.StringIO(text, newline="")))
        return out.getvalue().encode("cp1252"), "text/csv"
    return roster_columns.export(questions, rows).encode(), "text/csv"




def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                    default=[500, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--formats", type=lambda s: s.split(","), default=["utf-8"])
    args = ap.parse_args()

    from functions import db
    from functions.app import create_app
    from functions.auth import admin as auth
    from functions.local import demo, dynamodb_local
    from functions.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        store = dynamodb_local.start(Path(tmp))
        try:
            settings = Settings(stage="bench", table_prefix="bench-",
                                dynamodb_endpoint=store.endpoint, store_key=store.access_key,
                                secret_key="bench")
            db.create_tables(settings)
            app = create_app(settings)
            client = app.test_client()
            auth.create_admin(*ADMIN)
            client.post("/api/admin/login", json=dict(zip(("email", "password"), ADMIN)),
                        headers={"X-Requested-With": "tandem"})
            program = client.post("/api/admin/programs", headers={"X-Requested-With": "tandem"},
                                  json={"name": "Bench", "questionnaire":
                                        {"questions": demo.QUESTIONS}}).get_json()["id"]
            print(f"{'format':>12} {'rows':>6} {'KB':>6} {'preview s':>10} {'import s':>9}  runs")
            for form, n in [(f, n) for f in args.formats for n in args.sizes]:
                body, kind = people_file(n, form)
                headers = {**HEADERS, "Content-Type": kind}
                previews, imports = [], []
                for run in range(args.runs):
                    cohort = client.post(f"/api/admin/programs/{program}/cohorts",
                                         json={"name": f"{n}-{run}"},
                                         headers={"X-Requested-With": "tandem"}).get_json()["id"]
                    url = f"/api/admin/cohorts/{cohort}/participants/import"
                    began = time.perf_counter()
                    resp = client.post(url + "?dry_run=1", data=body, headers=headers)
                    previews.append(time.perf_counter() - began)
                    assert resp.status_code == 200, resp.get_json()
                    began = time.perf_counter()
                    resp = client.post(url, data=body, headers=headers)
                    imports.append(time.perf_counter() - began)
                    assert resp.status_code == 200 and resp.get_json()["imported"] == n, \
                        resp.get_json()
                print(f"{form:>12} {n:>6,} {len(body) // 1024:>6} {statistics.median(previews):>10.2f} "
                      f"{statistics.median(imports):>9.2f}  median of {args.runs} "
                      f"(import {min(imports):.2f}–{max(imports):.2f})", flush=True)
        finally:
            store.stop()


if __name__ == "__main__":
    main()
