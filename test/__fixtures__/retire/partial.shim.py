"""The legacy manager module.

Kept while the callers move to ``app.canonical``.
"""
from __future__ import annotations

import logging

from app.canonical import (
    Manager,
    Registry,
)

log = logging.getLogger(__name__)


def describe(manager: Manager) -> str:
    return f"manager {manager!r} in {Registry.name}"


__all__ = ["Connection", "OldManager", "describe", "make_manager"]


# canonize retire: deprecation shim: the names below moved; importing them from here still works, with a DeprecationWarning.
_CANONIZE_MOVED = {
    "Connection": ("app.canonical", "Connection"),
    "OldManager": ("app.canonical", "Manager"),
    "_OldManagerImpl": ("app.canonical", "Manager"),
    "make_manager": ("app.canonical", "create_manager"),
}


def __getattr__(name):
    if name not in _CANONIZE_MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    import warnings

    module, new = _CANONIZE_MOVED[name]
    canonical = importlib.import_module(module)
    warnings.warn(
        f"{__name__}.{name} is deprecated: use `from {module} import {new}`",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(canonical, new)
