"""The "canonical imports" module of the phase 3 migration.

DEPRECATED: despite its name, nothing here is canonical any more. The single source of truth is
``netra_backend.app.websocket_core.websocket_manager``.
"""
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, get_websocket_manager  # noqa: F401
from netra_backend.app.websocket_core.websocket_manager_factory import (  # noqa: F401
    IsolatedWebSocketManager,
    WebSocketManagerFactory,
    create_websocket_manager,
    create_websocket_manager_sync,
    get_websocket_manager_factory,
)

__all__ = [
    "IsolatedWebSocketManager",
    "WebSocketManager",
    "WebSocketManagerFactory",
    "create_websocket_manager",
    "create_websocket_manager_sync",
    "get_websocket_manager",
    "get_websocket_manager_factory",
]
