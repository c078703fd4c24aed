"""Tandem's matching engine: exact, explainable, capacity-aware (numpy/scipy only).

>>> from functions.matching import match_cohort, suggest, CohortError

See ``docs/matching.md`` for the policy language and ``MATCHING.md`` for the
contract this package implements.
"""
from ._imports import defer

defer()     # before scipy is imported: see _imports.py

from .engine import Result, match_cohort, suggest
from .schema import CohortError

__all__ = ["match_cohort", "suggest", "Result", "CohortError"]
