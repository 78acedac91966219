"""The canonical module of the python-move fixtures (for export verification)."""
from typing import Any

__all__ = ["WebSocketManager", "WebSocketConnection", "get_websocket_manager"]


class WebSocketConnection:
    pass


class WebSocketManager:
    pass


def get_websocket_manager(user_context: Any = None) -> WebSocketManager:
    return WebSocketManager()
