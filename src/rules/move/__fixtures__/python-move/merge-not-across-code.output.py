from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

setup()

from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager
