from .websocket_manager import WebSocketManager, WebSocketConnection
from .message_router import MessageRouter

shim = WebSocketManager
