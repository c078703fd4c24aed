"""Keep numpy's code generator and test tools out of the matcher's start-up.

``import scipy.sparse`` runs scipy's array-API layer, which copies every
public name of numpy, and so imports ``numpy.f2py`` (the Fortran wrapper
generator), ``numpy.testing`` and ``numpy.ma``: about 0.1 s of a 0.3 s start,
for modules the matcher never uses. They are registered here as lazy modules
(:class:`importlib.util.LazyLoader`, standard library): the name exists, and
the module really loads the first time one of its attributes is read, so
anything that does use them (tests, for one) sees no difference.
"""
from __future__ import annotations

import importlib.util
import sys

DEFERRED = ("numpy.f2py", "numpy.testing", "numpy.ma")


def defer(names=DEFERRED) -> None:
    """Register ``names`` as lazily loaded modules, unless already imported."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)


def sparse_assignment():
    """scipy's ``min_weight_full_bipartite_matching`` (sparse LAPJV), loaded
    without running ``scipy.sparse.csgraph``'s package ``__init__``.

    That ``__init__`` imports every graph routine, and its Laplacian module
    imports ``scipy.sparse.linalg`` and so ``scipy.linalg`` with its LAPACK
    wrappers: ~40 ms of a 0.17 s start, for one function that needs none of
    it. Its submodule is imported under an unexecuted stand-in of the package
    (same spec, same search path), which is removed again at once: a later
    ``import scipy.sparse.csgraph`` runs the real package, which then reuses
    the loaded submodule (the same function object). If anything about this
    fails (say a scipy that moved the function), the plain import is used.
    """
    name = "scipy.sparse.csgraph"
    if name not in sys.modules:
        try:
            spec = importlib.util.find_spec(name)
            stand_in = importlib.util.module_from_spec(spec)
            sys.modules[name] = stand_in
            try:
                module = importlib.import_module(name + "._matching")
            finally:
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
            return module.min_weight_full_bipartite_matching
        except Exception:       # pragma: no cover - depends on scipy's layout
            pass
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    return min_weight_full_bipartite_matching
