"""How many AWS calls a test run's own processes make, by operation.

A pytest plugin: it wraps botocore's one entry point for API calls in the
test processes (not in the servers they start) and, at the end of the run,
prints the calls per operation summed over the workers, so that the session
stores' load can be set against ``benchmarks/store_jvm.py``'s figures.

Not ``functions.local.call_counts``: that one hooks the clients PynamoDB
makes and files calls under the Flask request that made them, while the
stores also answer the tests' own clients (``tests/store_tables.py`` empties
the tables through one); wrapping botocore's entry point counts every client.

    PYTHONPATH=benchmarks .venv/bin/pytest -p suite_calls -n 2 --dist loadfile tests/api tests/unit
"""
from __future__ import annotations

from collections import Counter

import botocore.client

_calls: Counter[str] = Counter()
_make_api_call = botocore.client.BaseClient._make_api_call


def _counted(self, operation_name, api_params):
    _calls[operation_name] += 1
    return _make_api_call(self, operation_name, api_params)


def pytest_configure(config):
    botocore.client.BaseClient._make_api_call = _counted


def pytest_testnodedown(node, error):
    """On the controller of a parallel run: a worker's counts, as it ends."""
    _calls.update(node.workeroutput.get("suite_calls", {}))


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a worker hands its counts to the controller
        workeroutput["suite_calls"] = dict(_calls)  # a plain dict crosses to the controller


def pytest_terminal_summary(terminalreporter):
    report = terminalreporter
    report.write_sep("=", f"AWS calls made by the test processes: {sum(_calls.values()):,}")
    for operation, count in _calls.most_common():
        report.write_line(f"{count:>9,}  {operation}")
