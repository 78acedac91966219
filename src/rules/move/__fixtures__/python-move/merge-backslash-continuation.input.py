# Appending to an import continued with a backslash (no parentheses): the name joins the last line.
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager, \
    WebSocketConnection
from netra_backend.app.websocket_core.manager import WebSocketManager

manager = WebSocketManager()
