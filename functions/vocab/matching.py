"""The words of a matching policy that the policy's checks, its pydantic
models and the API's program bodies all use."""
from __future__ import annotations

#: Criterion type -> which sides it reads ("both" via field or mentee/mentor_field).
CRITERION_TYPES = {"overlap": "both", "share": "both", "same": "both", "differ": "both",
                   "gap": "both", "near": "both", "rank": "mentee"}
#: The parameter a criterion type takes beyond its weight.
PARAMS = {"gap": "target", "near": "scale"}
#: How a program matches: the admin reviews a proposal, mentees choose, or
#: mentees rank their suggestions and deferred acceptance makes the proposal.
MODES = ("admin", "choice", "stable")
#: How many of her suggestions a mentee ranks in stable mode, unless the program says.
STABLE_CHOICES = 5


#: How a reason's detail (``matching.explain``) begins when the two share it.
_COMMON = ("shares ", "same ", "ranked #")
#: ... and when one of them gave nothing to compare.
_UNKNOWN = (" gives no ", " lists no ", "ranked no ")


def fit(reasons: list[dict]) -> dict[str, list[str]]:
    """A pair's reasons as people read them on a choice card: what the two
    have in common, where they differ, and what one of them did not say.
    A card that called all of it "why this mentor suits you" would sell a
    difference ("9 hours apart") as a reason; this says which is which."""
    out: dict[str, list[str]] = {"common": [], "different": [], "unknown": []}
    for r in reasons or []:
        detail = str(r.get("detail") or "").strip()
        if not detail:
            continue
        kind = ("unknown" if any(k in f" {detail}" for k in _UNKNOWN)
                else "common" if detail.startswith(_COMMON) else "different")
        out[kind].append(detail)
    return out
