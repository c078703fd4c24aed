"""The demo data is deterministic, varied and valid for its own questionnaire."""
from collections import Counter

from functions.local import demo
from functions.schemas import EnrollmentIn, validate_answers


def test_same_people_every_time():
    assert demo.people() == demo.people()


def test_forty_mentors_and_120_mentees_with_unique_emails():
    people = demo.people()
    roles = Counter(p["role"] for p in people)
    assert roles == {"mentor": 40, "mentee": 120}
    assert len({p["email"] for p in people}) == len(people)


def test_every_profile_passes_the_enrolment_validation():
    for p in demo.people():
        EnrollmentIn.model_validate(dict(p, consent=True))
        assert validate_answers(demo.QUESTIONS, p["role"], p["answers"]) == p["answers"]


def test_profiles_are_varied():
    people = demo.people()
    assert len({p["answers"]["department"] for p in people}) >= 10
    assert len({p["answers"]["office"] for p in people}) >= 6
    wants = Counter(s for p in people if p["role"] == "mentee" for s in p["answers"]["wants"])
    assert len(wants) >= 12
    # Skewed popularity, as in real programs.
    assert wants.most_common()[0][1] >= 3 * wants.most_common()[-1][1]
