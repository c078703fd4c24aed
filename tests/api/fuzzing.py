"""Schemathesis against the Flask app in process, per role: the shared driver
of tests/api/test_openapi.py (a short run) and benchmarks/fuzz_api.py (a long one).

Two phases: each operation alone (``fuzz_operation``), and sequences of calls
along the document's OpenAPI links (``fuzz_stateful``: create a program, then
open, edit and delete that program; add a goal, then edit that goal).

Every operation of ``/api/openapi.json`` gets cases generated from its schema
(schemathesis 4's ``APIOperation.as_strategy``, driven by Hypothesis with no
shrinking, so a run counts its failures rather than stopping at the first),
sent through the WSGI app, and checked: no 5xx, a documented status, the
documented content type, a body that fits the documented schema.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field

import schemathesis
from hypothesis import HealthCheck, Phase, given, seed as hyp_seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from functions.api.openapi import CSRF_HEADER, CSRF_VALUE

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@dataclass
class Tally:
    """What one role's run met: requests, 5xx answers, other check failures."""
    requests: int = 0
    server_errors: int = 0
    violations: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    #: One line per distinct failure: "METHOD PATH: check: title".
    failures: dict[str, str] = field(default_factory=dict)
    #: Stateful runs: calls whose parameters came from an earlier answer (a link).
    linked: int = 0

    def check(self, case, response) -> None:
        """Run the checks on one answer and record what they found."""
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            self.record(case, response, group)
        else:
            self.record(case, response, None)

    def add(self, other: "Tally", label: str) -> None:
        """Count ``other``'s requests and failures in this one's (a run's total)."""
        self.requests += other.requests
        self.server_errors += other.server_errors
        self.violations += other.violations
        self.failures.update({f"[{label}] {k}": v for k, v in other.failures.items()})

    def record(self, case, response, group: FailureGroup | None) -> None:
        self.requests += 1
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.server_errors += 1
        if group is None:
            return
        for failure in group.exceptions:
            if response.status_code < 500:
                self.violations += 1
            key = f"{case.method} {case.operation.path}: {failure.title}"
            self.failures.setdefault(key, f"{key}\n  {case.as_curl_command()}\n"
                                          f"  -> {response.status_code} {response.text[:300]}")


def load(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


#: Operations that end the caller's session (or her records): run last, so a
#: signed-in role stays signed in for all the others.
ENDS_SESSION = {("POST", "/api/admin/logout"), ("POST", "/api/sign-out"), ("DELETE", "/api/me")}


def operations(schema):
    ops = [result.ok() for result in schema.get_all_operations()]
    return sorted(ops, key=lambda op: (op.method.upper(), op.path) in ENDS_SESSION)


def fuzz_operation(operation, tally: Tally, *, cookies: dict | None, examples: int,
                   seed: int = 0, known: dict | None = None) -> None:
    """``examples`` generated cases of one operation, as the holder of
    ``cookies`` (None: anonymous, so a session cookie is whatever is generated).
    ``known`` fixes path parameters of those names (ids of real objects), so
    cases reach past the 404 of a random id."""
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in (known or {}).items() if k in names} or None
    # The CSRF header is fixed as the site's api.js sends it; cookies stand
    # for the session of the role (a generated one is no session: 401).
    strategy = operation.as_strategy(headers={CSRF_HEADER: CSRF_VALUE}, cookies=cookies,
                                     path_parameters=fixed)

    @hyp_seed(seed)
    @settings(max_examples=examples, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        tally.check(case, case.call())

    run()


def fuzz_stateful(schema, tally: Tally, *, cookies: dict | None, scenarios: int,
                  steps: int = 6) -> None:
    """``scenarios`` sequences of up to ``steps`` calls, schemathesis's state
    machine following the document's links (``Doc.creates``), as the holder
    of ``cookies``; every answer goes through the same checks as above."""
    base = schema.as_state_machine()

    class Machine(base):
        def before_call(self, case):
            case.headers = {**(case.headers or {}), CSRF_HEADER: CSRF_VALUE}
            if cookies:
                case.cookies = {**(case.cookies or {}), **cookies}

        def step(self, input):
            if input.transition is not None:
                tally.linked += 1
            return super().step(input)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            tally.check(case, response)

    Machine.run(settings=settings(max_examples=scenarios, stateful_step_count=steps,
                                  database=None, deadline=None, derandomize=True,
                                  phases=[Phase.generate],
                                  suppress_health_check=list(HealthCheck)))
