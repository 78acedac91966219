#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Old utilities: everything moved to ``app.utils``."""


# canonize retire: deprecation shim: the names below moved; importing them from here still works, with a DeprecationWarning.
_CANONIZE_MOVED = {
    "old_name": ("app.utils", "new_name"),
}
_CANONIZE_ELSEWHERE = "app.utils"


def __getattr__(name):
    import importlib
    import warnings

    module, new = _CANONIZE_MOVED.get(name, (_CANONIZE_ELSEWHERE, name))
    canonical = importlib.import_module(module)
    if name.startswith("__") or not hasattr(canonical, new):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"{__name__}.{name} is deprecated: use `from {module} import {new}`",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(canonical, new)
