# Appending to a parenthesised one-name-per-line import whose last name has no trailing comma (CRLF, aliases).
from netra_backend.app.websocket_core.websocket_manager import (
    get_websocket_manager as get_manager,
    WebSocketConnection as Connection,
    WebSocketManager as Manager
)

manager = Manager()
