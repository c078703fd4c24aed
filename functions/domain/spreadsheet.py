"""A participant file as spreadsheets really write it: the first sheet of an
``.xlsx`` workbook, or CSV text whose encoding and separator are told here,
on the server, once (the preview and the import read the same way).

Encodings, in the order they are tried: UTF-8 with a byte-order mark (Excel's
"CSV UTF-8"), UTF-16 with one (Excel's "Unicode Text", tab separated), UTF-8,
and Windows-1252 (Excel's "CSV" on Windows in western Europe and the
Americas) when the bytes are not UTF-8. UTF-8 is tried before Windows-1252
because text in Windows-1252 with any letter beyond ASCII is almost never
valid UTF-8, while the reverse guess would turn every "ü" into "Ã¼". Bytes
that are neither (or hold NUL bytes, as UTF-16 without its mark does) are
refused with what to do: nothing is ever decoded with replacement characters.

The separator is one of ``,`` ``;`` and tab: the one a first line
``sep=;`` names (Excel writes and reads that line), else whichever the
header line holds most of outside quotes (Excel writes ``;`` where the
decimal mark is a comma).
``csv.Sniffer`` is not used: it guesses from the data rows, where a quoted
multiple-choice answer ("python;sql") is full of ``;``.

Pure: no storage. ``roster_csv`` checks the cells against the questionnaire.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Iterator

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
#: What the preview says about each encoding.
READ_AS = {"UTF-8": "UTF-8", "UTF-8 with BOM": "UTF-8 with a byte-order mark (Excel's CSV UTF-8)",
           "UTF-16": "UTF-16 (Excel's Unicode Text)",
           "Windows-1252": "Windows-1252 (Excel on Windows)"}
#: An .xlsx is a zip: its parts, unpacked, may hold at most this much XML
#: (10,000 people with long answers take about 15 MB), so a small "zip
#: bomb" cannot make the server unpack gigabytes.
MAX_UNPACKED = 40 * 1024 * 1024
MAX_PARTS = 500
#: The header line is looked at up to here to tell the separator.
SNIFF_CHARS = 64 * 1024
SEP_LINE = re.compile(r"sep=([,;\t])[ ]*(?:\r\n|\n|\r)")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAVE_AS = "save it from Excel as “CSV UTF-8 (Comma delimited)” or as an Excel workbook (.xlsx)"


class Unreadable(ValueError):
    """The file as a whole cannot be read; the message says what to do."""


@dataclass
class Sheet:
    """The file's rows as Excel numbers them (the header is row 1), each with
    its line in the file and its cells as text, and how it was read."""
    records: Iterator[tuple[int, int, list[str]]]
    format: str  # "csv" or "xlsx"
    encoding: str | None
    separator: str | None
    #: Cells the CSV export made inert with a leading "'" ("'=x"): CSV only.
    escaped: bool

    def read_as(self) -> str:
        if self.format == "xlsx":
            return "read as an Excel workbook (.xlsx), its first sheet"
        return (f"read as {READ_AS[self.encoding]}, columns separated by "
                f"{SEPARATORS[self.separator]}s")


def read(body: bytes, content_type: str, max_columns: int) -> Sheet:
    """The sheet in ``body``: an .xlsx workbook by its Content-Type or its
    zip signature, else CSV text. Raises ``Unreadable``."""
    if content_type == XLSX_TYPE or body.startswith(b"PK\x03\x04"):
        return Sheet(_xlsx_records(body, max_columns), "xlsx", None, None, False)
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise Unreadable("this is an old-style Excel workbook (.xls), which Tandem does not "
                         f"read: {SAVE_AS}")
    text, encoding = decode(body)
    named = SEP_LINE.match(text)
    if named:
        # Excel's "sep=;" first line names the separator; Excel hides it, so rows count after it.
        text, sep = text[named.end():], named.group(1)
    else:
        sep = separator(text)
    first = text[:text.find("\n")] if "\n" in text else text
    if first.count(sep) >= max_columns:
        # Refused before it is split: a 5 MB line would be millions of columns.
        raise Unreadable(f"the first line has more than {max_columns} columns; it must be "
                         "the header role,name,email,capacity,… (see the template)")
    return Sheet(_csv_records(text, sep), "csv", encoding, sep, True)


def decode(body: bytes) -> tuple[str, str]:
    """The text and the name of its encoding (a key of ``READ_AS``)."""
    if body.startswith(codecs.BOM_UTF8):
        text, name = _strict(body[3:], "utf-8", "UTF-8 with BOM"), "UTF-8 with BOM"
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, name = _strict(body, "utf-16", "UTF-16"), "UTF-16"
    elif b"\x00" in body[:4096]:
        raise Unreadable("the file holds NUL bytes, as UTF-16 text without its byte-order "
                         f"mark or a file that is not text does; {SAVE_AS}")
    else:
        try:
            text, name = body.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, name = _strict(body, "cp1252", "Windows-1252"), "Windows-1252"
    if name == "Windows-1252" and (bad := CONTROL.search(text)):
        # Control characters are a sign the bytes are no Windows-1252 text either.
        raise Unreadable(f"the file holds control characters (U+{ord(bad.group()):04X}), "
                         f"so its encoding cannot be told; {SAVE_AS}")
    return text, name


def _strict(body: bytes, codec: str, name: str) -> str:
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        what = ("neither UTF-8 nor Windows-1252 text" if codec == "cp1252"
                else f"not {name} text though it starts like it")
        raise Unreadable(f"the file is {what} (byte {exc.start + 1} cannot be read), so its "
                         f"encoding cannot be told; {SAVE_AS}") from None


def separator(text: str) -> str:
    """``,`` ``;`` or tab: whichever the header line holds most of outside
    quotes; a comma when it holds none (a file of one column) or on a tie."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in text[:SNIFF_CHARS]:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in counts:
            counts[ch] += 1
        elif ch in "\r\n":
            break
    return max(SEPARATORS, key=lambda s: (counts[s], s == ","))


def _csv_records(text: str, sep: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    # csv.reader yields [] for a blank line, so the count stays Excel's.
    for number, cells in enumerate(reader, start=1):
        yield number, reader.line_num, cells


def _xlsx_records(body: bytes, max_columns: int):
    try:
        parts = zipfile.ZipFile(io.BytesIO(body)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise Unreadable(f"the file is not a readable .xlsx workbook; {SAVE_AS}") from None
    # A member never unpacks to more than its declared size (zipfile stops there).
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise Unreadable(f"unpacked, the workbook is over {MAX_UNPACKED // 2**20} MB; keep "
                         "only the participants' sheet, or save it as CSV UTF-8")
    import openpyxl  # loaded with the first spreadsheet, not at start
    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise Unreadable(f"the workbook could not be read ({type(exc).__name__}); open it in "
                         f"Excel and {SAVE_AS}") from None
    return _sheet_rows(book, max_columns)


def _sheet_rows(book, max_columns: int):
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        # Dimensions in the file may be wrong or huge; read what is there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=max_columns + 1, values_only=True)
        for number in itertools.count(1):
            try:
                values = next(rows, None)
            except Exception as exc:  # damaged sheet XML, a forbidden DTD (defusedxml), …
                raise Unreadable(f"row {number} of the workbook could not be read "
                                 f"({type(exc).__name__}); open it in Excel and "
                                 f"{SAVE_AS}") from None
            if values is None:
                return
            cells = [_text(v) for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            yield number, number, cells
    finally:
        book.close()


def _text(value) -> str:
    """A cell as the text Excel shows for it (without its number format)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def write_xlsx(columns: list[str], rows: list[list], title: str = "Participants") -> bytes:
    """A table as an .xlsx workbook of one sheet (openpyxl's write-only mode,
    which streams rows instead of keeping a cell object for each).

    Formula-safe: every text is stored as text (an inline string), so
    "=HYPERLINK(…)" is shown, never run, and needs no leading "'"."""
    import openpyxl  # loaded with the first spreadsheet, not at start
    from openpyxl.cell import WriteOnlyCell
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])

    def cell(value):
        if not isinstance(value, str):
            return value
        c = WriteOnlyCell(sheet, value=value)
        c.data_type = "s"  # openpyxl would take a text starting with "=" for a formula
        return c

    sheet.append([cell(c) for c in columns])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
