from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager
from netra_backend.app.websocket_core.manager import WebSocketManager

m: WebSocketManager = get_websocket_manager()
