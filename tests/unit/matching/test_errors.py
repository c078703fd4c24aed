"""Every refusal of the contract, with its exact message and field."""
import pytest

from functions.matching import CohortError, match_cohort, suggest


def refused(cohort):
    with pytest.raises(CohortError) as info:
        match_cohort(cohort)
    return str(info.value), info.value.field


def test_unknown_criterion_type(small):
    small["criteria"][0]["type"] = "overlapp"
    assert refused(small) == (
        'criterion "skills": unknown type "overlapp" '
        "(expected one of overlap, share, same, differ, gap, near, rank)",
        "criteria[0].type")


def test_missing_weight(small):
    del small["criteria"][1]["weight"]
    assert refused(small) == ('criterion "level": missing weight', "criteria[1].weight")


def test_weight_not_a_number(small):
    small["criteria"][1]["weight"] = "high"
    assert refused(small)[0] == 'criterion "level": weight must be a number, got "high"'


def test_negative_weight(small):
    small["criteria"][2]["weight"] = -1
    assert refused(small) == ('criterion "tz": negative weight -1', "criteria[2].weight")


def test_all_weights_zero(small):
    for c in small["criteria"]:
        c["weight"] = 0
    assert refused(small) == ("criteria: all weights are 0", "criteria")


def test_negative_capacity(small):
    small["mentors"][1]["capacity"] = -1
    assert refused(small) == ('mentor "m2": negative capacity -1', "capacity")


def test_fractional_capacity(small):
    small["mentors"][1]["capacity"] = 1.5
    assert refused(small)[0] == 'mentor "m2": capacity must be a whole number, got 1.5'


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_duplicate_ids(small, role):
    people = small[role + "s"]
    people.append(dict(people[0]))
    assert refused(small)[0] == f'duplicate {role} id "{people[0]["id"]}"'


def test_forbid_naming_unknown_mentor(small):
    small["forbid"] = [["e1", "m9"]]
    assert refused(small) == ('forbid[0] names unknown mentor "m9"', "forbid[0]")


def test_require_naming_unknown_mentee(small):
    small["require"] = [["e1", "m1"], ["e7", "m1"]]
    assert refused(small) == ('require[1] names unknown mentee "e7"', "require[1]")


def test_pair_both_forbidden_and_required(small):
    small["forbid"] = [["e2", "m2"]]
    small["require"] = [["e2", "m2"]]
    assert refused(small) == ('pair ["e2", "m2"] is both forbidden and required', "require")


def test_mentee_in_two_required_pairs(small):
    small["require"] = [["e1", "m1"], ["e1", "m2"]]
    assert refused(small)[0] == 'mentee "e1" is in two required pairs (with "m1" and "m2")'


def test_required_pairs_exceed_capacity(small):
    small["require"] = [["e1", "m1"], ["e2", "m1"]]
    assert refused(small)[0] == 'mentor "m1" has 2 required pairs but capacity 1'


def test_gap_target_zero(small):
    small["criteria"][1]["target"] = 0
    assert refused(small) == ('criterion "level": gap target must not be 0',
                              "criteria[1].target")


@pytest.mark.parametrize("scale", [0, -2])
def test_near_scale_not_positive(small, scale):
    small["criteria"][2]["scale"] = scale
    assert refused(small)[0] == f'criterion "tz": near scale must be > 0, got {scale}'


def test_missing_field(small):
    del small["criteria"][1]["field"]
    assert refused(small)[0] == \
        'criterion "level": missing field (or mentee_field and mentor_field)'


def test_number_field_with_text(small):
    small["mentees"][0]["seniority"] = "senior"
    assert refused(small)[0] == 'mentee "e1": seniority must be a number, got "senior"'


def test_not_an_object():
    with pytest.raises(CohortError, match="cohort must be a JSON object"):
        match_cohort([])


def test_pairs_naming_unknown_people_are_refused_in_one_message(example):
    """The example requires e2 and forbids m9, neither of which exists."""
    message, field = refused(example)
    assert message == 'forbid[0] names unknown mentor "m9"; require[0] names unknown mentee "e2"'
    assert "e2" in message


def test_suggest_unknown_mentee(small):
    with pytest.raises(CohortError, match='unknown mentee "e9"'):
        suggest(small, "e9")


def test_cohort_error_is_a_value_error():
    assert issubclass(CohortError, ValueError)
