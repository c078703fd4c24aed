"""The mentor readiness check: four questions a mentor answers when she
enrols (the time she can give, what she expects, how she listens, how she
gives feedback), each answer followed by guidance written for Tandem.

Only she sees her answers (the enrolment page, her data export); the admin
sees how many mentors chose each answer (``GET /api/admin/cohorts/{id}/readiness``).
The check is optional, so a mentor imported from a file or enrolled before
it existed simply has none.
"""
from __future__ import annotations

from functions.errors import Invalid

QUESTIONS: list[dict] = [
    {"id": "time", "text": "How much time can you give your mentee each month?", "options": [
        {"id": "two_hours", "label": "About two hours: a meeting and some preparation",
         "guidance": "That is what most pairs need: a regular hour together and a little "
                     "time to prepare. Put your first meeting in the calendar as soon as "
                     "you are matched."},
        {"id": "one_hour", "label": "About an hour",
         "guidance": "An hour a month works when meetings are regular. Agree the rhythm "
                     "in your first meeting and keep it; a short message in between helps."},
        {"id": "unsure", "label": "I am not sure yet",
         "guidance": "Look at your next three months before you commit. If time is "
                     "tight, take one mentee rather than several."},
    ]},
    {"id": "expect", "text": "What do you expect to do as a mentor?", "options": [
        {"id": "guide", "label": "Help my mentee find their own answers",
         "guidance": "Good: the best mentors ask more than they tell. Your mentee sets "
                     "the goals; you help them think the goals through."},
        {"id": "advise", "label": "Tell my mentee what to do",
         "guidance": "Advice has its place, but people learn more from finding their own "
                     "way. Ask what they have already thought of before offering your view."},
        {"id": "sponsor", "label": "Open doors for my mentee",
         "guidance": "Introductions can change a career. Offer them when your mentee is "
                     "ready, and let their goals lead."},
    ]},
    {"id": "listening", "text": "When someone brings you a problem, what do you do first?",
     "options": [
        {"id": "ask", "label": "Ask questions until I understand it",
         "guidance": "That is active listening. Sum up what you heard before suggesting "
                     "anything: your mentee feels understood and can correct what you "
                     "got wrong."},
        {"id": "solve", "label": "Suggest a solution",
         "guidance": "A quick answer can cut their thinking short. Try two questions "
                     "first: \u201cWhat have you tried?\u201d and \u201cWhat would a good "
                     "outcome look like?\u201d"},
        {"id": "story", "label": "Tell a similar story of my own",
         "guidance": "Stories help when they are short and about their situation. Bring "
                     "the conversation back to your mentee with a question."},
    ]},
    {"id": "feedback", "text": "How easy do you find giving honest feedback?", "options": [
        {"id": "easy", "label": "Easy: I do it often",
         "guidance": "Keep it specific and kind: say what you saw, what it did, and ask "
                     "what your mentee makes of it."},
        {"id": "sometimes", "label": "Easy sometimes",
         "guidance": "Ask early on how your mentee likes to hear feedback; then one "
                     "specific point at a time is plenty."},
        {"id": "avoid", "label": "I tend to avoid it",
         "guidance": "Many mentors do. Start small: one thing that went well and one to "
                     "try differently, each tied to something you saw."},
    ]},
]

_OPTIONS = {q["id"]: {o["id"] for o in q["options"]} for q in QUESTIONS}


def check(answers: dict) -> dict[str, str]:
    """The answers as stored, or 422 naming ``readiness.<question>``: every
    key a question of the check, every value one of its answers. Questions
    left out are simply unanswered."""
    for key, value in answers.items():
        if key not in _OPTIONS:
            raise Invalid(f"readiness.{key}: not a question of the readiness check",
                          field=f"readiness.{key}")
        if value not in _OPTIONS[key]:
            raise Invalid(f"readiness.{key}: choose one of {', '.join(sorted(_OPTIONS[key]))}",
                          field=f"readiness.{key}")
    return dict(answers)


def counts(answers: list[dict | None], threshold: int) -> dict:
    """How many mentors chose each answer (for the admin: counts, never who).
    Under ``threshold`` mentors who answered, every count is withheld
    (``suppressed``): with three mentors, "1 tends to avoid feedback" points
    at someone."""
    given = [a for a in answers if a]
    hidden = len(given) < threshold
    return {"mentors": len(answers), "answered": len(given), "suppressed": hidden,
            "threshold": threshold,
            "questions": [{"id": q["id"], "text": q["text"],
                           "options": [{"id": o["id"], "label": o["label"],
                                        "count": None if hidden else
                                        sum(1 for a in given if a.get(q["id"]) == o["id"])}
                                       for o in q["options"]]}
                          for q in QUESTIONS]}
