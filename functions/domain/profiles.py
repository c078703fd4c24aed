"""Profiles: what a participant says about herself beyond the questionnaire
(a job title and a short bio), and what her partner sees of her.

A partner sees her job title, her bio and her answers to the questions her
program marks ``shown_to_partner`` — nothing else of her record: never her
self-identification, never an answer to an unmarked question. Pure: no
storage, no pydantic (``functions.api.schemas`` wraps ``clean`` for requests,
``roster_csv`` calls it for imports).
"""
from __future__ import annotations

from functions.vocab import text as text_rules

#: The profile's fields and their length limits, in characters.
LIMITS = {"job_title": 100, "bio": 600}
FIELDS = tuple(LIMITS)


def clean(field: str, value: object) -> str | None:
    """``value`` stripped of surrounding whitespace, None when empty; raises
    ValueError (the words for the form) when it is not text, too long, or
    breaks the text rule (``functions.vocab.text``: a job title is one line,
    a bio may hold line breaks, neither any other control character)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = text_rules.check(value.strip(), lines=field == "bio")
    if not text:
        return None
    if len(text) > LIMITS[field]:
        raise ValueError(f"at most {LIMITS[field]} characters (this has {len(text)})")
    return text


def answer_text(value: object) -> str:
    """An answer as words: the options chosen joined with ", ", numbers as typed."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def partner_profile(person: dict, questions: list[dict]) -> dict:
    """What her partner may see of ``person`` beyond name and contact:
    ``{job_title, bio, answers: [{label, answer}]}``, the answers only to
    ``questions`` marked ``shown_to_partner``, in the questionnaire's order."""
    given = person.get("answers") or {}
    shown = []
    for q in questions or []:
        value = given.get(q.get("id"))
        if q.get("shown_to_partner") and value not in (None, "", []):
            shown.append({"label": q["label"], "answer": answer_text(value)})
    return {"job_title": person.get("job_title"), "bio": person.get("bio"), "answers": shown}
