"""DynamoDB calls per request, counted for benchmarks and tests only.

Off unless ``enable()`` is called: nothing in the app or in ``tandem serve``
calls it, so normal running registers no hook and pays nothing. The load
benchmark (``benchmarks/load.py``) enables it in its own server process and
``tests/api/test_call_counts.py`` in the test process.

How it counts:

- a botocore ``after-call.dynamodb`` handler on the clients PynamoDB uses
  (each ``Connection`` makes its own botocore session per thread and caches
  one client, so the handler goes on every client that exists when counting
  starts and, through PynamoDB's ``get_session``, on every later one). It
  fires once per API call, failed conditions included, and reads the
  ``ConsumedCapacity`` PynamoDB asks for on every data call;
- Flask's ``request_started`` / ``request_tearing_down`` signals (sent by
  every app, no change to ``create_app``) mark which request a thread is
  serving, so each call is put under ``METHOD /url/rule`` (the rule, not the
  path: one line per endpoint, not per id). Calls made outside a request
  (the local worker's jobs, start-up) go under ``OUTSIDE``.
"""
from __future__ import annotations

import json
import threading
import time
import weakref
from collections import Counter
from pathlib import Path

OUTSIDE = "(outside a request)"

_lock = threading.Lock()
_local = threading.local()
_enabled = False
_hooked: weakref.WeakSet = weakref.WeakSet()  # the event emitters the handler is on
_original_get_session = None
# endpoint -> {"requests", "calls": Counter(op), "per_request": Counter(n calls),
#              "rcu", "wcu"}
_stats: dict[str, dict] = {}


def _bucket(name: str) -> dict:
    b = _stats.get(name)
    if b is None:
        b = _stats[name] = {"requests": 0, "calls": Counter(), "tables": Counter(),
                            "per_request": Counter(), "seconds": [],
                            "rcu": 0.0, "wcu": 0.0, "statuses": Counter()}
    return b


READS = {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"}


def _tables(params: dict) -> str:
    """The table(s) a call names, without the stage's prefix."""
    names = set()
    if params.get("TableName"):
        names.add(params["TableName"])
    names.update(params.get("RequestItems") or {})  # BatchGetItem, BatchWriteItem
    for item in params.get("TransactItems") or []:
        names.update(op["TableName"] for op in item.values() if "TableName" in op)
    from functions import db
    base = {m.Meta.table_name: m.Meta.base_name for m in db.ALL_MODELS}
    return ",".join(sorted(base.get(n, n) for n in names))


def _before_build(params=None, context=None, **_) -> None:
    if _enabled and context is not None and isinstance(params, dict):
        context["tandem_tables"] = _tables(params)


def _after_call(model=None, parsed=None, context=None, **_) -> None:
    if not _enabled or model is None:
        return
    op = model.name
    where = f"{op} {(context or {}).get('tandem_tables', '?')}"
    consumed = (parsed or {}).get("ConsumedCapacity") if isinstance(parsed, dict) else None
    read = write = 0.0
    if consumed is not None:
        items = consumed if isinstance(consumed, list) else [consumed]
        for c in items:
            r, w = c.get("ReadCapacityUnits"), c.get("WriteCapacityUnits")
            if r is None and w is None:  # ReturnConsumedCapacity=TOTAL gives only a total
                total = float(c.get("CapacityUnits") or 0)
                r, w = (total, 0) if op in READS else (0, total)
            read += float(r or 0)
            write += float(w or 0)
    current = getattr(_local, "request", None)
    if current is not None:
        current["calls"][op] += 1
        current["tables"][where] += 1
        current["rcu"] += read
        current["wcu"] += write
        return
    with _lock:
        b = _bucket(OUTSIDE)
        b["calls"][op] += 1
        b["tables"][where] += 1
        b["rcu"] += read
        b["wcu"] += write


def _hook(emitter) -> None:
    if emitter in _hooked:
        return
    emitter.register("before-parameter-build.dynamodb", _before_build,
                     unique_id="tandem-call-counts-tables")
    emitter.register("after-call.dynamodb", _after_call, unique_id="tandem-call-counts")
    _hooked.add(emitter)


def _counting_get_session(*args, **kwargs):
    session = _original_get_session(*args, **kwargs)
    _hook(session.get_component("event_emitter"))
    return session


def _existing_clients():
    """The botocore clients PynamoDB already made for Tandem's tables."""
    from functions import db
    from functions.db import base
    conns = [base._connection] + [getattr(getattr(m, "_connection", None), "connection", None)
                                  for m in db.ALL_MODELS]
    for conn in conns:
        client = getattr(conn, "_client", None) if conn is not None else None
        if client is not None:
            yield client


def _request_started(sender, **_) -> None:
    from flask import request
    rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
    _local.request = {"name": f"{request.method} {rule}", "calls": Counter(),
                      "tables": Counter(), "rcu": 0.0, "wcu": 0.0,
                      "began": time.perf_counter()}


def _request_finished(sender, response=None, **_) -> None:
    current = getattr(_local, "request", None)
    if current is not None and response is not None:
        current["status"] = response.status_code


def _request_tearing_down(sender, **_) -> None:
    current = getattr(_local, "request", None)
    _local.request = None
    if current is None or not _enabled:
        return
    with _lock:
        b = _bucket(current["name"])
        b["requests"] += 1
        b["calls"].update(current["calls"])
        b["tables"].update(current["tables"])
        b["per_request"][sum(current["calls"].values())] += 1
        b["rcu"] += current["rcu"]
        b["wcu"] += current["wcu"]
        b["statuses"][current.get("status", 500)] += 1
        # The app's own time (from routing to teardown), without the HTTP
        # server's: what a Lambda would be billed for, less its start-up.
        b["seconds"].append(time.perf_counter() - current["began"])


def enable() -> None:
    """Start counting, in this process, from now on."""
    global _enabled, _original_get_session
    import flask
    import pynamodb.connection.base as pyn
    with _lock:
        if _original_get_session is None:
            _original_get_session = pyn.get_session
            pyn.get_session = _counting_get_session
        for client in _existing_clients():
            _hook(client.meta.events)
        _enabled = True
    # weak=False: the handlers live as long as the module anyway, and blinker
    # must not drop them.
    flask.request_started.connect(_request_started, weak=False)
    flask.request_finished.connect(_request_finished, weak=False)
    flask.request_tearing_down.connect(_request_tearing_down, weak=False)


def disable() -> None:
    global _enabled
    import flask
    _enabled = False
    flask.request_started.disconnect(_request_started)
    flask.request_finished.disconnect(_request_finished)
    flask.request_tearing_down.disconnect(_request_tearing_down)


def reset() -> None:
    with _lock:
        _stats.clear()


def snapshot() -> dict[str, dict]:
    """{endpoint: {requests, calls {op: n}, tables {"op table": n}, per_request
    {n calls: requests}, max_calls, calls_per_request, rcu, wcu, app_ms {mean,
    p50, p99}, statuses}} counted so far."""
    with _lock:
        out = {}
        for name, b in _stats.items():
            total = sum(b["calls"].values())
            out[name] = {
                "requests": b["requests"], "calls": dict(b["calls"]),
                "tables": dict(sorted(b["tables"].items())),
                "per_request": {str(k): v for k, v in sorted(b["per_request"].items())},
                "max_calls": max(b["per_request"], default=0),
                "calls_per_request": total / b["requests"] if b["requests"] else None,
                "rcu": b["rcu"], "wcu": b["wcu"],
                "app_ms": _ms(b["seconds"]),
                "statuses": {str(k): v for k, v in sorted(b["statuses"].items())}}
        return out


def _ms(seconds: list[float]) -> dict | None:
    if not seconds:
        return None
    ordered = sorted(seconds)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"mean": sum(ordered) / len(ordered) * 1000, "p50": at(0.5), "p99": at(0.99)}


def dump(path: str | Path) -> None:
    Path(path).write_text(json.dumps(snapshot(), indent=1, sort_keys=True))
