"""Who single sign-on lets in, and as what (the flow is ``functions.auth.oidc``).

- An admin: someone already in the admins table under the e-mail the
  provider vouches for; someone with a live invitation to that address (the
  sign-in accepts it); or, when ``TANDEM_OIDC_ADMIN_CLAIM`` is set, whoever
  carries that claim. An admin made by the claim is marked so, and signing in
  without it removes the admin (and with it every open session of theirs).
- A participant: anyone with a verified e-mail address; My mentoring shows
  the enrolments of that address, and enrolment takes name and address.

Every success and every refusal is written to the audit log.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from functions.auth import admin as admin_auth
from functions.auth import participant as participant_auth
from functions.auth.oidc import Identity, SignInProblem, admin_claim, carries
from functions.db import admins, audit, invitations, login_counters
from functions.errors import Conflict
from functions.settings import Settings

#: ``Admin.granted_by`` of an admin the claim made; its loss ends them.
BY_CLAIM = "sso-claim"
BY_INVITATION = "sso-invitation"
#: The audit log's "who" when the person is not known (no e-mail yet).
NOBODY = "(single sign-on)"
#: Refused sign-ins logged per client (IP) and window; past it, one line says so.
LOGGED_REFUSALS = 30
REFUSAL_WINDOW = timedelta(minutes=15)
REFUSAL_COUNTER = "sso-refused:"


def admin_email(settings: Settings, person: Identity) -> str:
    """The admin ``person`` signs in as, or ``SignInProblem("not_admin")``."""
    email = person.email
    wanted = admin_claim(settings)
    has_claim = carries(person.claims, wanted)
    record = admins.get_admin(email)
    if record and record.get("granted_by") != BY_CLAIM:
        return email  # invited, or made with `tandem admin create`
    if has_claim:
        if record is None:
            try:
                admins.create_admin(email, None, granted_by=BY_CLAIM)
                audit.record(email, "admin.granted_by_claim", "admin", email,
                             {"claim": f"{wanted[0]}={wanted[1]}"})
            except Conflict:
                pass  # a sign-in of the same person in another tab made it first
        return email
    if record is not None:
        try:
            admins.remove_admin(email)
            audit.record(email, "admin.claim_lost", "admin", email,
                         {"claim": f"{wanted[0]}={wanted[1]}" if wanted else None})
        except Conflict:
            pass  # the last admin stays in the table, but is not let in without the claim
        raise SignInProblem("not_admin", "the admin claim is gone: admin rights removed",
                            email=email)
    if invitations.accept_for(email, BY_INVITATION):
        audit.record(email, "admin.accept", "admin", email, {"by": "single sign-on"})
        return email
    raise SignInProblem("not_admin", "no admin, invitation or admin claim for this address",
                        email=email)


def sign_in(settings: Settings, who: str, person: Identity) -> tuple[str, datetime]:
    """Open the session ``who`` asked for: (cookie token, its end)."""
    if who == "admin":
        email = admin_email(settings, person)
        token, expires = admin_auth.open_session(email, settings.session_hours)
    else:
        email = person.email
        token, expires = participant_auth.open_session(email, person.name or None)
    audit.record(email, "sign_in.sso", who, email, {"subject": person.subject})
    return token, expires


def refused(who: str, problem: SignInProblem, client: str = "?") -> None:
    """Write a refused sign-in to the audit log: the first ``LOGGED_REFUSALS``
    per client and ``REFUSAL_WINDOW``, and one line saying that the rest were
    not, so nobody can fill the append-only log by replaying bad answers."""
    counted = login_counters.take(login_counters.key(REFUSAL_COUNTER + client),
                                  LOGGED_REFUSALS + 1, REFUSAL_WINDOW)
    if not counted.taken:
        return
    if counted.attempts > LOGGED_REFUSALS:
        audit.record(NOBODY, "sign_in.sso_refusals_not_logged", who, client,
                     {"until": counted.window_ends.isoformat(timespec="seconds"),
                      "logged": LOGGED_REFUSALS})
        return
    email = problem.email or NOBODY
    audit.record(email, "sign_in.sso_refused", who, email,
                 {"problem": problem.problem, "detail": problem.detail})
