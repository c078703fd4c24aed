"""Domain errors, one shape for all of them.

Storage turns condition and transaction failures into these; the API maps each
to ``{"error", "message", "field"}`` JSON with its status; the CLI prints the
message and exits with status 2.
"""
from __future__ import annotations


class TandemError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict:
        body = {"error": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class UsageError(TandemError):
    """Bad input from the command line: printed as one line, exit status 2."""
    code = "usage"


class CohortError(TandemError, ValueError):
    """A cohort the matcher cannot match; the message names the culprit and
    ``field`` where it is (``"criteria[2].weight"``, ``"require[0]"``)."""
    status = 422
    code = "invalid_cohort"


class DeployError(TandemError):
    """A step of the deployment failed; the message says which and what to do."""
    code = "deploy_failed"


class Invalid(TandemError):
    status = 422
    code = "invalid"


class NotFound(TandemError):
    status = 404
    code = "not_found"


class Conflict(TandemError):
    status = 409
    code = "conflict"


class Unauthorized(TandemError):
    status = 401
    code = "unauthorized"


class Forbidden(TandemError):
    status = 403
    code = "forbidden"


class TooManyRequests(TandemError):
    status = 429
    code = "too_many_requests"


class Unavailable(TandemError):
    """The store is busy (a write kept colliding): try again shortly."""
    status = 503
    code = "unavailable"

    def __init__(self, message: str, field: str | None = None, retry_after: int = 1):
        super().__init__(message, field)
        self.retry_after = retry_after


class StoreError(TandemError):
    """The local store cannot start or be installed (one line for the CLI)."""
    status = 503
    code = "store_unavailable"
