"""Modules that load on first use, so that ``netan --help`` and ``netan query`` start fast.

pandas, numpy, networkx and scipy take most of a second to import; a query on the
embedded store needs none of them. A module that uses them only inside its
functions binds them with :func:`lazy_module` instead of ``import``::

    pd = lazy_module("pandas")      # nothing imported yet
    pd.DataFrame(...)               # pandas is imported here, once

It is importlib's :class:`~importlib.util.LazyLoader`: the module object is made at
once and put in ``sys.modules``; its code runs the first time one of its
attributes is read. A later ``import pandas`` anywhere gets the same module.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, imported now if it already is, else on first attribute use."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
