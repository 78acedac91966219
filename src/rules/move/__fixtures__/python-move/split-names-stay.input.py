from netra_backend.app.websocket_core import WebSocketManager, MessageRouter
from netra_backend.app.websocket_core import MessageRouter, WebSocketManager
