"""The first manager, and the helpers that outlived it."""
import logging
import warnings
from typing import Any

log = logging.getLogger(__name__)


# The old manager: every call warned.
class OldManager:
    def __init__(self, *args: Any) -> None:
        warnings.warn("OldManager is deprecated", DeprecationWarning)


def make_manager():
    """Stays: callers still use it."""
    return OldManager()


class AuditedManager(OldManager):
    """Stays: it subclasses the moved class, which the canonical one stands in for."""
