"""The first manager, and the helpers that outlived it."""
import logging

log = logging.getLogger(__name__)


from app.canonical import Manager as OldManager


def make_manager():
    """Stays: callers still use it."""
    return OldManager()


class AuditedManager(OldManager):
    """Stays: it subclasses the moved class, which the canonical one stands in for."""


# canonize retire: deprecation shim: the names below moved; importing them from here still works, with a DeprecationWarning.
_CANONIZE_MOVED = {
    "OldManager": ("app.canonical", "Manager"),
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
