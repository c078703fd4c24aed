"""The equity audit never shows a count under 10, nor one that can be derived."""
from hypothesis import given, settings, strategies as st

from functions.domain import equity
from functions.domain.equity import tables

GROUPS = ["woman", "man", "non-binary", None]


@st.composite
def cohorts(draw):
    n = draw(st.integers(0, 120))
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=n, max_size=n))
    matched = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    mentees = [f"e{i}" for i in range(n)]
    self_ids = {f"e{i}": {"gender": g} for i, g in enumerate(groups) if g}
    scores = {f"e{i}": 50.0 + i % 40 for i in range(n) if matched[i]}
    return mentees, self_ids, scores


def derivable(rows, total):
    """Lines (a row with its total, or a column with its total) in which
    exactly one entry is hidden: that one is their sum's difference."""
    grid = [r["counts"] for r in rows] + [total]
    lines = [list(row) for row in grid if rows] + [list(col) for col in zip(*grid)]
    return [line for line in lines if len(line) > 1 and sum(v is None for v in line) == 1]


@settings(max_examples=150, deadline=None)
@given(cohorts())
def test_no_shown_count_under_10_and_no_hidden_count_derivable(cohort):
    mentees, self_ids, scores = cohort
    [gender, *_] = tables(mentees, self_ids, scores)
    shown = [v for r in gender["rows"] for v in r["counts"]] + gender["total"]
    assert all(v is None or v >= 10 for v in shown)
    assert derivable(gender["rows"], gender["total"]) == []
    for row in gender["rows"]:
        if row["counts"][0] is None:  # matched count hidden: so are its rate and mean
            assert row["mean_score"] is None and row["matched_rate"] is None


def test_large_groups_are_shown_with_their_rates():
    mentees = [f"e{i}" for i in range(60)]
    self_ids = {f"e{i}": {"gender": "woman" if i < 30 else "man"} for i in range(60)}
    scores = {f"e{i}": 80.0 for i in range(60) if i % 3}
    [gender, *_] = tables(mentees, self_ids, scores)
    rows = {r["group"]: r for r in gender["rows"]}
    assert rows["woman"]["counts"] == [20, 10, 30] and rows["woman"]["matched_rate"] == 0.667
    assert rows["man"]["mean_score"] == 80.0


def test_groups_by_any_answer_in_the_options_order_with_not_said_last():
    mentees = [f"e{i}" for i in range(50)]
    answers = {f"e{i}": ["Sales", "Data", None, "", "Old team"][i % 5] for i in range(50)}
    table = equity.table(mentees, answers.get, {"e1": 90.0, "e6": 70.0},
                         order=["Legal", "Sales", "Data"])
    assert [r["group"] for r in table["rows"]] == ["Sales", "Data", "Old team", "not said"]
    assert table["rows"][1]["counts"] == [None, None, 10]  # Data: 2 matched of 10
    assert table["rows"][3]["counts"][2] == 20             # no answer, or an empty one


def test_answers_fewer_than_ten_gave_are_counted_together_and_never_named():
    mentees = [f"m{i}" for i in range(25)]
    self_ids = {pid: {"gender": "woman"} for pid in mentees[:12]}
    self_ids.update({"m12": {"gender": "only-one-person-wrote-this"},
                     "m13": {"gender": "and-another"}})
    gender = next(t for t in tables(mentees, self_ids, {}) if t["attribute"] == "gender")
    groups = [row["group"] for row in gender["rows"]]
    assert groups == ["woman", equity.RARE, equity.NOT_SAID]
    assert not any("only-one" in g or "another" in g for g in groups)
