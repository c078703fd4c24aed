"""Reading a participant file (functions/domain/spreadsheet.py): whatever
cells a spreadsheet writes, in whichever encoding and separator, are read
back as the same cells; the header's columns are told as a person means them."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings, strategies as st

from functions.domain import roster_header, spreadsheet

def _in_cp1252(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


#: Characters Windows-1252 holds, its 0x80-0x9F ones (€ Š Œ Ž …) among them.
WESTERN = st.characters(min_codepoint=32, max_codepoint=0x2122,
                        blacklist_categories=("Cs", "Cc")).filter(_in_cp1252)
ANY = st.characters(min_codepoint=32, blacklist_categories=("Cs", "Cc"))
SEPARATORS = [",", ";", "\t"]
ENCODINGS = [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("utf-16", "UTF-16")]
HEADER = ["role", "name", "email", "wants"]


def written(rows: list[list[str]], sep: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows([HEADER, *rows])
    return out.getvalue()


def cells(alphabet) -> st.SearchStrategy:
    """Rows of four cells; a cell may hold a line break (then quoted)."""
    text = st.text(st.one_of(alphabet, st.just("\n")), max_size=12)
    return st.lists(st.lists(text, min_size=4, max_size=4), min_size=1, max_size=8)


def read_back(body: bytes) -> tuple[spreadsheet.Sheet, list[list[str]]]:
    sheet = spreadsheet.read(body, "text/csv", 200)
    return sheet, [c for _, _, c in sheet.records]


@settings(max_examples=150, deadline=None)
@given(rows=cells(ANY), sep=st.sampled_from(SEPARATORS), enc=st.sampled_from(ENCODINGS))
def test_unicode_files_read_back_as_written(rows, sep, enc):
    codec, name = enc
    sheet, got = read_back(written(rows, sep).encode(codec))
    assert (sheet.encoding, sheet.separator) == (name, sep)
    assert got == [HEADER, *rows]


@settings(max_examples=150, deadline=None)
@given(rows=cells(WESTERN), sep=st.sampled_from(SEPARATORS))
def test_windows_1252_files_read_back_as_written(rows, sep):
    text = written(rows, sep)
    body = text.encode("cp1252")
    sheet, got = read_back(body)
    try:
        # ASCII alone (or, rarely, letters such as "Ã©") is UTF-8 as well, and read as that.
        as_utf8 = body.decode("utf-8")
    except UnicodeDecodeError:
        assert (sheet.encoding, sheet.separator) == ("Windows-1252", sep)
        assert got == [HEADER, *rows]
    else:
        assert sheet.encoding == "UTF-8"
        assert got == list(csv.reader(io.StringIO(as_utf8, newline=""), delimiter=sep))
    assert not any("\ufffd" in c for row in got for c in row)


@settings(max_examples=100, deadline=None)
@given(options=st.lists(st.sampled_from(["python", "sql", "data;science"]), min_size=2,
                        max_size=3))
def test_a_quoted_header_cell_with_semicolons_does_not_make_them_the_separator(options):
    header = ",".join(['"' + ";".join(options) + '"', "role", "name", "email"])
    assert spreadsheet.separator(header + "\r\nx;y;z,mentee,A,a@example.org\r\n") == ","


def test_separator_on_a_tie_or_none_is_a_comma():
    assert spreadsheet.separator("role\nmentee\n") == ","
    assert spreadsheet.separator("a;b,c\n") == ","
    assert spreadsheet.separator("a\tb\tc;d\n") == "\t"


@pytest.mark.parametrize("body", [b"\x81\x8d role", "Grüße".encode("cp1252") + b"\x01"])
def test_bytes_neither_utf8_nor_windows_1252_are_refused(body):
    with pytest.raises(spreadsheet.Unreadable, match="encoding cannot be told"):
        spreadsheet.read(body, "text/csv", 200)


QUESTIONS = [{"id": "wants", "label": "What would you like to grow in?", "required": True},
             {"id": "dept", "label": "Department", "required": False},
             {"id": "a", "label": "Same text", "required": False},
             {"id": "b", "label": "Same text", "required": False}]


@pytest.mark.parametrize("typed, column", [
    ("E-Mail", "email"), (" ROLE ", "role"), ("Job Title", "job_title"), ("what would you like "
     "to grow in?", "wants"), ("DEPT", "dept"), ("department", "dept")])
def test_headers_are_matched_without_case_spaces_or_dashes(typed, column):
    named, problems = roster_header.match(["role", "name", "email", "wants", typed], QUESTIONS)
    assert named[-1] == column


@pytest.mark.parametrize("typed, hint", [("emial", "email"), ("Full name", "name"),
                                         ("Email address", "email"), ("wnats", "wants")])
def test_a_near_miss_gets_the_closest_column(typed, hint):
    _, problems = roster_header.match(["role", "name", "email", "wants", typed], QUESTIONS)
    assert [m for f, m in problems if f == typed] == [
        f"unknown column {typed!r}: did you mean {hint!r}? A column is role, name, email, "
        "capacity, job_title, bio, or a question of this program by its id or its text "
        "(see the template)"]


def test_a_text_two_questions_share_names_neither():
    _, problems = roster_header.match(["role", "name", "email", "wants", "Same text"], QUESTIONS)
    assert [f for f, _ in problems] == ["Same text"]


def test_a_near_miss_of_a_questions_text_suggests_the_text_and_is_not_reported_twice():
    _, problems = roster_header.match(["role", "Full name", "email", "wants", "Departmnt"],
                                      QUESTIONS)
    assert [f for f, _ in problems] == ["Full name", "Departmnt"]  # no "has no name column"
    assert "did you mean 'Department'?" in problems[1][1]


def test_excels_sep_line_names_the_separator_and_is_not_a_row():
    body = "sep=;\r\nrole;name;email\r\nmentee;Zoë, Ørsted;zoe@example.org\r\n".encode("utf-8-sig")
    sheet, got = read_back(body)
    assert sheet.separator == ";"
    assert got == [["role", "name", "email"], ["mentee", "Zoë, Ørsted", "zoe@example.org"]]
