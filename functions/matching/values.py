"""How one person's field value reads for a criterion (the contract's value rules).

A missing or empty value gives s = 0; a scalar where a list is expected counts
as a one-element list.
"""
from __future__ import annotations


def is_missing(value) -> bool:
    """True for a missing or empty value (s = 0 by the contract)."""
    return value is None or (isinstance(value, (str, list)) and len(value) == 0)


def as_items(value) -> list:
    """Distinct items of a list-valued field, in order; a scalar is one item."""
    if type(value) is list:
        # Fast path for the usual list of hashable scalars: missing items
        # ("" after validation) are dropped from the ordered set.
        try:
            items = dict.fromkeys(value)
        except TypeError:
            return list(dict.fromkeys(x for x in value if not is_missing(x)))
        items.pop("", None)
        items.pop(None, None)
        return list(items)
    if is_missing(value):
        return []
    items = value if isinstance(value, list) else [value]
    return list(dict.fromkeys(x for x in items if not is_missing(x)))


def as_code_key(value):
    """Hashable key of a scalar field for same/differ; None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, list):
        return value[0] if len(value) == 1 else tuple(value)
    return value


def as_number(value) -> float:
    return float("nan") if is_missing(value) else float(value)
