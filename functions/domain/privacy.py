"""A participant's own data: export it all, erase it all, withdraw consent.

Export: everything Tandem holds about the signed-in person, as one JSON
document — her enrolments with their answers and self-assessments (kept on
the enrolment record, so erasing it erases them), her self-identification, her
sessions (times only), pending sign-in links (a count), each of her matches
as she sees it, every journal item she wrote, and the follow-up that names
her (reminders sent to her; her requests and how they were handled).

Erase: first the follow-up that names her (found through her matches, and
her requests through their closures, while both still say who she is),
then what she wrote (found through the journal's ``by-author`` index), then
her self-identification and enrolments, then her links, sessions and
sign-in counter. Done in that order a failure half-way can be repeated: the
session survives until the end. What her partners wrote stays; pages then
show her as "a former participant". The published runs keep her random
participant id (they are the admin's record of what was published), and so
do the ids of her matches, which are made from it and key the partner's
journal and reminders; nothing that names her or her address stays.
"""
from __future__ import annotations

from datetime import datetime, timezone

from functions.db import journal as store
from functions.db import match_cards, participant_auth, participant_data, progress
from functions.domain import choices, followup, journal, participant_matches, ranking
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
        "rankings": ranking.mine(recs),
        "follow_up": followup.about(recs, participant_matches.match_ids(recs)),
    }


def erase(email: str, confirm) -> dict:
    if confirm is not True:
        raise Invalid('confirm: send {"confirm": true} to erase your data for good',
                      field="confirm")
    recs = participant_data.records(email)
    # Her matches are found through her records (and choices): before either goes.
    matches = participant_matches.match_ids(recs)
    partners = participant_matches.partner_records(recs)
    asked = followup.asked_by(recs, matches)
    follow_up = followup.forget(recs, matches, asked)
    written = sum(store.erase_author(r["id"]) for r in recs)
    choices.forget(recs)
    ranking.forget(recs)
    # Her closures now say "erased", so no rematch can enrol her again; one
    # that did since her records were read goes with the others.
    recs += followup.enrolled_again(asked, email, recs)
    participant_data.erase_records(recs)
    # Her match cards go, and so do her partners', which name her: now, not
    # when they next look (functions.db.match_cards).
    match_cards.touch_now(r["cohort_id"] for r in recs)
    match_cards.forget(partners | {(r["cohort_id"], r["email"]) for r in recs})
    # Her progress goes; her partners' is read again from what is left.
    progress.forget({(r["cohort_id"], r["email"]) for r in recs})
    progress.stale(partners, matches)
    # Once more: a reminder the daily job claimed for her meanwhile goes too,
    # and so does what an admin's answer to her request wrote meanwhile.
    follow_up += followup.forget(recs, matches, asked)
    signed_in = participant_auth.erase(email)
    return {"enrolments": len(recs), "journal_items": written, "follow_up_items": follow_up,
            "sessions_and_links": signed_in}


def withdraw_self_identification(email: str) -> int:
    recs = participant_data.records(email)
    participant_data.delete_self_ids(recs)
    return len(recs)
