"""Participant files as spreadsheets really write them: every encoding and
separator Excel uses, and .xlsx workbooks, read into the same people with
their names intact; headers as people type them; rows as Excel numbers them."""
from __future__ import annotations

import codecs
import csv
import io
import zipfile

import pytest

from functions.domain import spreadsheet
from tests.api.manage_helpers import CSV_HEADERS, csv_text, import_csv, new_cohort, new_program, \
    person

XLSX = spreadsheet.XLSX_TYPE
COLUMNS = ["role", "name", "email", "capacity", "wants", "offers", "department", "level",
           "years", "bio"]
#: Names Windows-1252 can hold (its 0x80-0x9F letters among them: Š Ž ž Œ).
WESTERN = ["Grace Müller", "Hugo García", "Zoë Ørsted", "Šárka Žižek", "Œlise Dœuf",
           "François Lefèvre", "Søren Ågård", "Ana O'Brien"]
#: Names only the Unicode encodings can hold.
EVERYWHERE = [*WESTERN, "Łukasz Żółć", "李小龍", "Ана Петровић", "Ngozi Ọkọnkwọ"]


@pytest.fixture
def program(admin_client):
    return new_program(admin_client)


def people_rows(names: list[str], count: int = 500) -> list[dict]:
    """``count`` people, one in five a mentor, every multiple-choice answer
    of two options (so a ";" sits inside a quoted cell when ";" separates)."""
    rows = []
    for i in range(count):
        role = "mentor" if i % 5 == 0 else "mentee"
        over = {"name": f"{names[i % len(names)]} {i}", "bio": f"Hi, I'm {names[i % len(names)]}"}
        if role == "mentee":
            over["wants"] = "python;leadership"
        rows.append(person(i, role, **over))
    return rows


def encoded(rows: list[dict], encoding: str, sep: str) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=sep, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode(encoding)  # "utf-16" and "utf-8-sig" write the BOM


def xlsx(rows: list[list], title: str = "People") -> bytes:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.create_sheet("Notes").append(["not read: only the first sheet is"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_of(people: list[dict]) -> bytes:
    def cell(row, c):
        value = row.get(c, "")
        if c in ("capacity", "level", "years") and value:
            return int(value)  # numbers as numbers, as Excel keeps them
        return value or None
    return xlsx([COLUMNS, *([cell(r, c) for c in COLUMNS] for r in people)])


def stored(client, cohort_id) -> dict[str, str]:
    listed = client.get(f"/api/admin/cohorts/{cohort_id}/participants").get_json()
    return {p["email"]: p["name"] for p in listed}


@pytest.mark.parametrize("encoding, name", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"),
                                            ("utf-16", "UTF-16"), ("cp1252", "Windows-1252")])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_500_people_read_the_same_from_every_encoding_and_separator(admin_client, program,
                                                                   encoding, name, sep):
    rows = people_rows(WESTERN if encoding == "cp1252" else EVERYWHERE)
    body = encoded(rows, encoding, sep)
    cohort = new_cohort(admin_client, program)
    preview = import_csv(admin_client, cohort, body, dry_run=True)
    assert preview.status_code == 200, preview.get_json()
    answer = preview.get_json()
    assert (answer["encoding"], answer["separator"], answer["valid"]) == (name, sep, 500)
    assert [r["name"] for r in answer["rows"]] == [r["name"] for r in rows]
    assert stored(admin_client, cohort) == {}  # a preview writes nothing

    resp = import_csv(admin_client, cohort, body, headers={
        "X-Requested-With": "tandem", "Content-Type": "text/csv"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["added"] == 500
    names = stored(admin_client, cohort)
    assert names == {r["email"]: r["name"] for r in rows}
    assert not any("\ufffd" in n for n in names.values())
    listed = admin_client.get(f"/api/admin/cohorts/{cohort}/participants").get_json()
    mentee = next(p for p in listed if p["email"] == "p1@example.org")
    assert mentee["answers"]["wants"] == ["python", "leadership"]  # the quoted ";" is a cell's


def test_the_preview_says_how_the_file_was_read(admin_client, program):
    cohort = new_cohort(admin_client, program)
    body = encoded(people_rows(WESTERN, 3), "cp1252", ";")
    answer = import_csv(admin_client, cohort, body, dry_run=True).get_json()
    assert answer["read_as"] == ("read as Windows-1252 (Excel on Windows), columns "
                                 "separated by semicolons")
    assert answer["format"] == "csv"


def test_500_people_read_from_an_xlsx_workbook(admin_client, program):
    rows = people_rows(EVERYWHERE)
    cohort = new_cohort(admin_client, program)
    headers = {"X-Requested-With": "tandem", "Content-Type": XLSX}
    preview = import_csv(admin_client, cohort, xlsx_of(rows), dry_run=True, headers=headers)
    assert preview.status_code == 200, preview.get_json()
    answer = preview.get_json()
    assert (answer["format"], answer["encoding"], answer["separator"]) == ("xlsx", None, None)
    assert [r["name"] for r in answer["rows"]] == [r["name"] for r in rows]
    resp = import_csv(admin_client, cohort, xlsx_of(rows), headers=headers)
    assert resp.status_code == 200, resp.get_json()
    assert stored(admin_client, cohort) == {r["email"]: r["name"] for r in rows}
    listed = admin_client.get(f"/api/admin/cohorts/{cohort}/participants").get_json()
    mentor = next(p for p in listed if p["email"] == "p0@example.org")
    assert mentor["capacity"] == 2 and mentor["answers"]["level"] == 1


def test_xlsx_errors_name_excel_rows(admin_client, program):
    cohort = new_cohort(admin_client, program)
    sheet = [COLUMNS, ["mentee", "Ann", "ann@example.org", None, "python", None, "Data"],
             [None] * 3,  # an empty row keeps its number
             ["mentee", "Bo", "not-an-address", None, "python", None, "Data"]]
    resp = import_csv(admin_client, cohort, xlsx(sheet),
                      headers={"X-Requested-With": "tandem", "Content-Type": XLSX})
    assert resp.status_code == 422
    assert [(e["row"], e["field"]) for e in resp.get_json()["errors"]] == [(4, "email")]


def test_an_xlsx_that_unpacks_to_too_much_is_refused_unread(admin_client, program):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b" " * (spreadsheet.MAX_UNPACKED + 1))
    assert len(out.getvalue()) < 100_000  # small to send, big to unpack
    cohort = new_cohort(admin_client, program)
    resp = import_csv(admin_client, cohort, out.getvalue(),
                      headers={"X-Requested-With": "tandem", "Content-Type": XLSX})
    assert resp.status_code == 422
    assert "unpacked, the workbook is over" in resp.get_json()["errors"][0]["message"]
    broken = import_csv(admin_client, cohort, b"PK\x03\x04 not really a zip",
                        headers={"X-Requested-With": "tandem", "Content-Type": XLSX})
    assert broken.status_code == 422 and broken.get_json()["errors"][0]["field"] == "file"


SHEET = b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"


@pytest.mark.parametrize("sheet_xml, words", [
    # Cut short after a correct start: openpyxl meets it only as the rows are read.
    (SHEET + b"<dimension ref='A1:F2'/><sheetData><row r='1'>" + b"".join(
        b"<c r='%s1' t='inlineStr'><is><t>%s</t></is></c>" % (col, name.encode())
        for col, name in zip((b"A", b"B", b"C", b"D", b"E", b"F"),
                             ("role", "name", "email", "wants", "offers", "department")))
     + b"</row><row r='2'><c", "row 2 of the workbook could not be read"),
    (b"<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]>" + SHEET + b"&b;</worksheet>",
     "could not be read"),
])
def test_a_workbook_with_a_damaged_or_hostile_sheet_is_422_not_500(admin_client, program,
                                                                   sheet_xml, words):
    good = zipfile.ZipFile(io.BytesIO(xlsx_of(people_rows(WESTERN, 2))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for part in good.infolist():
            z.writestr(part.filename, sheet_xml if part.filename == "xl/worksheets/sheet1.xml"
                       else good.read(part))
    cohort = new_cohort(admin_client, program)
    resp = import_csv(admin_client, cohort, out.getvalue(), dry_run=True,
                      headers={"X-Requested-With": "tandem", "Content-Type": XLSX})
    assert resp.status_code == 422, resp.get_data()
    [error] = resp.get_json()["errors"]
    assert error["field"] == "file" and words in error["message"]
    assert "CSV UTF-8" in error["message"]


@pytest.mark.parametrize("body, words", [
    (b"role,name\x00,email\n", "NUL bytes"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style Excel workbook (.xls)"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "not UTF-16 text"),
])
def test_files_whose_encoding_cannot_be_told_are_refused_saying_what_to_do(
        admin_client, program, body, words):
    cohort = new_cohort(admin_client, program)
    resp = import_csv(admin_client, cohort, body)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert words in error["message"] and "CSV UTF-8" in error["message"]


def test_headers_match_without_case_or_spaces_and_by_question_text(admin_client, program):
    cohort = new_cohort(admin_client, program)
    body = ("Role;Full Name;E-Mail;CAPACITY;Grow in;help_with;department\r\n"
            "Mentee;Grace Müller;Grace@Example.org;;python;;Data\r\n")
    resp = import_csv(admin_client, cohort, body.replace("Full Name", "Name"), dry_run=True)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["rows"][0]["email"] == "grace@example.org"
    near = import_csv(admin_client, cohort, body.replace("E-Mail", "Emial"), dry_run=True)
    assert near.status_code == 422
    messages = {e["field"]: e["message"] for e in near.get_json()["errors"]}
    assert "did you mean 'email'?" in messages["Emial"]
    assert "did you mean 'name'?" in messages["Full Name"]
    assert all(e["row"] == 1 for e in near.get_json()["errors"])


def test_a_replacement_character_already_in_the_file_is_refused(admin_client, program):
    cohort = new_cohort(admin_client, program)
    body = csv_text([person(1, name="Grace M\ufffdller")])
    resp = import_csv(admin_client, cohort, body)
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert (error["row"], error["field"]) == (2, "name") and "lost" in error["message"]


def test_exports_open_in_excel_csv_with_a_bom_and_xlsx(admin_client, program):
    cohort = new_cohort(admin_client, program)
    rows = [person(1, name="Zoë Ørsted", bio="=HYPERLINK(\"http://x\")"), person(2, "mentor")]
    assert import_csv(admin_client, cohort, csv_text(rows)).status_code == 200
    exported = admin_client.get(f"/api/admin/cohorts/{cohort}/participants.csv").get_data()
    assert exported.startswith(codecs.BOM_UTF8)
    assert "Zoë Ørsted" in exported.decode("utf-8-sig")
    book = admin_client.get(f"/api/admin/cohorts/{cohort}/participants.xlsx")
    assert book.status_code == 200 and book.mimetype == XLSX
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(book.get_data())).worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "Zoë Ørsted" in cells
    assert cells["=HYPERLINK(\"http://x\")"].data_type == "s"  # text, never a formula
    # Each export imports back into a new cohort as the same people.
    for body, kind in ((exported, "text/csv"), (book.get_data(), XLSX)):
        other = new_cohort(admin_client, program, name=f"Again {kind[-4:]}")
        again = import_csv(admin_client, other, body,
                           headers={"X-Requested-With": "tandem", "Content-Type": kind})
        assert again.status_code == 200, again.get_json()
        assert stored(admin_client, other) == stored(admin_client, cohort)


def test_template_and_import_accept_the_csrf_header_only(admin_client, program):
    cohort = new_cohort(admin_client, program)
    resp = import_csv(admin_client, cohort, xlsx_of(people_rows(WESTERN, 2)),
                      headers={"Content-Type": XLSX})
    assert resp.status_code == 403
    assert import_csv(admin_client, cohort, "x", headers={**CSV_HEADERS,
                                                          "Content-Type": "text/plain"}).status_code == 403
    # Bytes of no stated kind are told by what they are: a zip is a workbook.
    untyped = import_csv(admin_client, cohort, xlsx_of(people_rows(WESTERN, 2)), dry_run=True,
                         headers={**CSV_HEADERS, "Content-Type": "application/octet-stream"})
    assert untyped.status_code == 200 and untyped.get_json()["format"] == "xlsx"


def test_a_workbook_whose_rows_go_past_the_limit_is_refused_fast(admin_client, program):
    """One cell on Excel's last row: openpyxl fills the million rows before it
    with empty ones, and the import stops counting at its 10,000-people limit."""
    from tests.api.test_hostile_input import within
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.cell(row=1_048_576, column=1, value="mentee")
    out = io.BytesIO()
    book.save(out)
    cohort = new_cohort(admin_client, program)
    with within(10):
        resp = import_csv(admin_client, cohort, out.getvalue(), dry_run=True,
                          headers={"X-Requested-With": "tandem", "Content-Type": XLSX})
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert error["row"] == 10_002 and "at most 10,000 people" in error["message"]
