"""AWS faults on demand, through botocore's own event hooks (tests only).

``Faults`` answers a chosen share of calls to an AWS operation with an error
response instead of sending them, from a seeded random generator so a test
sees the same faults every run. It hooks ``before-call.<service>.<operation>``:
botocore emits it once per API call, *above* its retry loop (retries happen
per HTTP attempt, inside the endpoint), and a handler that returns
``(http_response, parsed)`` stands in for the whole call. So one injected
error is what the caller meets after botocore's retries ran out, and no test
waits through the SDK's backoff.

PynamoDB keeps one botocore client per model (and ``functions.db.base`` one
more for transactions); boto3 makes a client per ``boto3.client`` call. All of
them come from ``botocore.session.Session.create_client``, so the hooks go on
every client that exists now (``attach_existing``) and on every client made
while the faults are installed (a patched ``create_client``).

Besides errors, ``stub`` answers an operation with a success without any
network call: SES's SendEmail and Lambda's Invoke, which tests must never
send to AWS.
"""
from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import pytest

import botocore.session
from botocore.awsrequest import AWSResponse

#: An HTTP status per error code, as AWS answers them (botocore reads only the body).
STATUS = {"ThrottlingException": 400, "ProvisionedThroughputExceededException": 400,
          "RequestLimitExceeded": 400, "TransactionCanceledException": 400,
          "TooManyRequestsException": 429, "ServiceException": 500,
          "InternalServerError": 500, "ServiceUnavailable": 503, "MessageRejected": 400,
          "SendingPausedException": 400}


@dataclass
class Rule:
    service: str      # botocore's service id as in event names: dynamodb, sesv2, lambda
    operation: str    # PutItem, TransactWriteItems, SendEmail, Invoke... or "*"
    code: str
    share: float = 1.0
    times: int | None = None  # at most this many faults, then calls go through
    skip: int = 0             # let this many matching calls through first
    table: str | None = None  # DynamoDB: only calls naming a table ending so
    reasons: list[str] | None = None  # TransactionCanceledException's per-item codes
    when: Callable[[dict], bool] | None = None  # on the request's params
    seen: int = 0
    fired: int = 0


@dataclass
class Faults:
    seed: int = 19
    rules: list[Rule] = field(default_factory=list)
    #: (service, operation) -> calls seen / faults injected
    calls: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)
    stubs: dict = field(default_factory=dict)

    def __post_init__(self):
        #: Every call seen: (service, operation, request body, injected code or None).
        self.log: list[tuple[str, str, dict, str | None]] = []
        self.rng = random.Random(self.seed)
        self.lock = threading.Lock()  # the local worker thread calls AWS too
        self.clients: list = []
        self.active = True

    # -- what to inject --------------------------------------------------------

    def fail(self, service: str, operation: str, code: str, **kw) -> Rule:
        rule = Rule(service, operation, code, **kw)
        self.rules.append(rule)
        return rule

    def stub(self, service: str, operation: str, answer: Callable[[dict], dict]) -> None:
        """Answer ``operation`` with ``answer(api_params)`` (a success) when no rule fires."""
        self.stubs[(service, operation)] = answer

    def clear(self) -> None:
        """No more faults (the stubs stay): the outage is over."""
        self.rules.clear()

    # -- the hook --------------------------------------------------------------

    def _before_call(self, event_name: str, model, params: dict, **_):
        if not self.active:
            return None
        _, service, operation = event_name.split(".", 2)
        body = _decoded(params)
        with self.lock:
            self.calls[(service, operation)] += 1
            for rule in self.rules:
                if not _applies(rule, service, operation, body):
                    continue
                rule.seen += 1
                if rule.seen <= rule.skip or (rule.times is not None and rule.fired >= rule.times):
                    continue
                if self.rng.random() >= rule.share:
                    continue
                rule.fired += 1
                self.injected[(service, operation)] += 1
                self.log.append((service, operation, body, rule.code))
                return _error(rule)
            self.log.append((service, operation, body, None))
        answer = self.stubs.get((service, operation))
        if answer is not None:
            return AWSResponse("https://stub.invalid", 200, {}, None), answer(body)
        return None

    # -- installing ------------------------------------------------------------

    def attach(self, client) -> None:
        client.meta.events.register("before-call.*.*", self._before_call,
                                    unique_id=f"tandem-faults-{id(self)}")
        self.clients.append(client)

    def detach(self) -> None:
        self.active = False
        for client in self.clients:
            client.meta.events.unregister("before-call.*.*",
                                          unique_id=f"tandem-faults-{id(self)}")


def _applies(rule: Rule, service: str, operation: str, body: dict) -> bool:
    if rule.service != service or rule.operation not in ("*", operation):
        return False
    if rule.table and not any(t.endswith(rule.table) for t in _tables(body)):
        return False
    return rule.when is None or rule.when(body)


def _tables(body: dict) -> list[str]:
    if "TableName" in body:
        return [body["TableName"]]
    if "RequestItems" in body:
        return list(body["RequestItems"])
    return [op["TableName"] for item in body.get("TransactItems", []) for op in item.values()]


def _decoded(params: dict) -> dict:
    """The API parameters of a serialized request: DynamoDB, SESv2 and Lambda
    send JSON bodies (Lambda's Invoke: the payload itself)."""
    import json
    raw = params.get("body") or b""
    try:
        return json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError):
        return {}


def _error(rule: Rule):
    status = STATUS.get(rule.code, 400)
    parsed = {"Error": {"Code": rule.code, "Message": f"injected {rule.code}"},
              "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {},
                                   "RequestId": uuid.uuid4().hex}}
    if rule.code == "TransactionCanceledException":
        codes = rule.reasons or ["None", "ThrottlingError"]
        parsed["CancellationReasons"] = [{"Code": c, "Message": f"injected {c}"}
                                         for c in codes]
        parsed["Error"]["Message"] = ("Transaction cancelled, please refer cancellation "
                                      f"reasons for specific reasons [{', '.join(codes)}]")
    return AWSResponse("https://fault.invalid", status, {}, None), parsed


def install(monkeypatch) -> Faults:
    """Faults on every botocore client, old and new, until the test ends."""
    from functions import db
    from functions.db import base
    faults = Faults()
    real = botocore.session.Session.create_client

    def create_client(self, *args, **kwargs):
        client = real(self, *args, **kwargs)
        faults.attach(client)
        return client

    monkeypatch.setattr(botocore.session.Session, "create_client", create_client)
    for model in db.ALL_MODELS:
        faults.attach(model._get_connection().connection.client)
    if base._connection is not None:
        faults.attach(base.connection().client)
    return faults


@pytest.fixture
def faults(tables, monkeypatch):
    """Faults injected on every botocore client until the test ends."""
    injected = install(monkeypatch)
    yield injected
    injected.detach()

