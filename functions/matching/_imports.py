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
