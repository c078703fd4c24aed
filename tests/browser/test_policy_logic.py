"""policy-logic.js, the policy editor's pure logic, run as an ES module in Chromium."""
import pytest

pytestmark = pytest.mark.browser

QUESTIONS = [
    {"id": "wants", "label": "Grow in", "type": "multi_choice", "options": ["a", "b"],
     "roles": ["mentee"]},
    {"id": "offers", "label": "Help with", "type": "multi_choice", "options": ["a", "b"],
     "roles": ["mentor"]},
    {"id": "department", "label": "Department", "type": "choice", "options": ["x", "y"],
     "roles": ["mentor", "mentee"]},
    {"id": "years", "label": "Years of experience", "type": "number", "min": 0, "max": 45,
     "roles": ["mentor", "mentee"]},
    {"id": "level", "label": "Level", "type": "scale", "min": 1, "max": 6},
    {"id": "bio", "label": "Bio", "type": "long_text", "roles": ["mentor", "mentee"]},
]
SKILLS = {"name": "skills", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
          "weight": 50}


def logic(call, name, *args):
    return call("policy-logic.js", name, *args)


def test_each_question_type_offers_only_the_comparisons_it_can_hold(call):
    offered = {q["id"]: logic(call, "compareOptions", q) for q in QUESTIONS}
    assert offered == {"wants": ["overlap", "share"], "offers": ["overlap", "share"],
                       "department": ["same", "differ"],
                       "years": ["gap", "near", "same", "differ"],
                       "level": ["gap", "near", "same", "differ"], "bio": []}
    assert logic(call, "compareOptions", None) == []


def test_a_criterion_reads_one_question_or_one_per_side(call):
    assert logic(call, "criterionQuestions", SKILLS) == {"question": "wants", "other": "offers"}
    assert logic(call, "criterionQuestions", {"type": "differ", "field": "department"}) == \
        {"question": "department", "other": None}
    assert logic(call, "criterionQuestions", {"type": "rank", "mentee_field": "wish"}) == \
        {"question": "wish", "other": None}
    # A question both sides answer is one field; one side's question needs the other's.
    assert logic(call, "fieldsFor", "differ", QUESTIONS[2], None) == {"field": "department"}
    assert logic(call, "fieldsFor", "overlap", QUESTIONS[0], "offers") == \
        {"mentee_field": "wants", "mentor_field": "offers"}
    assert logic(call, "fieldsFor", "overlap", QUESTIONS[1], "wants") == \
        {"mentee_field": "wants", "mentor_field": "offers"}
    assert [q["id"] for q in logic(call, "otherQuestions", QUESTIONS[0], QUESTIONS)] == ["offers"]
    assert logic(call, "otherQuestions", QUESTIONS[2], QUESTIONS) == []


def test_new_criteria_get_unique_names_and_a_parameter_from_the_questions_range(call):
    assert logic(call, "uniqueName", "department", ["skills"]) == "department"
    assert logic(call, "uniqueName", "department", ["department", "department-2"]) == \
        "department-3"
    assert logic(call, "newCriterion", QUESTIONS[2], QUESTIONS, ["department"]) == {
        "name": "department-2", "type": "same", "field": "department", "weight": 10}
    assert logic(call, "newCriterion", QUESTIONS[3], QUESTIONS, []) == {
        "name": "years", "type": "gap", "field": "years", "weight": 10, "target": 15}
    assert logic(call, "newCriterion", QUESTIONS[0], QUESTIONS, []) == {
        "name": "wants", "type": "overlap", "mentee_field": "wants", "mentor_field": "offers",
        "weight": 10}


def test_the_questions_no_criterion_uses_are_named_by_label(call):
    criteria = [SKILLS, {"name": "d", "type": "differ", "field": "department"}]
    assert logic(call, "unusedQuestions", criteria, QUESTIONS) == [
        "Years of experience", "Level", "Bio"]


def test_a_criterion_giving_nearly_every_pair_full_points_is_a_warning_in_words(call):
    policy = {"criteria": [
        {"name": "level", "type": "gap", "field": "years", "target": 1},
        {"name": "department", "type": "differ", "field": "department", "required": True},
        {"name": "site", "type": "same", "field": "department"},
        SKILLS]}
    stats = {"criteria": [
        {"name": "level", "full_share": 0.97, "zero_share": 0.01},
        {"name": "department", "full_share": 1.0, "zero_share": 0.0},
        {"name": "site", "full_share": 0.95, "zero_share": 0.05},
        {"name": "skills", "full_share": 0.9, "zero_share": 0.1},
        {"name": "gone", "full_share": 1.0, "zero_share": 0.0}]}
    said = logic(call, "spreadWarnings", stats, policy)
    assert said == [
        {"name": "level", "kind": "warning",
         "text": "level gives full points to 97 % of pairs, so it does not tell them apart: "
                 "raise its target"},
        {"name": "department", "kind": "note",
         "text": "department is required, so every allowed pair has full points on it: its "
                 "weight adds the same points to every pair"},
        {"name": "site", "kind": "warning",
         "text": "site gives full points to 95 % of pairs, so it does not tell them apart: "
                 "nearly every pair gives the same answer: lower its weight or make it required"}]
    assert logic(call, "spreadWarnings", {"criteria": [
        {"name": "level", "full_share": None, "zero_share": None}]}, policy) == []
    assert logic(call, "spreadWarnings", None, policy) == []


def test_figures_and_best_scores_in_words(call):
    assert logic(call, "shareWords", {"full_share": 0.121, "zero_share": 0.5}) == \
        "Full points for 12 % of allowed pairs, none for 50 %."
    assert logic(call, "shareWords", {"full_share": None}) == ""
    assert logic(call, "bestScoreWords", {"min": 40.5, "median": 80, "max": 100}) == \
        "Each mentee's best allowed score: lowest 40.5, median 80, highest 100."
    assert logic(call, "bestScoreWords", {"min": 100, "median": 100, "max": 100}) == \
        "Each mentee's best allowed score: all 100, so the scores cannot rank one mentor " \
        "above another."
    assert logic(call, "bestScoreWords", None) == ""


def test_a_policy_is_unchanged_whatever_the_spelling_of_its_fields_and_defaults(call):
    saved = {"criteria": [{"name": "d", "type": "differ", "field": "department"}],
             "min_score": 0, "mode": "admin", "version": 3, "history": []}
    same = {"criteria": [{"name": "d", "type": "differ", "mentee_field": "department",
                          "mentor_field": "department", "weight": 1, "required": False}],
            "min_score": 0, "mode": "admin"}
    assert logic(call, "samePolicy", saved, same) is True
    heavier = {**same, "criteria": [dict(same["criteria"][0], weight=2)]}
    assert logic(call, "samePolicy", saved, heavier) is False
    assert logic(call, "samePolicy", saved, {**same, "min_score": 10}) is False


def test_changed_pairs_read_by_name_sorted_by_mentee(call):
    diff = {"pairs": [
        {"mentee": "e2", "before": {"mentor": "m1", "score": 61.5}, "after": None},
        {"mentee": "e1", "before": None, "after": {"mentor": "m2", "score": 80}}]}
    names = {"e1": "Ada", "e2": "Bo", "m1": "Cy", "m2": "Di"}
    assert logic(call, "changedPairs", diff, names) == [
        {"mentee": "Ada", "before": "unmatched", "after": "Di (80)"},
        {"mentee": "Bo", "before": "Cy (61.5)", "after": "unmatched"}]
