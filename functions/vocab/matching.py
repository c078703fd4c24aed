"""The words of a matching policy that the policy's checks, its pydantic
models and the API's program bodies all use."""
from __future__ import annotations

#: Criterion type -> which sides it reads ("both" via field or mentee/mentor_field).
CRITERION_TYPES = {"overlap": "both", "share": "both", "same": "both", "differ": "both",
                   "gap": "both", "near": "both", "rank": "mentee"}
#: The parameter a criterion type takes beyond its weight.
PARAMS = {"gap": "target", "near": "scale"}
#: How a program matches: the admin reviews a proposal, or mentees choose.
MODES = ("admin", "choice")
