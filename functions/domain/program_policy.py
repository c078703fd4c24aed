"""A program's matching policy as the portal keeps it: the version in force
(or the program's built-in criteria), its warnings, and saving a new version."""
from __future__ import annotations

from functions.db import policies, programs
from functions.domain import policy as rules
from functions.errors import Conflict, Invalid


def _mode(base: dict, saved: dict | None) -> str:
    """The program's matching mode: its own setting; a program stored before
    it kept one (None) goes by its newest saved policy, else admin."""
    return base["matching_mode"] or (saved or {}).get("mode") or "admin"


def current_policy(program_id: str) -> dict:
    """The newest saved version, or version 0: the program's built-in criteria.
    Its mode is always the program's ``matching_mode``: the one place the mode
    is kept, so a choice program is matched in choice mode whether or not a
    policy was ever saved."""
    base = programs.program_policy_base(program_id)
    saved = policies.latest(program_id)
    if saved:
        return dict(saved, mode=_mode(base, saved))
    return {"version": 0, "criteria": base["criteria"], "min_score": 0,
            "mode": _mode(base, None), "saved_by": None, "saved_at": None,
            "changes": [], "restored_from": None}


def policy_warnings(program_id: str, policy: dict) -> list[dict]:
    """``policy.warnings`` against the program's questionnaire as it is now."""
    questions = programs.program_policy_base(program_id)["questionnaire"].get("questions", [])
    return rules.warnings(policy, questions)


def save_policy(program_id: str, body: dict, by: str) -> int:
    """Validate and save ``body`` as the next version; returns its number.

    ``body.version``, if given, is the version the editor started from: a save
    on top of a newer one is refused (409) instead of silently overwriting it.
    ``body.restore`` saves an earlier version again as the newest.
    """
    base = programs.program_policy_base(program_id)
    current = current_policy(program_id)
    mode = current["mode"]
    restored_from = None
    if "restore" in body:
        version = body["restore"]
        if not isinstance(version, int) or isinstance(version, bool):
            raise Invalid("restore: the version number to restore", field="restore")
        old = policies.get(program_id, version)
        # A restore brings back criteria and minimum; the mode stays the program's.
        wanted, restored_from = dict(old, mode=mode), version
    else:
        wanted = body if "mode" in body else dict(body, mode=mode)
        if "confirmed" not in wanted and current.get("confirmed"):  # flags kept stay kept
            wanted = dict(wanted, confirmed=current["confirmed"])
        started = body.get("version")
        if started is not None and started != current["version"]:
            raise Conflict(f"the policy was changed by someone else (now version "
                           f"{current['version']}); reload it and save again", field="version")
    policy = rules.validate(wanted, base["questionnaire"].get("questions", []))
    said = rules.changes(current if current["version"] else None, policy)
    if restored_from is not None:
        said = [f"restored version {restored_from}"] + [c for c in said if c != "no change"]
    version = policies.save(program_id, policy, version=current["version"] + 1, by=by,
                            changes=said, restored_from=restored_from)
    if policy["mode"] != base["matching_mode"]:  # saved with the policy, kept on the program
        programs.set_matching_mode(program_id, policy["mode"])
    return version
