"""Self-identification: the optional questions asked at enrolment with their
own consent (stored apart, reported only in aggregate), and the names a
program's goals use for them when the program has turned that on."""
from __future__ import annotations

AGE_RANGES = ("under 25", "25–34", "35–44", "45–54", "55+", "prefer not to say")

#: Goal question id -> (its words, its options or None for an answer in her own words).
QUESTIONS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "self_id.gender": ("Gender (self-identified)", None),
    "self_id.age_range": ("Age range (self-identified)", AGE_RANGES),
    "self_id.ethnicity": ("Ethnicity (self-identified)", None),
}


def is_self_id(question: str | None) -> bool:
    return bool(question) and question in QUESTIONS


def group_of(question: str, answer) -> str | None:
    """Her group for a goal: an answer in her own words compared without
    case or surrounding spaces ("Woman" and "woman " are one group)."""
    if not isinstance(answer, str) or not answer.strip():
        return None
    options = QUESTIONS[question][1]
    return answer if options else answer.strip().casefold()
