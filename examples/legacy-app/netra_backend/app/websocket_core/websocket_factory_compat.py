"""Old factory names (phases 1 and 2), kept for the callers that have not moved yet. DEPRECATED."""
from __future__ import annotations

from typing import Any, Optional

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory as _WebSocketManagerFactory,  # phase 2 private name
    create_websocket_manager,
    create_websocket_manager_sync,
)


def websocket_factory(user_context: Optional[Any] = None) -> WebSocketManager:
    """Phase 1 name of the factory."""
    return create_websocket_manager_sync(user_context)


def connection_builder(user_context: Optional[Any] = None) -> WebSocketManager:
    """Phase 2 name of the factory, from the connection-pool experiment."""
    return _WebSocketManagerFactory().create_manager(user_context)


__all__ = ["connection_builder", "create_websocket_manager", "websocket_factory"]
