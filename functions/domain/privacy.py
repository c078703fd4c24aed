"""A participant's own data: export it all, erase it all, withdraw consent.

Export: everything Tandem holds about the signed-in person, as one JSON
document — her enrolments with their answers and self-assessments (kept on
the enrolment record, so erasing it erases them), her self-identification, her
sessions (times only), pending sign-in links (a count), each of her matches
as she sees it, and every journal item she wrote.

Erase: what she wrote is deleted first (found through the journal's
``by-author`` index while her records still say who she is), then her
self-identification and enrolments, then her links, sessions and sign-in
counter. Done in that order a failure half-way can be repeated: the
session survives until the end. What her partners wrote stays; pages then
show her as "a former participant". The published runs keep her random
participant id (they are the admin's record of what was published), but
nothing that names her or her address.
"""
from __future__ import annotations

from datetime import datetime, timezone

from functions.db import journal as store
from functions.db import participant_auth, participant_data
from functions.domain import choices, journal, participant_matches
from functions.errors import Invalid


def export(email: str) -> dict:
    recs, matches = participant_matches.my_matches(email)
    return {
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "email": email,
        "enrolments": participant_data.full_records(email),
        "self_identification": participant_data.self_ids(recs),
        "sessions": participant_auth.sessions_of(email),
        "pending_sign_in_links": participant_auth.pending_tokens(email),
        "matches": [journal.page(m["id"], email) for m in matches],
        "written_by_me": [item for r in recs for item in store.by_author(r["id"])],
        "mentor_requests": choices.mine(recs),
    }


def erase(email: str, confirm) -> dict:
    if confirm is not True:
        raise Invalid('confirm: send {"confirm": true} to erase your data for good',
                      field="confirm")
    recs = participant_data.records(email)
    written = sum(store.erase_author(r["id"]) for r in recs)
    choices.forget(recs)
    participant_data.erase_records(recs)
    signed_in = participant_auth.erase(email)
    return {"enrolments": len(recs), "journal_items": written,
            "sessions_and_links": signed_in}


def withdraw_self_identification(email: str) -> int:
    recs = participant_data.records(email)
    participant_data.delete_self_ids(recs)
    return len(recs)
