import os
from netra_backend.app.websocket_core import WebSocketManager, MessageRouter

x = WebSocketManager()
