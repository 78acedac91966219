"""Package re-exports."""
from .websocket_manager import WebSocketManager

__all__ = ["WebSocketManager"]
