"""The demo data is deterministic, varied and valid for its own questionnaire."""
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from functions.local import demo
from functions.api.schemas import EnrollmentIn, validate_answers


ROOT = Path(__file__).resolve().parents[2]
PRINT_PEOPLE = "import json; from functions.local import demo; print(json.dumps(demo.people()))"


def test_same_people_in_every_process():
    """A fresh interpreter, with another string-hash seed each time, makes the
    very people this one does: nothing depends on unseeded randomness or on
    the iteration order of sets."""
    here = json.loads(json.dumps(demo.people()))
    for hash_seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", PRINT_PEOPLE], cwd=ROOT, check=True,
                             capture_output=True, text=True,
                             env=dict(os.environ, PYTHONHASHSEED=hash_seed)).stdout
        assert json.loads(out) == here


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


def test_winter_after_ratings_grow_within_the_scale_and_leave_the_last_skill_to_a_few():
    import random
    from functions.domain.suppression import THRESHOLD
    from functions.local import demo_journal
    skills = ["Confidence", "Leadership", "Networking"]
    before = {"Confidence": 1, "Leadership": 3, "Networking": 5}
    rng = random.Random(1)
    for _ in range(50):
        after = demo_journal.after_ratings(rng, before, skills, last=True)
        assert set(after) == set(skills)
        assert all(before[s] <= after[s] <= min(5, before[s] + 2) for s in skills)
    assert set(demo_journal.after_ratings(rng, before, skills, last=False)) == set(skills[:-1])
    # Enough people rate again for the Growth chart; the last skill stays withheld.
    assert demo_journal.RATED_AGAIN >= THRESHOLD > demo_journal.FEW
    one = [demo_journal.after_ratings(random.Random(7), before, skills, True) for _ in "ab"]
    assert one[0] == one[1]
