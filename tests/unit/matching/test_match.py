"""match_cohort and suggest end to end: the contract's example, reasons, why-nots."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from functions.matching import match_cohort, suggest


def test_the_documented_example_gives_the_documented_output():
    """docs/matching.md is the contract: its example cohort (§6) must give
    exactly the result it prints (§5), reasons and stats included."""
    text = (Path(__file__).parents[3] / "docs" / "matching.md").read_text()
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", text, re.S)]
    (cohort,) = [b for b in blocks if "criteria" in b]
    (documented,) = [b for b in blocks if "matches" in b]
    documented["stats"]["seconds"] = 0.0
    assert match_cohort(cohort).to_dict(timing=False) == documented


def test_example_without_its_dangling_pairs_gives_the_documented_shape(example):
    example["forbid"], example["require"] = [], []
    out = match_cohort(example).to_dict()
    assert set(out) == {"matches", "unmatched", "stats"}
    (match,) = out["matches"]
    assert (match["mentee"], match["mentor"], match["score"]) == ("e1", "m1", 72.5)
    assert match["reasons"][0] == {"criterion": "skills", "similarity": 0.5, "points": 20.0,
                                   "detail": "shares python"}
    assert [set(r) for r in match["reasons"]] == [
        {"criterion", "similarity", "points", "detail"}] * 7
    assert out["unmatched"] == []
    stats = dict(out["stats"])
    assert isinstance(stats.pop("seconds"), float)
    assert stats == {"mentees": 1, "mentors": 1, "matched": 1, "unmatched": 0,
                     "mean_score": 72.5}


def test_example_with_e2_and_m9_added(example):
    example["mentees"].append({"id": "e2", "languages": ["fr"]})
    example["mentors"].append({"id": "m9", "languages": ["en"]})
    out = match_cohort(example).to_dict(timing=False)
    pairs = [(m["mentee"], m["mentor"]) for m in out["matches"]]
    assert pairs == [("e1", "m1"), ("e2", "m1")]    # e2 -> m1 is required, whatever it scores
    assert out["stats"]["matched"] == 2 and out["stats"]["mean_score"] == 36.25


def cohort_for_reasons():
    crit = [{"name": "skills", "type": "overlap", "field": "skills", "weight": 3},
            {"name": "language", "type": "share", "field": "lang", "weight": 1,
             "required": True},
            {"name": "site", "type": "same", "field": "site", "weight": 1, "required": True}]
    mentors = [{"id": "m1", "capacity": 1, "skills": ["a"], "lang": ["en"], "site": "x"},
               {"id": "m2", "capacity": 1, "skills": ["a"], "lang": ["en"], "site": "x"},
               {"id": "m3", "capacity": 1, "skills": ["b"], "lang": ["de"], "site": "y"}]
    mentees = [{"id": "e1", "skills": ["a"], "lang": ["en"], "site": "x"},
               {"id": "e2", "skills": ["a"], "lang": ["en"], "site": "x"},
               {"id": "full", "skills": ["a"], "lang": ["en"], "site": "x"},
               {"id": "nolang", "skills": ["a"], "lang": ["fr"], "site": "x"},
               {"id": "combo", "skills": ["a"], "lang": ["de"], "site": "x"},
               {"id": "low", "skills": ["z"], "lang": ["en"], "site": "x"},
               {"id": "banned", "skills": ["a"], "lang": ["en"], "site": "x"}]
    forbid = [["banned", m] for m in ("m1", "m2", "m3")] + [["full", "m3"]]
    return {"criteria": crit, "min_score": 50, "mentors": mentors, "mentees": mentees,
            "forbid": forbid}


def test_every_unmatched_mentee_gets_a_concrete_reason():
    out = match_cohort(cohort_for_reasons()).to_dict()
    reasons = {u["mentee"]: u["reason"] for u in out["unmatched"]}
    # e1, e2 and "full" tie for m1 and m2: exactly one of them is left out
    (left_out,) = {"e1", "e2", "full"} & set(reasons)
    assert reasons.pop(left_out) == "2 allowed mentors, all full"
    assert reasons == {
        "nolang": "no mentor shares a language (required)",
        "combo": "no mentor meets all the required criteria (language, site)",
        "low": "best allowed score 40 is below the minimum 50",
        "banned": "all mentors forbidden",
    }
    kinds = {u["mentee"]: u["kind"] for u in out["unmatched"]}
    assert kinds == {left_out: "full", "nolang": "required", "combo": "required",
                     "low": "below_minimum", "banned": "forbidden"}


def test_suggest_lists_free_allowed_mentors_best_first():
    cohort = cohort_for_reasons()
    cohort["min_score"] = 0
    cohort["mentors"][0]["skills"] = ["a", "c"]
    cohort["mentees"][0]["skills"] = ["a", "c"]
    cohort["mentors"][1]["capacity"] = 2
    found = suggest(cohort, "e1", 5)
    assert [(x["mentor"], x["score"]) for x in found] == [("m1", 100.0), ("m2", 70.0)]
    assert found[0]["reasons"][0]["detail"] == "shares a, c"
    cohort["require"] = [["e2", "m1"]]      # takes m1's only seat
    assert [x["mentor"] for x in suggest(cohort, "e1", 5)] == ["m2"]
    assert suggest(cohort, "e1", 0) == []


def test_ties_are_broken_by_file_order():
    cohort = {"criteria": [{"name": "x", "type": "same", "field": "x", "weight": 1}],
              "mentors": [{"id": f"m{j}", "x": 1} for j in range(4)],
              "mentees": [{"id": "e1", "x": 1}]}
    assert [x["mentor"] for x in suggest(cohort, "e1", 3)] == ["m0", "m1", "m2"]


def test_output_is_byte_identical_across_processes(tmp_path):
    import numpy as np
    from .conftest import random_cohort
    path = tmp_path / "c.json"
    path.write_text(json.dumps(random_cohort(np.random.default_rng(3), 150, 40, 0.8)))
    code = ("import json,sys; from functions.matching import match_cohort; "
            "print(json.dumps(match_cohort(json.load(open(sys.argv[1]))).to_dict(timing=False)))")
    runs = {subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                           check=True).stdout for _ in range(2)}
    assert len(runs) == 1


def test_importing_the_matcher_loads_no_web_or_aws_code():
    code = ("import sys, functions.matching, functions.cli.match; "
            "bad = [m for m in ('flask', 'boto3', 'botocore', 'pynamodb') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_importing_the_cli_does_not_load_numpy():
    code = "import sys, functions.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


@pytest.mark.parametrize("method", ["fast", "baseline"])
def test_empty_cohort(method):
    cohort = {"criteria": [{"name": "x", "type": "same", "field": "x", "weight": 1}]}
    out = match_cohort(cohort, method=method).to_dict(timing=False)
    assert out == {"matches": [], "unmatched": [], "stats": {
        "mentees": 0, "mentors": 0, "matched": 0, "unmatched": 0, "mean_score": 0.0,
        "seconds": 0.0}}


def test_docstring_examples_run():
    import doctest

    from functions.matching import baseline, engine
    for module in (engine, baseline):
        failed, attempted = doctest.testmod(module)
        assert attempted > 0, f"no doctest found in {module.__name__}"
        assert failed == 0
