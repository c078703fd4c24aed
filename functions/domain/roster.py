"""A cohort's participant list as the admin page asks for it: filtered,
sorted, and cut into pages with a link to the next one."""
from __future__ import annotations

from urllib.parse import urlencode

from functions.errors import Invalid

#: People per page: a cohort of a few hundred is one page (the site shows it
#: at once), bigger ones are followed through ``next``.
PAGE = 1000
FILTERS = ("role", "status", "q", "matched")
#: Kept in the ``next`` link beside the filters.
KEPT = FILTERS + ("mark_matched",)


def _bool(value: str, field: str) -> bool:
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    raise Invalid(f"{field}: true or false", field=field)


def marks_matched(args) -> bool:
    """Whether each row should say if its person is matched (``mark_matched``):
    the cohort page reads the list and who is matched in one pass."""
    return _bool(args["mark_matched"], "mark_matched") if args.get("mark_matched") else False


def select(people: list[dict], args, matched_ids: set[str] | None = None) -> list[dict]:
    """The people that pass the filters in ``args`` (role, status, q for
    name or e-mail, matched), by role then name."""
    role, status, q = args.get("role"), args.get("status"), (args.get("q") or "").casefold()
    if role and role not in ("mentor", "mentee"):
        raise Invalid("role: mentor or mentee", field="role")
    if status and status not in ("active", "withdrawn"):
        raise Invalid("status: active or withdrawn", field="status")
    matched = _bool(args["matched"], "matched") if args.get("matched") else None
    ids = matched_ids or set()
    out = [p for p in people
           if (not role or p["role"] == role)
           and (not status or p.get("status", "active") == status)
           and (not q or q in p["name"].casefold() or q in p["email"])
           and (matched is None or (p["id"] in ids) == matched)]
    return sorted(out, key=lambda v: (v["role"], v["name"].lower(), v["id"]))


def page(people: list[dict], args, path: str,
         matched_ids: set[str] | None = None) -> list[dict] | dict:
    """The plain list when everything fits one page and no page was asked
    for (as the site has always read it); else ``{participants, next}``,
    ``next`` being the URL of the next page or None. With ``matched_ids``
    each row of the page says whether its person is matched."""
    try:
        start = int(args.get("cursor") or 0)
        size = int(args.get("limit") or PAGE)
    except ValueError:
        raise Invalid("cursor and limit are whole numbers", field="cursor") from None
    if start < 0 or not 1 <= size <= PAGE:
        raise Invalid(f"limit: from 1 to {PAGE}", field="limit")
    def rows(part: list[dict]) -> list[dict]:
        if matched_ids is None:
            return part
        return [{**p, "matched": p["id"] in matched_ids} for p in part]

    if "cursor" not in args and "limit" not in args and len(people) <= PAGE:
        return rows(people)
    chunk = rows(people[start:start + size])
    nxt = None
    if start + size < len(people):
        keep = {k: args[k] for k in KEPT if args.get(k)}
        nxt = f"{path}?{urlencode({**keep, 'limit': size, 'cursor': start + size})}"
    return {"participants": chunk, "next": nxt}
