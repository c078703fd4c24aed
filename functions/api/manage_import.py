"""Admin API: a cohort's participants from and to spreadsheets — the import
(CSV in the encodings and separators Excel writes, or .xlsx; a preview
first, then all rows or none; adding people or updating them), its
template, and the export as CSV and .xlsx."""
from __future__ import annotations

from flask import Response, jsonify, request

from functions.api import admin_blueprint, documented
from functions.api.admin_common import csv_response, record
from functions.api.manage import IMPORTABLE, _cohort
from functions.db import roster as db_roster
from functions.domain import questionnaire as qn, roster, roster_columns, roster_csv, \
    roster_update, spreadsheet
from functions.vocab.lifecycle import PUBLISHED, refusal
from functions.errors import Conflict, Invalid

#: Documented as part of ``manage`` (its routes were that blueprint's).
bp = admin_blueprint("manage_import", tag="manage")
MODES = ("add", "update")


@bp.get("/cohorts/<cohort_id>/participants/template.csv")
@documented(answers="text/csv")
def csv_template(cohort_id: str):
    questions = _cohort(cohort_id)["questionnaire"].get("questions", [])
    return csv_response(roster_columns.template(questions), f"participants-template-{cohort_id}.csv")


@bp.post("/cohorts/<cohort_id>/participants/import")
@documented(media="text/csv", body_schema={"type": "string"}, errors=(409, 422),
            query={"dry_run": {"type": "string", "enum": ["1", "true"]},
                   "mode": {"type": "string", "enum": list(MODES)}},
            summary="Import participants from a CSV file (UTF-8, UTF-16 or Windows-1252; "
                    "separated by commas, semicolons or tabs) or an .xlsx workbook (Content-Type "
                    f"{spreadsheet.XLSX_TYPE}); ?dry_run=1 previews, ?mode=update updates "
                    "the people already in the cohort")
def import_participants(cohort_id: str):
    mode = request.args.get("mode", "add")
    if mode not in MODES:
        raise Invalid("mode: add (the default) or update", field="mode")
    cohort = _cohort(cohort_id)
    if cohort["status"] not in IMPORTABLE:
        raise Conflict(refusal(cohort["name"], cohort["status"], "take new people now"), field="cohort")
    questions = cohort["questionnaire"].get("questions", [])
    sheet = roster_csv.read(request.get_data(cache=True), request.mimetype)
    if mode == "update":
        existing = db_roster.by_email(cohort_id)
        partners = _partners(cohort_id, existing) if cohort["status"] == PUBLISHED else {}
        people = roster_csv.parse(sheet, questions, set(), existing,
                                  roster_update.pair_check(existing, partners))
        added, updates = roster_update.plan(people, existing)
    else:
        people = roster_csv.parse(sheet, questions, db_roster.emails(cohort_id))
        added, updates = people, []
    counts = {r: sum(1 for p in added if p["role"] == r) for r in qn.ROLES}
    read = {"mode": mode, "format": sheet.format, "encoding": sheet.encoding,
            "separator": sheet.separator, "read_as": sheet.read_as(),
            "added": len(added), "updated": len(updates),
            "unchanged": len(people) - len(added) - len(updates)}
    if request.args.get("dry_run") in ("1", "true"):
        return jsonify(dry_run=True, imported=0, valid=len(people), counts=counts,
                       rows=_rows(people, added, updates), **read)
    imported = db_roster.import_people(cohort_id, added, IMPORTABLE, updates)
    record("participants.import", "cohort", cohort_id,
           {"imported": imported, **counts, "mode": mode, "updated": len(updates),
            "format": sheet.format, "encoding": sheet.encoding})
    return jsonify(imported=imported, counts=counts, **read)


def _rows(people: list[dict], added: list[dict], updates: list[dict]) -> list[dict]:
    """Who the file holds, in its order, for the preview: each with her row,
    what the import does with her, and in update mode which columns change."""
    new = {p["email"] for p in added}
    changed = {u["email"]: u["fields"] for u in updates}
    return [{"row": p["row"], "role": p["role"], "name": p["name"], "email": p["email"],
             "action": "add" if p["email"] in new else
             "update" if p["email"] in changed else "unchanged",
             "changes": changed.get(p["email"], {})} for p in people]


def _partners(cohort_id: str, existing: dict[str, dict]) -> dict[str, list[str]]:
    """Participant id -> the names of her published partners."""
    from functions.domain import participant_matches
    matches, _ = participant_matches.published_pairs(cohort_id)
    names = {p["id"]: p["name"] for p in existing.values()}
    partners: dict[str, list[str]] = {}
    for m in matches:
        for me, other in ((m["mentee"], m["mentor"]), (m["mentor"], m["mentee"])):
            partners.setdefault(me, []).append(names.get(other, "a former participant"))
    return partners


def _active(cohort_id: str) -> tuple[list, list]:
    questions = _cohort(cohort_id)["questionnaire"].get("questions", [])
    return questions, roster.select(db_roster.everyone(cohort_id), {"status": "active"})


@bp.get("/cohorts/<cohort_id>/participants.csv")
@documented(answers="text/csv")
def export_participants(cohort_id: str):
    questions, people = _active(cohort_id)
    return csv_response(roster_columns.export(questions, people), f"participants-{cohort_id}.csv")


@bp.get("/cohorts/<cohort_id>/participants.xlsx")
@documented(answers=spreadsheet.XLSX_TYPE)
def export_participants_xlsx(cohort_id: str):
    """The cohort's active people as an Excel workbook, in the import format."""
    questions, people = _active(cohort_id)
    body = spreadsheet.write_xlsx(roster_columns.header(questions),
                                  roster_columns.table(questions, people))
    return Response(body, mimetype=spreadsheet.XLSX_TYPE, headers={
        "Content-Disposition": f'attachment; filename="participants-{cohort_id}.xlsx"'})
