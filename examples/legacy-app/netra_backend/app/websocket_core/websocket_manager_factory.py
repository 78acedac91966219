"""WebSocket manager factory (phase 3, "user isolation").

DEPRECATED: every function and class here now delegates to
``netra_backend.app.websocket_core.websocket_manager.get_websocket_manager``. The async signatures are kept
because callers ``await`` them.
"""
from __future__ import annotations

import logging
import threading
import warnings
from typing import Any, Dict, Optional

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager

logger = logging.getLogger(__name__)


def _deprecated(name: str) -> None:
    warnings.warn(
        f"{name} is deprecated; use get_websocket_manager(user_context=...)",
        DeprecationWarning,
        stacklevel=3,
    )


class IsolatedWebSocketManager(WebSocketManager):
    """A manager that refuses to exist without a user context."""

    def __init__(self, user_context: Any) -> None:
        if user_context is None:
            raise ValueError("IsolatedWebSocketManager requires a user_context")
        super().__init__(user_context=user_context)


class WebSocketManagerFactory:
    """Builds managers and counts them per user (the phase 3 resource limit)."""

    def __init__(self, max_managers_per_user: int = 20) -> None:
        self.max_managers_per_user = max_managers_per_user
        self._active: Dict[str, int] = {}
        self._lock = threading.Lock()

    def create_manager(self, user_context: Optional[Any] = None) -> WebSocketManager:
        _deprecated("WebSocketManagerFactory.create_manager")
        return get_websocket_manager(user_context=user_context)

    async def create_isolated_manager(self, user_context: Any) -> IsolatedWebSocketManager:
        _deprecated("WebSocketManagerFactory.create_isolated_manager")
        user_id = getattr(user_context, "user_id", "anonymous")
        with self._lock:
            count = self._active.get(user_id, 0)
            if count >= self.max_managers_per_user:
                raise RuntimeError(f"user {user_id} already has {count} WebSocket managers")
            self._active[user_id] = count + 1
        return IsolatedWebSocketManager(user_context)


# The factory class was private before phase 3.
_WebSocketManagerFactory = WebSocketManagerFactory

_factory_instance: Optional[WebSocketManagerFactory] = None


def get_websocket_manager_factory() -> WebSocketManagerFactory:
    """Return the process-wide factory, creating it on first use."""
    global _factory_instance
    if _factory_instance is None:
        _factory_instance = WebSocketManagerFactory()
    return _factory_instance


async def create_websocket_manager(user_context: Optional[Any] = None) -> WebSocketManager:
    _deprecated("create_websocket_manager")
    return get_websocket_manager(user_context=user_context)


def create_websocket_manager_sync(user_context: Optional[Any] = None) -> WebSocketManager:
    _deprecated("create_websocket_manager_sync")
    return get_websocket_manager(user_context=user_context)


__all__ = [
    "IsolatedWebSocketManager",
    "WebSocketManagerFactory",
    "create_websocket_manager",
    "create_websocket_manager_sync",
    "get_websocket_manager_factory",
]
