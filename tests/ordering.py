"""Longest test files first, so that a parallel run ends on short ones.

`make test` runs `pytest -n 2 --dist loadfile --no-loadscope-reorder`: each
file goes whole to one worker, in the order collected. If a file of a minute
is handed out last, one worker runs it alone while the other idles. So the
files are ordered by how long their tests took when last run (kept per test
in pytest's cache, ``.pytest_cache``; a file with a test never timed counts
as the longest),
then by directory: the folders that start servers and build packages before
those of quick in-process tests. A fresh clone has no timings and runs in
directory order.
"""
from __future__ import annotations

import math
from collections import defaultdict

import pytest

CACHE_KEY = "tandem/test-seconds"
#: Directories in the order their files go when there are no timings.
DIRECTORIES = ("tests/deploy/", "tests/integration/", "tests/browser/", "tests/api/",
               "tests/unit/")

_seconds: defaultdict[str, float] = defaultdict(float)


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _directory_rank(path: str) -> int:
    return next((i for i, d in enumerate(DIRECTORIES) if path.startswith(d)), len(DIRECTORIES))


def order(items: list, timings: dict[str, float]) -> None:
    """Sort ``items`` in place: slowest file first (``timings``: seconds by
    test id), then by directory; the tests of one file stay together and in
    their order."""
    first: dict[str, int] = {}
    seconds: defaultdict[str, float] = defaultdict(float)
    for i, item in enumerate(items):
        path = _file(item.nodeid)
        first.setdefault(path, i)
        seconds[path] += timings.get(item.nodeid, math.inf)

    def key(item):
        path = _file(item.nodeid)
        return (-seconds[path], _directory_rank(path), first[path])
    items.sort(key=key)


_READ = pytest.StashKey[dict]()


def _timings(config) -> dict[str, float]:
    """The timings this process orders by, read once."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and CACHE_KEY in workerinput:
        return workerinput[CACHE_KEY]
    if _READ not in config.stash:
        cache = getattr(config, "cache", None)
        config.stash[_READ] = cache.get(CACHE_KEY, {}) if cache else {}
    return config.stash[_READ]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    # The controller hands every worker the timings it read, so that all
    # order alike even if another run rewrites the cache while they collect
    # (xdist stops a run whose workers collected different orders).
    node.workerinput[CACHE_KEY] = _timings(node.config)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    order(items, _timings(config))


def pytest_runtest_logreport(report):
    # Setup, call and teardown; in a parallel run the controller sees every worker's.
    _seconds[report.nodeid] += report.duration


def pytest_sessionfinish(session):
    config = session.config
    cache = getattr(config, "cache", None)
    if cache is None or hasattr(config, "workerinput") or not _seconds:
        return
    timings = dict(cache.get(CACHE_KEY, {}))
    timings.update({nodeid: round(s, 2) for nodeid, s in _seconds.items()})
    cache.set(CACHE_KEY, timings)
