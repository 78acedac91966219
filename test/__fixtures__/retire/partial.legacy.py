"""The legacy manager module.

Kept while the callers move to ``app.canonical``.
"""
from __future__ import annotations

import logging
from typing import Any

from app.canonical import (
    Connection,  # re-exported for old callers
    Manager,
    Registry,
)

log = logging.getLogger(__name__)


class OldManager(Manager):
    """The phase 1 name."""

    def legacy_call(self) -> Any:
        return None


# Some callers imported the implementation class directly.
_OldManagerImpl = OldManager


def make_manager() -> OldManager:
    return OldManager()


def describe(manager: Manager) -> str:
    return f"manager {manager!r} in {Registry.name}"


__all__ = ["Connection", "OldManager", "describe", "make_manager"]
