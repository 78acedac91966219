import json
import sys
import re  # imported for nothing before the cut: left as it is (a re-export, or for its effect)
from typing import Optional
import shutil; import glob

__all__ = ["OldClient", "old_connect", "Config", "json"]


class Config:
    path: Optional[str] = None
    name = "sys"


# canonize retire: deprecation shim: the names below moved; importing them from here still works, with a DeprecationWarning.
_CANONIZE_MOVED = {
    "OldClient": ("app.canonical", "Client"),
    "old_connect": ("app.canonical", "create_manager"),
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
