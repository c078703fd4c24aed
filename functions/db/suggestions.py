"""Choice mode's suggestions: one item per (run, mentee), written by the
matcher with deterministic keys, so a repeated run writes the same items; a
mentee's page reads exactly her own item."""
from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from functions.db.base import Base


class Suggestion(Base):
    class Meta(Base.Meta):
        base_name = "suggestions"

    run_id = UnicodeAttribute(hash_key=True)
    mentee = UnicodeAttribute(range_key=True)
    items = JSONAttribute(default=list)  # [{"mentor", "score", "reasons"}], best first


def write_suggestions(run_id: str, by_mentee: dict[str, list]) -> int:
    """Store each mentee's suggestions under (run, mentee); returns the count."""
    with Suggestion.batch_write() as batch:
        for mentee, items in by_mentee.items():
            batch.save(Suggestion(run_id=run_id, mentee=mentee, items=items))
    return len(by_mentee)


def suggestions_for(run_id: str, mentee_id: str) -> list[dict]:
    try:
        return Suggestion.get(run_id, mentee_id).items
    except Suggestion.DoesNotExist:
        return []


def all_suggestions(run_id: str) -> dict[str, list]:
    """Every mentee's suggestions of a run (admin checks and tests)."""
    return {s.mentee: s.items for s in Suggestion.query(run_id)}
