"""Café client (legacy)."""
from app.canonical import Session

DEFAULT_SESSION = Session()

__all__ = ["Client", "DEFAULT_SESSION"]


# canonize retire: deprecation shim: the names below moved; importing them from here still works, with a DeprecationWarning.
_CANONIZE_MOVED = {
    "Client": ("app.canonical", "Client"),
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
