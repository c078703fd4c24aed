"""Tandem's matching engine: exact, explainable, capacity-aware (numpy/scipy only).

>>> from functions.matching import match_cohort, suggest, CohortError

``docs/matching.md`` is the contract this package implements: the policy
language, the objective, the output and the errors.
"""
from .allowed import count_allowed
from .engine import Result, match_cohort, suggest
from .schema import CohortError
from .suggestions import suggest_all

__all__ = ["match_cohort", "suggest", "suggest_all", "count_allowed", "Result", "CohortError"]
