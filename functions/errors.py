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


class AlreadyEnrolled(Conflict):
    """The (cohort, e-mail) is taken. The public enrolment never says so to
    the page (``functions.domain.enrolment``); admin paths may."""


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
    """The store or another AWS service is busy or down for now: try again shortly."""
    status = 503
    code = "unavailable"

    def __init__(self, message: str, field: str | None = None, retry_after: int = 1):
        super().__init__(message, field)
        self.retry_after = retry_after


class StoreError(TandemError):
    """The local store cannot start or be installed (one line for the CLI)."""
    status = 503
    code = "store_unavailable"


#: AWS error codes that refuse a request for load before doing it: the same
#: request may be sent again. botocore has already retried these by the time
#: Tandem sees them.
BUSY_CODES = frozenset({
    "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "TooManyRequestsException", "Throttling", "ThrottledException",
    "TransactionInProgressException", "EC2ThrottledException",
})
#: AWS error codes of a service failing part way: the request may or may not
#: have been done (DynamoDB says so of its 500s).
FAILED_CODES = frozenset({"InternalServerError", "InternalFailure", "ServiceUnavailable",
                          "ServiceException"})
#: Cancellation reasons of a DynamoDB transaction that mean load, not a refusal:
#: the whole transaction was cancelled, so sending it again is safe.
BUSY_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded",
                          "TransactionConflict"})
BUSY, FAILED = "busy", "failed"


def _chain(exc: BaseException):
    """``exc`` and what is behind it: ``__cause__``, ``__context__`` and
    PynamoDB's ``cause`` (its PutError etc. wrap botocore's ClientError)."""
    seen, todo = set(), [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "cause", None), e.__cause__, e.__context__]


def aws_outage(exc: BaseException) -> str | None:
    """``BUSY`` if ``exc`` comes from AWS refusing a request for load (so it
    was not done), ``FAILED`` if from AWS failing part way or the connection
    dropping after the request went (it may have been done), else None: a bug
    or a refusal that a retry would meet again (validation, access)."""
    import botocore.exceptions as aws  # botocore comes with PynamoDB and boto3
    for e in _chain(exc):
        if isinstance(e, (aws.EndpointConnectionError, aws.ConnectTimeoutError)):
            return BUSY  # never reached the service
        if isinstance(e, (aws.ReadTimeoutError, aws.ConnectionClosedError)):
            return FAILED
        response = getattr(e, "response", None)
        if not isinstance(response, dict):
            continue
        code = (response.get("Error") or {}).get("Code")
        if code == "TransactionCanceledException":
            reasons = {getattr(r, "code", None) for r in
                       (getattr(e, "cancellation_reasons", None) or []) if r is not None}
            reasons |= {r.get("Code") for r in response.get("CancellationReasons", [])
                        if r.get("Code") != "None"}
            return BUSY if reasons and reasons <= BUSY_REASONS else None
        if code in BUSY_CODES:
            return BUSY
        if code in FAILED_CODES:
            return FAILED
    return None
