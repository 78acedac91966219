"""Package re-exports."""
from .manager import WebSocketManager

__all__ = ["WebSocketManager"]
