# Appending to a parenthesised one-name-per-line import whose last name has no trailing comma (LF).
from netra_backend.app.websocket_core.websocket_manager import (
    get_websocket_manager,
    WebSocketConnection,
    WebSocketManager
)

manager = WebSocketManager()
