"""WebSocket core package.

The manager names are re-exported here for backwards compatibility only: new code imports them from
``netra_backend.app.websocket_core.websocket_manager``. The message router and ``broadcast`` belong here.
"""
from netra_backend.app.websocket_core.message_router import MessageRouter, broadcast
from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketConnection,
    WebSocketManager,
    get_websocket_manager,
)

__all__ = [
    "MessageRouter",
    "WebSocketConnection",
    "WebSocketManager",
    "broadcast",
    "get_websocket_manager",
]
