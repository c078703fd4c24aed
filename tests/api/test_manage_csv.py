"""CSV import and export of participants: all or nothing, every bad row listed."""
import csv
import json
import io

import pytest

from functions.db.programs import Cohort
from tests.api.manage_helpers import csv_text, import_csv, new_cohort, new_program, person


@pytest.fixture
def cohort(admin_client):
    return new_cohort(admin_client, new_program(admin_client))


def people(client, cohort_id):
    return client.get(f"/api/admin/cohorts/{cohort_id}/participants").get_json()


def test_import_writes_everyone_and_the_list_shows_them(admin_client, cohort):
    rows = [person(1, "mentor"), person(2), person(3, bio="likes =SUM(A1)")]
    resp = import_csv(admin_client, cohort, csv_text(rows))
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["imported"] == 3
    listed = people(admin_client, cohort)
    assert {(p["email"], p["role"], p["name"]) for p in listed} == {
        ("p1@example.org", "mentor", "Person 1"), ("p2@example.org", "mentee", "Person 2"),
        ("p3@example.org", "mentee", "Person 3")}
    mentor = next(p for p in listed if p["role"] == "mentor")
    assert mentor["capacity"] == 2
    assert mentor["answers"] == {"offers": ["python", "sql"], "department": "Data", "level": 2}
    [entry] = [e for e in admin_client.get("/api/admin/audit").get_json()["entries"]
               if e["action"] == "participants.import"]
    assert entry["object_id"] == cohort and entry["detail"]["imported"] == 3


def test_dry_run_previews_and_writes_nothing(admin_client, cohort):
    resp = import_csv(admin_client, cohort, csv_text([person(1), person(2, "mentor")]),
                      dry_run=True)
    assert resp.status_code == 200
    body = resp.get_json()
    assert {k: body[k] for k in ("dry_run", "imported", "valid", "counts")} == {
        "dry_run": True, "imported": 0, "valid": 2, "counts": {"mentor": 1, "mentee": 1}}
    assert [(r["row"], r["name"], r["action"]) for r in body["rows"]] == [
        (2, "Person 1", "add"), (3, "Person 2", "add")]
    assert people(admin_client, cohort) == []


def test_every_bad_row_is_listed_and_nothing_is_written(admin_client, cohort):
    rows = [
        person(1),                                    # fine
        person(2, level="three"),                     # wrong type
        person(3, department=""),                     # missing required answer
        person(4, wants="python;cooking"),            # unknown option
        person(5, email="p1@example.org"),            # duplicate e-mail in the file
        person(6, capacity="2"),                      # a mentee with a capacity
        person(7, "mentor", capacity="0"),            # capacity out of range
        person(8, role="boss"),                       # unknown role
        person(9, email="not-an-address"),            # bad e-mail
        person(10, "mentor", wants="python"),         # mentors are not asked "wants"
        person(11, years="-3"),                       # under the minimum
    ]
    resp = import_csv(admin_client, cohort, csv_text(rows))
    assert resp.status_code == 422
    body = resp.get_json()
    got = {(e["row"], e["field"]) for e in body["errors"]}
    # Rows as Excel numbers them: the header is row 1, person N is on row N + 1.
    assert got == {(3, "level"), (4, "department"), (5, "wants"), (6, "email"),
                   (7, "capacity"), (8, "capacity"), (9, "role"), (10, "email"),
                   (11, "wants"), (12, "years")}
    for e in body["errors"]:
        assert e["message"] and e["line"] == e["row"]
    assert "also on row 2" in next(e["message"] for e in body["errors"] if e["row"] == 6)
    assert people(admin_client, cohort) == []
    # The preview lists the same problems.
    assert import_csv(admin_client, cohort, csv_text(rows), dry_run=True).get_json() == body


def test_reimporting_an_email_already_in_the_cohort_is_an_error_for_that_row(admin_client,
                                                                            cohort):
    assert import_csv(admin_client, cohort, csv_text([person(1)])).status_code == 200
    resp = import_csv(admin_client, cohort, csv_text([person(2), person(1, name="Again")]))
    assert resp.status_code == 422
    assert [(e["row"], e["field"]) for e in resp.get_json()["errors"]] == [(3, "email")]
    assert [p["email"] for p in people(admin_client, cohort)] == ["p1@example.org"]


def test_emails_are_compared_without_case(admin_client, cohort):
    resp = import_csv(admin_client, cohort,
                      csv_text([person(1), person(2, email="P1@Example.org")]))
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["row"] == 3


@pytest.mark.parametrize("body, field", [
    ("role,name,email,shoe_size\nmentee,A,a@example.org,42\n", "shoe_size"),
    ("mentee,A,a@example.org\n", "role"),
    ("", "file"),
    ("role,name,email,capacity\nmentee,A,a@example.org,\n", "department"),  # required column
])
def test_bad_headers_are_422(admin_client, cohort, body, field):
    resp = import_csv(admin_client, cohort, body)
    assert resp.status_code == 422
    assert field in {e["field"] for e in resp.get_json()["errors"]}


def test_a_file_neither_utf8_nor_windows_1252_is_422_saying_what_to_do(admin_client, cohort):
    # 0x81 is no character in Windows-1252, and the bytes are not UTF-8 either.
    text = csv_text([person(1)]).encode() + b"mentee,Bad \x81\xe9,b@example.org\n"
    resp = import_csv(admin_client, cohort, text)
    assert resp.status_code == 422
    [problem] = resp.get_json()["errors"]
    assert problem["field"] == "file" and problem["row"] is None
    assert "encoding cannot be told" in problem["message"]
    assert "CSV UTF-8" in problem["message"]
    # The answer's bytes, as the route wrote them before CsvRejected became a TandemError.
    assert resp.get_data() == json.dumps(
        {"error": "invalid_csv", "errors": [problem], "field": "file",
         "message": "1 problems in the file; nothing was imported"},
        sort_keys=True, separators=(",", ":")).encode() + b"\n"
    assert people(admin_client, cohort) == []


def test_a_utf8_bom_and_crlf_lines_are_fine(admin_client, cohort):
    text = csv_text([person(1, name="Zoë")]).replace("\n", "\r\n")
    resp = import_csv(admin_client, cohort, "\ufeff" + text)
    assert resp.status_code == 200 and people(admin_client, cohort)[0]["name"] == "Zoë"


def test_the_import_needs_csv_and_the_csrf_header(admin_client, cohort):
    text = csv_text([person(1)])
    no_header = {"Content-Type": "text/csv"}
    assert import_csv(admin_client, cohort, text, headers=no_header).status_code == 403
    plain = {"X-Requested-With": "tandem", "Content-Type": "text/plain"}
    assert import_csv(admin_client, cohort, text, headers=plain).status_code == 403
    form = {"X-Requested-With": "tandem", "Content-Type": "application/x-www-form-urlencoded"}
    assert import_csv(admin_client, cohort, text, headers=form).status_code == 403
    # A charset the type names is not needed: the server tells the encoding itself.
    latin = {"X-Requested-With": "tandem", "Content-Type": "text/csv; charset=latin-1"}
    assert import_csv(admin_client, cohort, text, headers=latin, dry_run=True).status_code == 200


def test_csv_bodies_over_the_json_limit_are_accepted_up_to_their_own(admin_client, cohort):
    rows = [person(i, bio="x" * 400) for i in range(300)]  # ~150 KB, over the 64 KB JSON cap
    resp = import_csv(admin_client, cohort, csv_text(rows), dry_run=True)
    assert resp.status_code == 200 and resp.get_json()["valid"] == 300
    huge = "role,name,email\n" + "mentee,A,a@example.org\n" * 240_000  # over 5 MB
    assert import_csv(admin_client, cohort, huge).status_code == 413


def test_a_cohort_in_review_takes_no_import(admin_client, cohort):
    # Its proposal would leave the new people out without saying why; once
    # published they join the waiting list instead (test_waiting_list).
    Cohort.get(cohort).update(actions=[Cohort.status.set("review")])
    resp = import_csv(admin_client, cohort, csv_text([person(1)]))
    assert resp.status_code == 409 and people(admin_client, cohort) == []
    assert "in review" in resp.get_json()["message"]


def test_an_enrolment_racing_the_import_rolls_it_back(admin_client, cohort, monkeypatch):
    """Someone enrols with an address of the file between the check and the writes:
    the import writes nobody (rows already written are removed) and says who."""
    from functions.db import participants, roster
    rows = [person(i) for i in range(250)]  # three transactions
    real = roster.import_people

    def racing(cohort_id, people_, statuses, *updates):
        Cohort.get(cohort_id).update(actions=[Cohort.status.set("enrolling")])
        participants.enroll(cohort_id, role="mentee", name="Early", email="p200@example.org",
                            answers={}, capacity=None, self_id=None)
        return real(cohort_id, people_, statuses, *updates)

    monkeypatch.setattr(roster, "import_people", racing)
    resp = import_csv(admin_client, cohort, csv_text(rows))
    assert resp.status_code == 409 and "p200@example.org" in resp.get_json()["message"]
    assert [p["name"] for p in people(admin_client, cohort)] == ["Early"]


def test_export_then_import_into_a_new_cohort_gives_the_same_people(admin_client, cohort):
    program = admin_client.get(f"/api/admin/cohorts/{cohort}").get_json()["program"]["id"]
    rows = [person(1, "mentor", bio="=HYPERLINK(\"x\")", years="2.5", job_title="-Lead-"),
            person(2, years="10"),
            person(3, name="Ana, \"the\" Analyst", bio="line one\nline two",
                   job_title="Data analyst"),
            person(4, "mentor", capacity="5", offers="leadership", level="")]
    columns = ["role", "name", "email", "capacity", "job_title", "wants", "offers",
               "department", "level", "years", "bio"]
    assert import_csv(admin_client, cohort, csv_text(rows, columns)).status_code == 200
    exported = admin_client.get(f"/api/admin/cohorts/{cohort}/participants.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    text = exported.get_data().decode("utf-8-sig")
    # "bio" is a question of this program, so its column holds the answers.
    assert text.splitlines()[0] == ",".join(columns)
    assert "'=HYPERLINK" in text  # a spreadsheet does not run it

    other = new_cohort(admin_client, program, name="Next")
    resp = import_csv(admin_client, other, text)
    assert resp.status_code == 200, resp.get_json()

    def same(cid):
        return sorted((p["email"], p["name"], p["role"], p["capacity"], p["job_title"],
                       p["answers"]) for p in people(admin_client, cid))
    assert same(other) == same(cohort)
    assert admin_client.get(f"/api/admin/cohorts/{other}/participants.csv").get_data().decode(
        "utf-8-sig") == text


def test_the_template_is_the_header_row(admin_client, cohort):
    resp = admin_client.get(f"/api/admin/cohorts/{cohort}/participants/template.csv")
    assert resp.status_code == 200
    assert resp.get_data().startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    assert resp.get_data().decode("utf-8-sig") == (
        "role,name,email,capacity,job_title,wants,offers,department,level,years,bio\r\n")


def test_matches_csv_is_the_header_until_matches_are_published(admin_client, cohort):
    resp = admin_client.get(f"/api/admin/cohorts/{cohort}/matches.csv")
    assert resp.status_code == 200
    assert list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig")))) == [
        ["mentee_name", "mentee_email", "mentor_name", "mentor_email", "score", "reasons"]]


def test_short_rows_are_padded_and_long_rows_refused(admin_client, cohort):
    header = "role,name,email,capacity,wants,offers,department,bio\n"
    ok = import_csv(admin_client, cohort, header + "mentee,A,a@example.org,,python,,Data\n",
                    dry_run=True)
    assert ok.status_code == 200 and ok.get_json()["valid"] == 1
    bad = import_csv(admin_client, cohort,
                     header + "mentee,A,a@example.org,,python,,Data,hi,extra\n")
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "file"
